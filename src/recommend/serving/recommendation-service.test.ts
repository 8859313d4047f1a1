import { describe, expect, it } from 'vitest';
import type { OrderWithLines, ProductRecord } from '../../commerce/ports.js';
import type { EventRecord } from '../../ingest/event-types.js';
import { touchOf } from '../../ingest/event-touches.js';
import type { ModelVersion } from '../../models/ports.js';
import { fixedClock } from '../../shared/index.js';
import { sparseRows, type RecommenderArtifact } from './artifact.js';
import { createRecommendationService, type RecommendationServiceDeps } from './recommendation-service.js';
import { defaultRecommendRules } from './rules-config.js';
import { buildMatrix, transpose } from '../matrix.js';
import { itemNeighbours } from '../item-knn.js';

// Six products bought in pairs (p0+p1, p2+p3, p4+p5) by nine customers: a tiny item-kNN recommender, served over
// in-memory fakes of the stores.
const items = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
const pairs = [0, 0, 0, 2, 2, 2, 4, 4, 4];
const matrix = buildMatrix(
  9,
  6,
  pairs.flatMap((_, u) => [u, u]),
  pairs.flatMap((i) => [i, i + 1]),
);
const artifact: RecommenderArtifact = {
  format: 'rapport.recommender/1',
  items,
  popularity: [3, 3, 3, 3, 3, 3],
  similar: sparseRows(itemNeighbours(matrix, { neighbours: 5 })),
  parts: [
    { kind: 'itemknn', weight: 1, rows: sparseRows(transpose(itemNeighbours(matrix, { neighbours: 5 }))) },
  ],
};
const T0 = Date.UTC(2026, 5, 1);

function product(id: string, price = 10): ProductRecord {
  return {
    id,
    name: `Product ${id}`,
    description: null,
    category: 'c',
    price,
    currency: 'EUR',
    stock: 5,
    attributes: {},
    createdAt: 0,
    updatedAt: 0,
  };
}

function order(id: string, customerId: string, productId: string): OrderWithLines {
  return {
    id,
    customerId,
    kind: 'order',
    placedAt: T0 - 1000,
    currency: 'EUR',
    country: null,
    total: 10,
    discount: 0,
    channel: null,
    source: 'test',
    lines: [{ orderId: id, lineNo: 1, productId, description: null, quantity: 1, unitPrice: 10 }],
  };
}

function setup(over: Partial<RecommendationServiceDeps> = {}, options = {}) {
  const clock = fixedClock(T0);
  const state = {
    products: items.map((id) => product(id)),
    orders: [order('o1', 'cus_a', 'p0')],
    productReads: 0,
    events: [] as EventRecord[],
    /** While set, reading orders waits for it (to hold a request mid-computation). */
    gate: null as Promise<void> | null,
    version: 'mdl_1',
  };
  const deps: RecommendationServiceDeps = {
    activeModel: async () => ({
      model: {
        id: state.version,
        name: 'recommendations',
        version: Number(state.version.slice(4)),
        modelType: 'itemknn',
        dataWindow: { from: 0, to: T0 - 500, asOf: T0 - 500 },
      } as ModelVersion,
      artifact,
    }),
    activeVersionId: async () => state.version,
    products: async ({ afterId }) => {
      state.productReads++;
      return afterId === undefined ? state.products : [];
    },
    customer: async (id) =>
      id === 'a' || id === 'cus_a' || id === 'anon-a'
        ? { customerId: 'cus_a', userId: 'a', favouriteCategory: null }
        : null,
    identifiers: async () => ({ userIds: ['a'], anonymousIds: [] }),
    personalizationAllowed: async () => true,
    orders: async ({ customerId }) => {
      if (state.gate) await state.gate;
      return state.orders.filter((o) => o.customerId === customerId);
    },
    events: async ({ userId, anonymousId, since }) =>
      state.events.filter(
        (e) =>
          e.timestamp >= since &&
          ((userId !== undefined && e.userId === userId) ||
            (anonymousId !== undefined && e.anonymousId === anonymousId)),
      ),
    rules: defaultRecommendRules,
    clock,
    ...over,
  };
  return { service: createRecommendationService(deps, options), state, clock };
}

/** The registry's answer when `served` is the active recommender's artifact. */
const serving = (served: RecommenderArtifact) => async () => ({
  model: {
    id: 'mdl_1',
    name: 'recommendations',
    version: 1,
    modelType: 'itemknn',
    dataWindow: { from: 0, to: T0 - 500, asOf: T0 - 500 },
  } as ModelVersion,
  artifact: served,
});

describe('createRecommendationService', () => {
  it('recommends what is bought with the customer’s purchases, with the reason', async () => {
    const { service } = setup();
    const list = await service.recommend('a', { k: '1', exclude: 'purchased' });
    expect(list.items).toEqual([
      expect.objectContaining({
        id: 'p1',
        reason: { code: 'because_you_bought', text: 'Because you bought Product p0', itemId: 'p0' },
      }),
    ]);
    expect(list.history).toEqual([expect.objectContaining({ id: 'p0', bought: 1, looked: 0 })]);
  });

  it('counts recent views from before training, but not purchase events the orders already hold', async () => {
    const { service, state } = setup();
    const event = (messageId: string, name: string, properties: object, daysAgo: number) =>
      ({
        id: messageId,
        messageId,
        type: 'track',
        event: name,
        userId: 'a',
        anonymousId: null,
        timestamp: T0 - daysAgo * 86_400_000,
        properties,
      }) as unknown as EventRecord;
    state.events = [
      event('v1', 'Product Viewed', { product_id: 'p4' }, 5),
      event('v2', 'Product Viewed', { product_id: 'p2' }, 45),
      event('b1', 'Order Completed', { order_id: 'x', products: [{ product_id: 'p3' }] }, 2),
    ];
    const list = await service.recommend('a', { k: '2', exclude: 'purchased' });
    // Most recent first: the order (a second ago), the view 5 days ago; not the view 45 days ago, nor the purchase
    // event from before the training end (its order is the one the model saw).
    expect(list.history.map((h) => [h.id, h.bought, h.looked])).toEqual([
      ['p0', 1, 0],
      ['p4', 0, 1],
    ]);
    expect(list.items.map((i) => i.id)).toContain('p5');
  });

  it('places a product added after training beside the known item it is described like', async () => {
    const { service, state } = setup();
    state.products = [
      ...items.map((id) => (id === 'p1' ? { ...product(id), name: 'Blue ceramic teapot' } : product(id))),
      { ...product('p9'), name: 'Green ceramic teapot', createdAt: T0 - 100, updatedAt: T0 - 100 },
    ];
    const list = await service.recommend('a', { k: '2', exclude: 'purchased' });
    // a bought p0, so item-kNN scores p1 (bought with p0); p9 is new and like p1, and comes next.
    expect(list.items.map((i) => i.id)).toEqual(['p1', 'p9']);
    expect(list.items[1]?.reason).toEqual({
      code: 'resembles',
      text: 'New, and like Blue ceramic teapot',
      itemId: 'p1',
    });
    expect(list.items[1]!.score).toBeLessThan(list.items[0]!.score);
    const similar = await service.similar('p9', { k: '2' });
    expect(similar.items[0]).toEqual(expect.objectContaining({ id: 'p1', basis: 'content' }));
    expect(similar.items[1]).toEqual(expect.objectContaining({ basis: 'same_category' }));
    await expect(service.similar('p10', {})).rejects.toMatchObject({ code: 'item_not_found' });
  });

  it('gives a customer without history what is popular in their segment, and others the shop’s popular items', async () => {
    const segmented = {
      ...artifact,
      segments: {
        prior: [0, 0, 0, 0, 0, 0],
        shrinkage: 20,
        list: [
          { id: 'seg_tea', name: 'Tea lovers', buyers: 30, items: [4, 5], counts: [1, 9] },
          { id: 'seg_small', name: 'Few', buyers: 20, items: [3], counts: [9] },
        ],
      },
    };
    const newcomer = { customerId: 'cus_n', userId: 'n', favouriteCategory: null };
    const { service } = setup({
      activeModel: serving(segmented),
      customer: async (id) =>
        id === 'n' ? newcomer : id === 'm' ? { ...newcomer, customerId: 'cus_m' } : null,
      orders: async () => [],
      segmentsOf: async (customerId) => (customerId === 'cus_n' ? ['seg_other', 'seg_small', 'seg_tea'] : []),
    });
    const list = await service.recommend('n', { k: '2' });
    expect(list.strategy).toBe('new_customer');
    // Of the two kept segments it is in, the more specific one (fewer buyers); the segment's name is not shown.
    expect(list.items[0]?.id).toBe('p3');
    expect(list.items[0]?.reason).toEqual({
      code: 'popular_in_your_segment',
      text: 'Popular with customers like you',
    });
    const outsider = await service.recommend('m', { k: '1' });
    expect(outsider.items[0]?.reason.code).toBe('popular');
  });

  it('never reads the segments of a customer without consent to personalization', async () => {
    const asked: string[] = [];
    const { service } = setup({
      activeModel: serving({
        ...artifact,
        segments: {
          prior: [0, 0, 0, 0, 0, 0],
          shrinkage: 20,
          list: [{ id: 'seg_1', name: 'One', buyers: 25, items: [5], counts: [9] }],
        },
      }),
      orders: async () => [],
      personalizationAllowed: async () => false,
      segmentsOf: async (customerId) => {
        asked.push(customerId);
        return ['seg_1'];
      },
    });
    const list = await service.recommend('a', { k: '1' });
    expect(list.strategy).toBe('not_personalized');
    expect(list.items[0]?.reason.code).toBe('popular');
    expect(asked).toEqual([]);
  });

  it('never lists banned items as similar ones', async () => {
    const { service } = setup({ rules: { ...defaultRecommendRules, banned: ['p1'] } });
    const similar = await service.similar('p0', { k: '3' });
    expect(similar.items.map((i) => i.id)).not.toContain('p1');
    expect(similar.items).toHaveLength(3);
  });

  it('does not cache with a TTL of 0, and keeps the cache bounded', async () => {
    const off = setup({}, { cacheTtlMs: 0 }).service;
    await off.recommend('a', {});
    expect((await off.recommend('a', {})).cached).toBe(false);
    expect(off.stats().cached).toBe(0);

    const small = setup({}, { cacheEntries: 3 }).service;
    for (let k = 1; k <= 6; k++) await small.recommend('a', { k: String(k) });
    expect(small.stats().cached).toBe(3);
    expect((await small.recommend('a', { k: '6' })).cached).toBe(true);
    expect((await small.recommend('a', { k: '1' })).cached).toBe(false);
  });

  it('keys lists by the id asked with: an anonymousId not linked yet has its own history', async () => {
    const { service } = setup();
    await service.recommend('a', {});
    expect((await service.recommend('anon-a', {})).cached).toBe(false);
    expect((await service.recommend('a', {})).cached).toBe(true);
  });

  it('drops a customer’s lists when their events arrive, and folds the events in', async () => {
    const { service } = setup();
    const before = await service.recommend('a', { k: '1', exclude: 'purchased' });
    expect(before.items[0]?.id).toBe('p1');
    const view = (n: number): EventRecord =>
      ({
        id: `e${n}`,
        messageId: `m${n}`,
        type: 'track',
        event: 'Product Viewed',
        userId: 'a',
        anonymousId: null,
        timestamp: T0,
        properties: { product_id: 'p4' },
      }) as unknown as EventRecord;
    service.observe([view(1), view(2), view(3), view(4), view(5)].map(touchOf));
    const after = await service.recommend('a', { k: '2', exclude: 'purchased' });
    expect(after.cached).toBe(false);
    expect(after.items.map((i) => i.id)).toContain('p5');
    expect(service.stats().invalidated).toBeGreaterThanOrEqual(1);
  });

  it('refreshes prices in place; a list computed across a model reload is not cached', async () => {
    const { service, state, clock } = setup({}, { catalogueTtlMs: 1_000, modelCheckMs: 1_000 });
    await service.recommend('a', {});
    state.products = items.map((id) => product(id, 99));
    clock.advance(2_000);
    expect((await service.recommend('a', { k: '2' })).items[0]?.price).toBe(99);
    // Lists cached before the refresh keep their prices until their TTL.
    expect((await service.recommend('a', {})).cached).toBe(true);

    let release: () => void = () => {};
    state.gate = new Promise<void>((resolve) => (release = resolve));
    const pending = service.recommend('a', { k: '3' });
    await new Promise((r) => setTimeout(r, 10));
    state.gate = null;
    state.version = 'mdl_2';
    clock.advance(2_000);
    expect((await service.recommend('a', { k: '4' })).model.version).toBe(2);
    release();
    expect((await pending).model.version).toBe(1);
    const again = await service.recommend('a', { k: '3' });
    expect(again.cached).toBe(false);
    expect(again.model.version).toBe(2);
    // The new version's load emptied the cache.
    expect((await service.recommend('a', {})).cached).toBe(false);
  });

  it('drops lists when consent changes, and does not cache while an event’s consent is being recorded', async () => {
    const { service, clock } = setup();
    await service.recommend('a', {});
    expect((await service.recommend('a', {})).cached).toBe(true);
    service.forgetCustomer('cus_a');
    expect((await service.recommend('a', {})).cached).toBe(false);

    service.observe(
      [
        {
          id: 'e1',
          messageId: 'c1',
          type: 'identify',
          event: null,
          userId: 'a',
          anonymousId: null,
          timestamp: T0,
          properties: {},
          context: { consent: { categoryPreferences: { personalization: false } } },
        } as unknown as EventRecord,
      ].map(touchOf),
    );
    await service.recommend('a', {});
    expect((await service.recommend('a', {})).cached).toBe(false);
    clock.advance(11_000);
    await service.recommend('a', {});
    expect((await service.recommend('a', {})).cached).toBe(true);
  });

  it('answers 503 recommender_not_trained without an active version, 404 for unknown customers and items', async () => {
    const none = setup({
      activeModel: async () => {
        const { AppError } = await import('../../shared/index.js');
        throw new AppError('model_not_found');
      },
    }).service;
    await expect(none.recommend('a', {})).rejects.toMatchObject({ code: 'recommender_not_trained' });
    const { service } = setup();
    await expect(service.recommend('nobody', {})).rejects.toMatchObject({ code: 'profile_not_found' });
    await expect(service.similar('nope', {})).rejects.toMatchObject({ code: 'item_not_found' });
    await expect(service.similar('p0', { k: '0' })).rejects.toMatchObject({ code: 'invalid_query' });
    await expect(service.similar('p0', { n: '3' })).rejects.toMatchObject({ code: 'invalid_query' });
  });
});
