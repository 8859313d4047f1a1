import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersionHeader, NewModelVersion } from '../models/ports.js';
import { promotionChanges, registrationChanges } from '../models/promotion-rule.js';
import type { ModelScore, ScoreStore } from '../scores/ports.js';
import { newId } from '../shared/index.js';
import type { ModelTestDatabase } from './model-store.contract.js';
import { createSqlScoreStore } from './sql/sql-score-store.js';

const T0 = Date.UTC(2026, 5, 1);
const HOSTILE = `c'); DELETE FROM model_scores; -- "q" \\ ünï 💥`;

function version(name: string, auc: number, asOf = T0): NewModelVersion {
  return {
    id: newId('mdl', asOf),
    name,
    modelType: 'logistic_regression',
    dataWindow: { from: asOf - 60 * 86_400_000, to: asOf, asOf },
    features: ['orders_90d'],
    preprocessing: {},
    seed: 0,
    params: {},
    metrics: { roc_auc: auc },
    primaryMetric: { name: 'roc_auc', higherIsBetter: true },
    trainingSeconds: 0.1,
    codeVersion: 'test',
    artifact: {},
    createdAt: asOf,
  };
}

const score = (customerId: string, value: number, feature = 'orders_90d'): ModelScore => ({
  customerId,
  value,
  detail: { contributions: [{ feature, value: 3, contribution: 0.25 }] },
});

/** The behaviour every ScoreStore adapter must show, over the model store of the same database. */
export function runScoreStoreContract(name: string, open: () => Promise<ModelTestDatabase>): void {
  describe(`score store contract: ${name}`, () => {
    let t: ModelTestDatabase;
    let scores: ScoreStore;
    beforeAll(async () => {
      t = await open();
      scores = createSqlScoreStore(t.db);
    });
    afterAll(async () => t?.close());

    const register = async (model: string, auc: number, asOf = T0) =>
      (
        await t.models.register(
          version(model, auc, asOf),
          (created: ModelVersionHeader, versions: readonly ModelVersionHeader[]) =>
            registrationChanges(created, versions, 0.001),
          { actor: 'pipeline', at: asOf },
        )
      ).model;

    it('serves the active version scores, with their explanation and provenance', async () => {
      const v1 = await register('propensity_30d', 0.7);
      expect(await scores.write(v1.id, [score('c1', 0.2), score('c2', 0.9), score(HOSTILE, 0.5)])).toBe(3);
      expect(await scores.count(v1.id)).toBe(3);
      expect(await scores.activeFor('c2')).toEqual([
        {
          name: 'propensity_30d',
          modelId: v1.id,
          version: 1,
          asOf: T0,
          customerId: 'c2',
          value: 0.9,
          detail: { contributions: [{ feature: 'orders_90d', value: 3, contribution: 0.25 }] },
        },
      ]);
      expect((await scores.activeFor(HOSTILE))[0]?.value).toBe(0.5);
      expect(await scores.activeFor('nobody')).toEqual([]);
    });

    it('replaces a version scores on a second write, the last of duplicate customers winning', async () => {
      const v = (await t.models.active('propensity_30d'))!;
      expect(await scores.write(v.id, [score('c1', 0.3), score('c1', 0.4), score('c3', 0.1)])).toBe(2);
      expect(await scores.count(v.id)).toBe(2);
      expect(await scores.activeValues(['c1', 'c2', 'c3'])).toEqual(
        new Map([
          ['c1', { propensity_30d: 0.4 }],
          ['c3', { propensity_30d: 0.1 }],
        ]),
      );
    });

    it('keeps a candidate scores out of sight until it is promoted, then switches every customer at once', async () => {
      const v2 = await register('propensity_30d', 0.65, T0 + 86_400_000);
      expect(v2.status).toBe('candidate');
      await scores.write(v2.id, [score('c1', 0.99), score('c4', 0.5)]);
      expect((await scores.activeFor('c1'))[0]).toMatchObject({ version: 1, value: 0.4 });
      expect(await scores.activeFor('c4')).toEqual([]);
      await t.models.transition('propensity_30d', (vs) => promotionChanges('propensity_30d', 2, vs), {
        actor: 'cli',
        at: T0 + 2 * 86_400_000,
      });
      expect((await scores.activeFor('c1'))[0]).toMatchObject({ version: 2, value: 0.99 });
      expect(await scores.activeValues(['c3', 'c4'])).toEqual(new Map([['c4', { propensity_30d: 0.5 }]]));
    });

    it('lists one score per model name', async () => {
      const churn = await register('churn_60d', 0.7);
      await scores.write(churn.id, [score('c1', 0.05, 'recency_days')]);
      expect((await scores.activeFor('c1')).map((s) => [s.name, s.value])).toEqual([
        ['churn_60d', 0.05],
        ['propensity_30d', 0.99],
      ]);
      expect((await scores.activeValues(['c1'])).get('c1')).toEqual({
        churn_60d: 0.05,
        propensity_30d: 0.99,
      });
    });

    it('prunes old versions but never the active one', async () => {
      const v3 = await register('propensity_30d', 0.5, T0 + 3 * 86_400_000);
      await scores.write(v3.id, [score('c9', 0.1)]);
      const [v1] = (await t.models.list()).filter((v) => v.name === 'propensity_30d' && v.version === 1);
      // Newest first: v3 (candidate), v2 (active), v1 (retired). Keeping 1 drops v1 only.
      expect(await scores.prune('propensity_30d', 1)).toBe(2);
      expect(await scores.count(v1!.id)).toBe(0);
      expect(await scores.count(v3.id)).toBe(1);
      expect((await scores.activeFor('c1')).find((s) => s.name === 'propensity_30d')?.version).toBe(2);
      expect(await scores.prune('propensity_30d', 0)).toBe(1); // v3; v2 is active
      expect((await scores.activeFor('c4'))[0]?.value).toBe(0.5);
    });

    it('refuses a non-finite score and writes nothing of that batch', async () => {
      const v = (await t.models.active('churn_60d'))!;
      await expect(scores.write(v.id, [score('c7', 0.2), score('c8', Number.NaN)])).rejects.toThrow(
        /not a finite number/,
      );
      expect(await scores.count(v.id)).toBe(1);
    });
  });
}
