import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite } from '../adapters/index.js';
import type { Database } from '../adapters/sql/schema.js';
import { createSqlModelStore } from '../adapters/sql/sql-model-store.js';
import { DEFAULT_PROMOTION_MARGIN, loadConfig } from '../config/index.js';
import { fixedClock } from '../shared/index.js';
import { createModelRegistry, type ModelRegistry } from './model-registry.js';

const T0 = Date.UTC(2026, 3, 1);

function trained(name: string, metrics: Record<string, number>, overrides: Record<string, unknown> = {}) {
  return {
    name,
    modelType: 'gbdt',
    dataWindow: { from: T0 - 60 * 86_400_000, to: T0, asOf: T0 },
    features: ['recency_days', 'orders_90d'],
    preprocessing: { bins: [[0, 1, 2]] },
    seed: 7,
    params: { trees: 50, depth: 4 },
    metrics,
    primaryMetric: { name: 'auc', higherIsBetter: true },
    trainingSeconds: 3.5,
    artifact: { trees: [{ split: 0, left: 0.1, right: -0.1 }] },
    ...overrides,
  };
}

async function errorOf(
  promise: Promise<unknown>,
): Promise<{ code?: string; message?: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string };
  }
  throw new Error('expected a rejection');
}

describe('model registry', () => {
  let db: Kysely<Database>;
  let models: ModelRegistry;
  const clock = fixedClock(T0);

  beforeEach(async () => {
    clock.set(T0);
    db = openSqlite({ file: ':memory:', synchronous: 'normal' });
    await migrateToLatest(db, 'sqlite');
    models = createModelRegistry({
      store: createSqlModelStore(db),
      clock,
      margin: 0.001,
      codeVersion: '0.1.0+feed',
    });
  });
  afterEach(async () => db.destroy());

  it('runs beforeDecision with the new id before the version exists, and onAbort when registering fails', async () => {
    const seen: { id: string; existed: boolean }[] = [];
    const aborted: string[] = [];
    const hooks = {
      beforeDecision: async (id: string) => {
        seen.push({
          id,
          existed: (await db.selectFrom('models').select('id').where('id', '=', id).execute()).length > 0,
        });
      },
      onAbort: async (id: string) => {
        aborted.push(id);
      },
    };
    const ok = await models.register(trained('churn_60d', { auc: 0.7 }), hooks);
    expect(seen).toEqual([{ id: ok.model.id, existed: false }]);
    expect(aborted).toEqual([]);

    // The store refuses the artifact (not JSON): the id handed to beforeDecision is handed to onAbort.
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(
      models.register(trained('churn_60d', { auc: 0.8 }, { artifact: cyclic }), hooks),
    ).rejects.toMatchObject({ code: 'invalid_request' });
    expect(seen).toHaveLength(1); // refused before any id was handed out
    const failing = {
      ...hooks,
      beforeDecision: async (id: string) => {
        seen.push({ id, existed: false });
        throw new Error('scores could not be stored');
      },
    };
    await expect(models.register(trained('churn_60d', { auc: 0.8 }), failing)).rejects.toThrow(/scores/);
    expect(aborted).toEqual([seen[1]?.id]);
    expect((await models.list())[0]?.versions).toHaveLength(1);
  });

  it('promotes the first version and records who decided, when, and the code version', async () => {
    const first = await models.register(trained('churn_60d', { auc: 0.7 }));
    expect(first).toMatchObject({ promoted: true, reason: 'first version' });
    expect(first.model).toMatchObject({
      version: 1,
      status: 'active',
      codeVersion: '0.1.0+feed',
      createdAt: T0,
    });
    expect(first.events).toEqual([
      expect.objectContaining({ from: null, to: 'active', actor: 'pipeline', at: T0 }),
    ]);
    const own = await models.register(trained('clv_90d', { auc: 0.6 }, { codeVersion: '9.9.9' }));
    expect(own.model.codeVersion).toBe('9.9.9');
  });

  it('keeps a version better by less than the margin as a candidate, with both values and the margin', async () => {
    await models.register(trained('churn_60d', { auc: 0.8 }));
    clock.advance(1_000);
    const kept = await models.register(trained('churn_60d', { auc: 0.8005 }));
    expect(kept).toMatchObject({
      promoted: false,
      reason: 'auc 0.8005 vs 0.8 of active v1: better by 0.0005, below the margin 0.001',
    });
    expect(kept.model.status).toBe('candidate');
    expect((await models.active('churn_60d')).model.version).toBe(1);
    expect(await models.history('churn_60d', 2)).toEqual([
      expect.objectContaining({ version: 2, from: null, to: 'candidate', reason: kept.reason }),
    ]);
  });

  it('promotes a version better by the margin and retires the active one; the artifact follows', async () => {
    await models.register(trained('churn_60d', { auc: 0.8 }));
    const won = await models.register(
      trained('churn_60d', { auc: 0.82 }, { artifact: { trees: [], note: 'v2' } }),
    );
    expect(won).toMatchObject({
      promoted: true,
      reason: expect.stringMatching(/better by 0.02, at least the margin/),
    });
    expect((await models.getVersion('churn_60d', 1)).status).toBe('retired');
    expect(await models.active('churn_60d')).toEqual({
      model: expect.objectContaining({ version: 2 }),
      artifact: { trees: [], note: 'v2' },
    });
  });

  it('compares lower-is-better metrics the other way, and takes a per-call margin', async () => {
    const logLoss = { primaryMetric: { name: 'log_loss', higherIsBetter: false } };
    await models.register(trained('propensity_30d', { auc: 0.7, log_loss: 0.5 }, logLoss));
    const worse = await models.register(trained('propensity_30d', { auc: 0.9, log_loss: 0.52 }, logLoss));
    expect(worse).toMatchObject({
      promoted: false,
      reason: expect.stringMatching(/\(lower is better\): worse by 0.02/),
    });
    const better = await models.register(trained('propensity_30d', { auc: 0.6, log_loss: 0.45 }, logLoss), {
      margin: 0.1,
    });
    expect(better).toMatchObject({ promoted: false, reason: expect.stringMatching(/below the margin 0.1$/) });
    const best = await models.register(trained('propensity_30d', { auc: 0.6, log_loss: 0.45 }, logLoss));
    expect(best.promoted).toBe(true);
  });

  it('rolls back to the previously active version, then the one before, then refuses', async () => {
    await models.register(trained('churn_60d', { auc: 0.7 }));
    await models.register(trained('churn_60d', { auc: 0.75 }));
    await models.register(trained('churn_60d', { auc: 0.74 })); // stays a candidate
    await models.register(trained('churn_60d', { auc: 0.8 }));
    clock.advance(60_000);
    const back = await models.rollback('churn_60d', undefined, 'cli');
    expect([back.from.version, back.from.status, back.to.version, back.to.status]).toEqual([
      4,
      'retired',
      2,
      'active',
    ]);
    expect(back.events.map((e) => [e.version, e.from, e.to, e.reason, e.actor, e.at])).toEqual([
      [4, 'active', 'retired', 'rolled back to v2', 'cli', T0 + 60_000],
      [2, 'retired', 'active', 'rollback from v4', 'cli', T0 + 60_000],
    ]);
    expect((await models.rollback('churn_60d', undefined, 'api')).to.version).toBe(1);
    const none = await errorOf(models.rollback('churn_60d', undefined, 'cli'));
    expect(none).toMatchObject({ code: 'model_rollback_unavailable' });
    expect((await models.active('churn_60d')).model.version).toBe(1);
    // A rolled-back-from version can be put live again by a manual promotion.
    const again = await models.promote('churn_60d', 4, 'cli');
    expect(again.model).toMatchObject({ status: 'active', statusReason: 'manual' });
    const history = await models.history('churn_60d');
    expect(history.filter((e) => e.to === 'active').map((e) => e.version)).toEqual([1, 2, 4, 2, 1, 4]);
  });

  it('rolls back to a named earlier version, and refuses later or unknown ones', async () => {
    await models.register(trained('churn_60d', { auc: 0.7 }));
    await models.register(trained('churn_60d', { auc: 0.6 }));
    await models.register(trained('churn_60d', { auc: 0.8 }));
    expect((await models.rollback('churn_60d', 2, 'cli')).to).toMatchObject({ version: 2, status: 'active' });
    expect(await errorOf(models.rollback('churn_60d', 3, 'cli'))).toMatchObject({
      code: 'model_rollback_unavailable',
    });
    expect(await errorOf(models.rollback('churn_60d', 2, 'cli'))).toMatchObject({
      code: 'model_already_active',
    });
    expect(await errorOf(models.rollback('churn_60d', 9, 'cli'))).toMatchObject({ code: 'model_not_found' });
    expect(await errorOf(models.rollback('nope', undefined, 'cli'))).toMatchObject({
      code: 'model_not_found',
    });
  });

  it('force-promotes a candidate with the reason manual', async () => {
    await models.register(trained('churn_60d', { auc: 0.7 }));
    await models.register(trained('churn_60d', { auc: 0.65 }));
    const { model, events } = await models.promote('churn_60d', 2, 'api');
    expect(model).toMatchObject({ version: 2, status: 'active', statusReason: 'manual' });
    expect(events.map((e) => [e.version, e.to, e.reason, e.actor])).toEqual([
      [1, 'retired', 'replaced by v2 (manual)', 'api'],
      [2, 'active', 'manual', 'api'],
    ]);
    expect(await errorOf(models.promote('churn_60d', 2, 'api'))).toMatchObject({
      code: 'model_already_active',
    });
    expect(await errorOf(models.promote('churn_60d', 5, 'api'))).toMatchObject({ code: 'model_not_found' });
  });

  it('resolves ids, name@version and names; anything else is model_not_found', async () => {
    const v1 = await models.register(trained('churn_60d', { auc: 0.7 }));
    await models.register(trained('churn_60d', { auc: 0.6 }));
    expect((await models.resolve(v1.model.id)).version).toBe(1);
    expect((await models.resolve('churn_60d@2')).status).toBe('candidate');
    expect((await models.resolve('churn_60d')).version).toBe(1);
    for (const ref of [
      'churn_60d@3',
      'churn_60d@0',
      'churn_60d@-1',
      'churn_60d@99999999999',
      'mdl_00000000000000000000000000',
      "churn_60d' OR '1'='1",
      'x'.repeat(5_000),
      '',
      '../etc/passwd',
      'nope',
    ])
      expect(await errorOf(models.resolve(ref)), ref.slice(0, 40)).toMatchObject({ code: 'model_not_found' });
  });

  it('lists each name with its active and latest version, newest first', async () => {
    await models.register(trained('clv_90d', { auc: 0.7 }));
    await models.register(trained('churn_60d', { auc: 0.7 }));
    await models.register(trained('churn_60d', { auc: 0.6 }));
    const list = await models.list();
    expect(
      list.map((m) => [m.name, m.active?.version, m.latest.version, m.versions.map((v) => v.version)]),
    ).toEqual([
      ['churn_60d', 1, 2, [2, 1]],
      ['clv_90d', 1, 1, [1]],
    ]);
  });

  it('refuses invalid candidates with invalid_request listing the problems, and stores nothing', async () => {
    const bad = await errorOf(
      models.register(
        trained(
          'churn_60d',
          { auc: Number.NaN, log_loss: 0.3 },
          { trainingSeconds: -1, seed: 1.5, extra: true },
        ),
      ),
    );
    expect(bad.code).toBe('invalid_request');
    const paths = (bad.details as { problems: { path: string }[] }).problems.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/metrics/auc', '/trainingSeconds', '/seed', '/']));
    const missing = await errorOf(models.register(trained('churn_60d', { log_loss: 0.3 })));
    expect(missing).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/primaryMetric\/name/),
    });
    for (const name of ['', 'mdl_x', "a'; DROP TABLE models;--", 'x'.repeat(65), 'a@1'])
      expect(await errorOf(models.register(trained(name, { auc: 0.5 })))).toMatchObject({
        code: 'invalid_request',
      });
    const big = await errorOf(models.register(trained('churn_60d', { auc: 0.5 }, { artifact: { n: 10n } })));
    expect(big).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/artifact is not JSON/),
    });
    expect(await errorOf(models.register(trained('churn_60d', { auc: 0.5 }), { margin: -1 }))).toMatchObject({
      code: 'invalid_request',
    });
    expect(await models.list()).toEqual([]);
  });

  it('takes its default margin from RAPPORT_MODEL_PROMOTION_MARGIN', () => {
    expect(loadConfig({}).models.promotionMargin).toBe(DEFAULT_PROMOTION_MARGIN);
    expect(loadConfig({ RAPPORT_MODEL_PROMOTION_MARGIN: '0.02' }).models.promotionMargin).toBe(0.02);
    for (const value of ['-0.1', 'abc'])
      expect(() => loadConfig({ RAPPORT_MODEL_PROMOTION_MARGIN: value })).toThrow(
        /RAPPORT_MODEL_PROMOTION_MARGIN/,
      );
  });
});
