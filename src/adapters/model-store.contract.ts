import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/postgres.js';
import type {
  ModelEvent,
  ModelStatus,
  ModelStore,
  ModelVersionHeader,
  NewModelVersion,
  StatusChange,
} from '../models/ports.js';
import { promotionChanges, registrationChanges } from '../models/promotion-rule.js';
import { AppError, newId } from '../shared/index.js';
import { openPostgres } from './postgres/open-postgres.js';
import { migrateToLatest } from './sql/migrate.js';
import type { Database, SqlDialectName } from './sql/schema.js';
import { createSqlModelStore } from './sql/sql-model-store.js';
import { openSqlite } from './sqlite/open-sqlite.js';

/** A migrated, empty database with a model store over it; `db` is for inspecting rows. */
export interface ModelTestDatabase {
  dialect: SqlDialectName;
  db: Kysely<Database>;
  models: ModelStore;
  close(): Promise<void>;
}

export async function openSqliteModelDatabase(): Promise<ModelTestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-models-'));
  const db = openSqlite({ file: path.join(dir, 'test.db'), synchronous: 'normal' });
  await migrateToLatest(db, 'sqlite');
  return {
    dialect: 'sqlite',
    db,
    models: createSqlModelStore(db),
    async close() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openPostgresModelDatabase(): Promise<ModelTestDatabase> {
  const test = await createTestDatabase();
  const db = openPostgres({ url: test.url, poolSize: 6 });
  await migrateToLatest(db, 'postgres');
  return {
    dialect: 'postgres',
    db,
    models: createSqlModelStore(db),
    async close() {
      await db.destroy();
      await test.drop();
    },
  };
}

const T0 = Date.UTC(2026, 2, 1);
// No NUL: PostgreSQL text cannot hold one (the registry refuses such names before they reach a store).
const HOSTILE = `x'); DROP TABLE models; -- "quoted" \\ ünïcödé 💥`;

function candidate(name: string, auc: number, overrides: Partial<NewModelVersion> = {}): NewModelVersion {
  return {
    id: newId('mdl', T0),
    name,
    modelType: 'logistic_regression',
    dataWindow: { from: T0 - 90 * 86_400_000, to: T0 - 86_400_000, asOf: T0 },
    features: ['recency_days', 'orders_90d', 'avg_order_value'],
    preprocessing: { scaler: { mean: [1.5, 2, 30.25], sd: [1, 0.5, 12] }, impute: { orders_90d: 0 } },
    seed: 42,
    params: { l2: 0.01, maxIterations: 200 },
    metrics: { auc, log_loss: 1 - auc },
    primaryMetric: { name: 'auc', higherIsBetter: true },
    trainingSeconds: 1.25,
    codeVersion: '0.1.0+abc123',
    artifact: { weights: [0.5, -1.25, 3e-7], intercept: -0.1 },
    createdAt: T0,
    ...overrides,
  };
}

const byRule = (margin: number) => (created: ModelVersionHeader, versions: readonly ModelVersionHeader[]) =>
  registrationChanges(created, versions, margin);
const alwaysPromote = byRule(-Infinity);
const ctx = (at = T0, actor: 'pipeline' | 'cli' | 'api' = 'pipeline') => ({ actor, at });

/** Replays a name's history and checks that at no point two versions were active, and that `from` was the state. */
function expectConsistentHistory(events: readonly ModelEvent[], final: readonly ModelVersionHeader[]): void {
  const status = new Map<number, ModelStatus>();
  for (const e of events) {
    expect(e.from, `event ${e.seq}`).toBe(status.get(e.version) ?? null);
    status.set(e.version, e.to);
    expect(
      [...status.values()].filter((s) => s === 'active').length,
      `after event ${e.seq}`,
    ).toBeLessThanOrEqual(1);
  }
  for (const v of final) expect(status.get(v.version), `v${v.version}`).toBe(v.status);
  expect(final.filter((v) => v.status === 'active')).toHaveLength(1);
}

/** The behaviour every ModelStore adapter must show. */
export function runModelStoreContract(name: string, open: () => Promise<ModelTestDatabase>): void {
  describe(`model store contract: ${name}`, () => {
    let t: ModelTestDatabase;
    beforeAll(async () => {
      t = await open();
    });
    afterAll(async () => t?.close());

    const versionsOf = async (model: string) => (await t.models.list()).filter((v) => v.name === model);

    it('numbers versions per name and keeps every metadata field and the artifact', async () => {
      const first = await t.models.register(candidate('propensity_30d', 0.7), alwaysPromote, ctx());
      expect(first.model).toEqual({
        id: expect.stringMatching(/^mdl_/),
        name: 'propensity_30d',
        version: 1,
        status: 'active',
        statusReason: 'first version',
        modelType: 'logistic_regression',
        primaryMetric: { name: 'auc', higherIsBetter: true },
        metrics: { auc: 0.7, log_loss: 1 - 0.7 },
        createdAt: T0,
        updatedAt: T0,
        dataWindow: { from: T0 - 90 * 86_400_000, to: T0 - 86_400_000, asOf: T0 },
        features: ['recency_days', 'orders_90d', 'avg_order_value'],
        preprocessing: { scaler: { mean: [1.5, 2, 30.25], sd: [1, 0.5, 12] }, impute: { orders_90d: 0 } },
        seed: 42,
        params: { l2: 0.01, maxIterations: 200 },
        trainingSeconds: 1.25,
        codeVersion: '0.1.0+abc123',
        artifactBytes: Buffer.byteLength(JSON.stringify({ weights: [0.5, -1.25, 3e-7], intercept: -0.1 })),
        evaluation: null,
      });
      expect(first.events).toEqual([
        {
          seq: expect.any(Number),
          modelId: first.model.id,
          name: 'propensity_30d',
          version: 1,
          from: null,
          to: 'active',
          reason: 'first version',
          actor: 'pipeline',
          at: T0,
        },
      ]);
      expect(await t.models.artifact(first.model.id)).toEqual({
        weights: [0.5, -1.25, 3e-7],
        intercept: -0.1,
      });
      expect(await t.models.get(first.model.id)).toEqual(first.model);
      expect(await t.models.getVersion('propensity_30d', 1)).toEqual(first.model);
      expect(await t.models.active('propensity_30d')).toEqual(first.model);

      const other = await t.models.register(
        candidate('churn_60d', 0.6, { seed: 'fold-3', preprocessing: null, artifact: [1, 2] }),
        alwaysPromote,
        ctx(),
      );
      expect(other.model).toMatchObject({ version: 1, seed: 'fold-3', preprocessing: null });
      expect(await t.models.artifact(other.model.id)).toEqual([1, 2]);
      const second = await t.models.register(candidate('propensity_30d', 0.71), byRule(0.001), ctx(T0 + 1));
      expect(second.model.version).toBe(2);
    });

    it("keeps a version's evaluation JSON as given, with its metadata but not in the list", async () => {
      const evaluation = {
        report: {
          kind: 'binary',
          roc: { fpr: [0, 0.125, 1], tpr: [0, 0.6180339887498949, 1] },
          confusion: { thresholds: [0, 0.5, 1], tp: [40, 31, 0], fp: [60, 12, 0] },
        },
        importance: {
          permutation: { metric: 'roc_auc', features: [{ feature: HOSTILE, mean: -2.5e-9, std: 0 }] },
          gain: [{ feature: 'recency_days', value: 1234.5 }],
        },
        note: null,
      };
      const stored = await t.models.register(
        candidate('evaluated', 0.8, { evaluation }),
        alwaysPromote,
        ctx(),
      );
      expect(stored.model.evaluation).toEqual(evaluation);
      expect(await t.models.get(stored.model.id)).toEqual(stored.model);
      expect((await t.models.getVersion('evaluated', 1))?.evaluation).toEqual(evaluation);
      expect((await t.models.active('evaluated'))?.evaluation).toEqual(evaluation);
      const header = (await versionsOf('evaluated'))[0];
      expect(header).not.toHaveProperty('evaluation');
      // A later version without one reads as null, and the earlier one keeps its own.
      const plain = await t.models.register(candidate('evaluated', 0.9), alwaysPromote, ctx());
      expect(plain.model.evaluation).toBeNull();
      expect((await t.models.get(stored.model.id))?.evaluation).toEqual(evaluation);
      const raw = await t.db
        .selectFrom('models')
        .select(['version', 'evaluation'])
        .where('name', '=', 'evaluated')
        .orderBy('version')
        .execute();
      expect(raw.map((r) => [r.version, r.evaluation === null ? null : JSON.parse(r.evaluation)])).toEqual([
        [1, evaluation],
        [2, null],
      ]);
    });

    it('decides over the versions as committed, the new one included as a candidate', async () => {
      let seen: { created: ModelVersionHeader; versions: ModelVersionHeader[] } | null = null;
      const kept = await t.models.register(
        candidate('decide_probe', 0.5),
        (created, versions) => {
          seen = { created, versions: [...versions] };
          return [{ version: created.version, to: 'candidate', reason: 'held for review' }];
        },
        ctx(T0, 'cli'),
      );
      expect(seen).toEqual({
        created: expect.objectContaining({ version: 1, status: 'candidate', name: 'decide_probe' }),
        versions: [expect.objectContaining({ version: 1, status: 'candidate' })],
      });
      expect(kept.model).toMatchObject({ status: 'candidate', statusReason: 'held for review' });
      expect(kept.events).toEqual([expect.objectContaining({ from: null, to: 'candidate', actor: 'cli' })]);
      expect(await t.models.active('decide_probe')).toBeNull();
    });

    it('retires the active version before activating the next, and records both decisions', async () => {
      await t.models.register(candidate('swap', 0.7), alwaysPromote, ctx(T0));
      const won = await t.models.register(candidate('swap', 0.75), byRule(0.001), ctx(T0 + 10));
      expect(won.model.status).toBe('active');
      expect(won.events.map((e) => [e.version, e.from, e.to, e.reason])).toEqual([
        [1, 'active', 'retired', 'replaced by v2'],
        [2, null, 'active', expect.stringMatching(/^auc 0.75 vs 0.7 of active v1: better by 0.05/)],
      ]);
      expect(await t.models.getVersion('swap', 1)).toMatchObject({
        status: 'retired',
        statusReason: 'replaced by v2',
        updatedAt: T0 + 10,
      });

      const events = await t.models.transition('swap', (versions) => promotionChanges('swap', 1, versions), {
        actor: 'api',
        at: T0 + 20,
      });
      expect(events.map((e) => [e.version, e.from, e.to, e.reason, e.actor])).toEqual([
        [2, 'active', 'retired', 'replaced by v1 (manual)', 'api'],
        [1, 'retired', 'active', 'manual', 'api'],
      ]);
      const history = await t.models.history('swap');
      expect(history.map((e) => e.seq)).toEqual([...history.map((e) => e.seq)].sort((a, b) => a - b));
      expect(history.map((e) => `${e.version}:${e.to}`)).toEqual([
        '1:active',
        '1:retired',
        '2:active',
        '2:retired',
        '1:active',
      ]);
      expect((await t.models.history('swap', 2)).map((e) => e.to)).toEqual(['active', 'retired']);
      expectConsistentHistory(history, await versionsOf('swap'));
    });

    it('writes nothing when the decision refuses', async () => {
      await t.models.register(candidate('refusals', 0.7), alwaysPromote, ctx());
      const refuse = () => {
        throw new AppError('model_already_active', 'no');
      };
      await expect(t.models.register(candidate('refusals', 0.9), refuse, ctx())).rejects.toMatchObject({
        code: 'model_already_active',
      });
      await expect(t.models.transition('refusals', refuse, ctx())).rejects.toMatchObject({
        code: 'model_already_active',
      });
      expect((await versionsOf('refusals')).map((v) => [v.version, v.status])).toEqual([[1, 'active']]);
      expect(await t.models.history('refusals')).toHaveLength(1);
      const next = await t.models.register(candidate('refusals', 0.5), byRule(0.001), ctx());
      expect(next.model.version).toBe(2);
    });

    it('never lets two versions of a name be active, whatever the decision', async () => {
      await t.models.register(candidate('one_active', 0.7), alwaysPromote, ctx());
      await t.models.register(candidate('one_active', 0.6), byRule(0.001), ctx());
      const both = (): StatusChange[] => [
        { version: 1, to: 'active', reason: 'bug' },
        { version: 2, to: 'active', reason: 'bug' },
      ];
      await expect(t.models.transition('one_active', both, ctx())).rejects.toThrow();
      const keepOld = (created: ModelVersionHeader): StatusChange[] => [
        { version: created.version, to: 'active', reason: 'bug' },
      ];
      await expect(t.models.register(candidate('one_active', 0.9), keepOld, ctx())).rejects.toThrow();
      expect((await versionsOf('one_active')).map((v) => [v.version, v.status])).toEqual([
        [1, 'active'],
        [2, 'candidate'],
      ]);
      expect(await t.models.history('one_active')).toHaveLength(2);
    });

    it('serialises concurrent registrations of one name: distinct versions, one active', async () => {
      const n = 12;
      const results = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          t.models.register(candidate('race_register', 0.5 + i / 100), alwaysPromote, ctx(T0 + i)),
        ),
      );
      expect(results.map((r) => r.model.version).sort((a, b) => a - b)).toEqual(
        Array.from({ length: n }, (_, i) => i + 1),
      );
      const versions = await versionsOf('race_register');
      expect(versions.filter((v) => v.status === 'active').map((v) => v.version)).toEqual([n]);
      expectConsistentHistory(await t.models.history('race_register'), versions);
    });

    it('serialises concurrent promotions and registrations: exactly one active, a consistent history', async () => {
      for (let i = 0; i < 6; i++)
        await t.models.register(candidate('race_promote', 0.5), i === 0 ? alwaysPromote : byRule(1), ctx());
      const promote = (version: number) =>
        t.models
          .transition(
            'race_promote',
            (versions) => promotionChanges('race_promote', version, versions),
            ctx(),
          )
          .catch((error: unknown) => {
            // Promoting the version a concurrent promotion just put live is refused, never applied twice.
            if ((error as AppError).code !== 'model_already_active') throw error;
            return [];
          });
      await Promise.all([
        ...[2, 3, 4, 5, 6, 3, 2].map(promote),
        t.models.register(candidate('race_promote', 0.99), alwaysPromote, ctx()),
        t.models.register(candidate('race_promote', 0.1), byRule(0.001), ctx()),
      ]);
      const versions = await versionsOf('race_promote');
      expect(versions).toHaveLength(8);
      expectConsistentHistory(await t.models.history('race_promote'), versions);
    });

    it('lists headers by name and version, and answers unknown ids and names with nothing', async () => {
      const list = await t.models.list();
      const keys = list.map((v) => [v.name, v.version] as const);
      const sorted = [...keys].sort(([a, x], [b, y]) => (a === b ? x - y : a < b ? -1 : 1));
      expect(keys).toEqual(sorted);
      expect(list[0]).not.toHaveProperty('artifact');
      for (const id of ['mdl_unknown', HOSTILE, '']) {
        expect(await t.models.get(id)).toBeNull();
        expect(await t.models.artifact(id)).toBeUndefined();
      }
      expect(await t.models.getVersion('propensity_30d', 99)).toBeNull();
      expect(await t.models.active(HOSTILE)).toBeNull();
      expect(await t.models.history(HOSTILE)).toEqual([]);
      expect(await t.models.transition(HOSTILE, () => [], ctx())).toEqual([]);
    });

    it('stores hostile text as data', async () => {
      const stored = await t.models.register(
        candidate(HOSTILE, 0.5, {
          features: [HOSTILE],
          params: { note: "'; DELETE FROM model_events; --" },
        }),
        alwaysPromote,
        ctx(),
      );
      expect(await t.models.get(stored.model.id)).toMatchObject({
        features: [HOSTILE],
        params: { note: "'; DELETE FROM model_events; --" },
      });
      expect((await t.models.history('swap')).length).toBeGreaterThan(0);
    });
  });
}
