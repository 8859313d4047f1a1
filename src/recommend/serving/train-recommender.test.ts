import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/index.js';
import { parseRecommenderArtifact } from './artifact.js';
import { createScorer } from './scorer.js';
import { shopDeps, shopOrders, testShop } from './test-shop.js';
import { recommenderCandidate, trainRecommender } from './train-recommender.js';

const shop = testShop();

describe('trainRecommender', () => {
  it('compares the models on a time-split holdout and serves the best by validation NDCG', async () => {
    const trained = await trainRecommender(shopDeps(shop), { seed: 's1' });
    const by = Object.fromEntries(trained.comparison.map((c) => [c.model, c]));
    expect(Object.keys(by).sort()).toEqual(['als', 'blend', 'ease', 'itemknn', 'pop', 'repeat']);
    // The served model is the validation winner, and personal models beat popularity on the holdout.
    const best = Math.max(...trained.comparison.map((c) => c.validationNdcg));
    expect(by[trained.chosen]?.validationNdcg).toBe(best);
    expect(by[trained.chosen]?.ndcg).toBeGreaterThan((by.pop?.ndcg ?? 1) * 1.2);
    expect(trained.holdoutUsers).toBeGreaterThan(20);
    // The holdout is the last 30 days before the end of the data.
    expect(trained.window.asOf - trained.window.holdoutFrom).toBe(30 * 86_400_000);
    // The catalogue covers every product, ordered or not.
    expect(trained.artifact.items.length).toBe(new Set(shop.products.map((p) => p.id)).size);

    const candidate = recommenderCandidate(trained, 's1');
    expect(candidate.primaryMetric).toEqual({ name: 'ndcg_at_10', higherIsBetter: true });
    expect(candidate.metrics.ndcg_at_10).toBe(by[trained.chosen]?.ndcg);
    // The artifact survives JSON and serves: a customer's own purchases and their co-purchases rank high.
    const artifact = parseRecommenderArtifact(JSON.parse(JSON.stringify(trained.artifact)));
    const scorer = createScorer(artifact);
    const orders = shopOrders(shop).filter((o) => o.kind === 'order');
    const someone = orders[orders.length - 1]?.customerId as string;
    const bought = new Set(
      orders.filter((o) => o.customerId === someone).flatMap((o) => o.lines.map((l) => l.productId)),
    );
    const history = [...bought].map((id) => ({
      index: scorer.indexOf(id) as number,
      bought: 1,
      interest: 1,
    }));
    const { scores } = scorer.score(history);
    const popular = scorer.score([]).scores;
    expect(Array.from(scores)).not.toEqual(Array.from(popular));
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);
  }, 60_000);

  it('keeps popularity per segment for the segments with enough buyers', async () => {
    const orders = shopOrders(shop).filter((o) => o.kind === 'order');
    const buyersOf = (category: string) => [
      ...new Set(
        orders
          .filter((o) =>
            o.lines.some((l) => shop.products.find((p) => p.id === l.productId)?.category === category),
          )
          .map((o) => o.customerId as string),
      ),
    ];
    const categories = [...new Set(shop.products.map((p) => p.category))];
    const big = categories
      .map((c) => ({ c, members: buyersOf(c) }))
      .sort((a, b) => b.members.length - a.members.length)[0]!;
    const trained = await trainRecommender(
      {
        ...shopDeps(shop),
        segments: async () => [
          { id: 'seg_big', name: `${big.c} buyers`, members: big.members },
          { id: 'seg_tiny', name: 'Tiny', members: big.members.slice(0, 5) },
        ],
      },
      { seed: 's1', models: ['pop'] },
    );
    const artifact = parseRecommenderArtifact(JSON.parse(JSON.stringify(trained.artifact)));
    expect(artifact.segments?.list.map((g) => g.id)).toEqual(['seg_big']); // 5 buyers are too few
    const segment = artifact.segments!.list[0]!;
    expect(segment.buyers).toBeGreaterThanOrEqual(20);
    // Served: the segment's favourite category fills more of its top 10 than of the shop's.
    const scorer = createScorer(artifact);
    const top = (scores: ArrayLike<number>) =>
      Array.from(scores)
        .map((v, i) => ({ v, i }))
        .sort((a, b) => b.v - a.v || a.i - b.i)
        .slice(0, 10)
        .filter(({ i }) => shop.products.find((p) => p.id === artifact.items[i])?.category === big.c).length;
    const served = scorer.segments.get('seg_big')!;
    expect(served.name).toBe(`${big.c} buyers`);
    expect(top(served.popularity)).toBeGreaterThan(top(artifact.popularity));
    const broken = (list: unknown) => () =>
      parseRecommenderArtifact({ ...artifact, segments: { ...artifact.segments, list } });
    expect(broken([{ ...segment, items: [artifact.items.length], counts: [1] }])).toThrow(
      expect.objectContaining({ code: 'invalid_model_artifact' }),
    );
    expect(broken([{ ...segment, counts: [] }])).toThrow(
      expect.objectContaining({ code: 'invalid_model_artifact' }),
    );
  }, 60_000);

  it('says why it cannot train: no orders, or no holdout', async () => {
    const empty = { ...shopDeps(shop), source: { orders: async function* () {}, products: async () => [] } };
    await expect(trainRecommender(empty, { seed: 's' })).rejects.toMatchObject({
      code: 'invalid_training_data',
    });
    // Everything before the first order: no customer has orders both before and in the holdout.
    const early = Date.parse(shop.orderLines[0]?.placed_at as string) + 86_400_000;
    const error = await trainRecommender(shopDeps(shop), { seed: 's', asOf: early }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_training_data');
  });
});
