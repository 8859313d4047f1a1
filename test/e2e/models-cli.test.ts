import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openSqlite } from '../../src/adapters/index.js';
import { createSqlModelStore } from '../../src/adapters/sql/sql-model-store.js';
import { loadConfig } from '../../src/config/index.js';
import { createModelRegistry } from '../../src/models/index.js';
import { fixedClock } from '../../src/shared/index.js';
import { runRapport } from './helpers/cli.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-models-cli-'));
const T0 = Date.UTC(2026, 5, 1);

function rapport(args: string[]) {
  return runRapport(dataDir, args);
}

function trained(auc: number) {
  return {
    name: 'churn_60d',
    modelType: 'gbdt',
    dataWindow: { from: T0 - 60 * 86_400_000, to: T0, asOf: T0 },
    features: ['recency_days', 'orders_90d', 'avg_order_value'],
    preprocessing: { bins: 32 },
    seed: 7,
    params: { trees: 100, depth: 4 },
    metrics: { auc, log_loss: 0.4 },
    primaryMetric: { name: 'auc', higherIsBetter: true },
    trainingSeconds: 12.5,
    artifact: { trees: [] },
  };
}

describe('rapport models', () => {
  let firstId: string;

  beforeAll(async () => {
    const config = loadConfig({ RAPPORT_DATA_DIR: dataDir });
    if (config.database.kind !== 'sqlite') throw new Error('expected the embedded database');
    const db = openSqlite({ file: config.database.file, synchronous: 'normal' });
    await migrateToLatest(db, 'sqlite');
    const models = createModelRegistry({
      store: createSqlModelStore(db),
      clock: fixedClock(T0),
      margin: 0.001,
    });
    firstId = (await models.register(trained(0.7))).model.id;
    await models.register(trained(0.7004)); // stays a candidate: below the margin
    await db.destroy();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('every subcommand has --help and --json', () => {
    for (const command of [
      ['models'],
      ...['list', 'show', 'promote', 'rollback'].map((c) => ['models', c]),
    ]) {
      const r = rapport([...command, '--help']);
      expect(r.code, command.join(' ')).toBe(0);
      expect(r.stdout).toMatch(/Usage: rapport models/);
      if (command.length > 1) expect(r.stdout, command.join(' ')).toMatch(/--json/);
    }
  });

  it('lists and shows versions as JSON and as tables', () => {
    const list = rapport(['models', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const { models } = JSON.parse(list.stdout);
    expect(models).toEqual([
      expect.objectContaining({
        name: 'churn_60d',
        activeVersion: 1,
        latestVersion: 2,
        versions: expect.any(Array),
      }),
    ]);
    expect(models[0].versions[0]).toMatchObject({
      version: 2,
      status: 'candidate',
      statusReason: 'auc 0.7004 vs 0.7 of active v1: better by 0.0004, below the margin 0.001',
    });
    const human = rapport(['models', 'list']);
    expect(human.stdout).toMatch(/^name\s+version\s+status\s+metric\s+value\s+created\s+reason *\n/);
    expect(human.stdout).toMatch(/churn_60d\s+v2\s+candidate\s+auc\s+0\.7004/);

    const shown = rapport(['models', 'show', 'churn_60d@2', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).model).toMatchObject({
      version: 2,
      metrics: { auc: 0.7004, log_loss: 0.4 },
      params: { trees: 100, depth: 4 },
      history: [{ from: null, to: 'candidate', actor: 'pipeline' }],
    });
    const byId = rapport(['models', 'show', firstId]);
    expect(byId.code, byId.stderr).toBe(0);
    expect(byId.stdout).toMatch(/^churn_60d v1 {2}active/);
    expect(byId.stdout).toMatch(/held-out metrics\nauc\s+0\.7\s+primary, higher is better/);
    expect(byId.stdout).toMatch(
      /history\nat\s+version\s+from\s+to\s+actor\s+reason *\n.*v1\s+new\s+active\s+pipeline\s+first version/,
    );
  });

  it('promotes and rolls back, recording the CLI as the actor', () => {
    const promoted = rapport(['models', 'promote', 'churn_60d', '2']);
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(promoted.stdout).toBe('promoted churn_60d v2 (v1 retired)\n');

    const back = rapport(['models', 'rollback', 'churn_60d', '--json']);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(back.stdout)).toMatchObject({
      from: { version: 2, status: 'retired' },
      to: { version: 1, status: 'active' },
      events: [
        { version: 2, from: 'active', to: 'retired', actor: 'cli', reason: 'rolled back to v1' },
        { version: 1, from: 'retired', to: 'active', actor: 'cli', reason: 'rollback from v2' },
      ],
    });
    const shown = JSON.parse(rapport(['models', 'show', 'churn_60d', '--json']).stdout).model;
    expect(shown.history.map((e: { reason: string }) => e.reason)).toEqual([
      'first version',
      'replaced by v2 (manual)',
      'rollback from v2',
    ]);
  });

  it('fails with one line and a non-zero exit', () => {
    const none = rapport(['models', 'rollback', 'churn_60d', '--json']);
    expect(none.code).toBe(1);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(none.stdout).error.code).toBe('model_rollback_unavailable');
    const unknown = rapport(['models', 'show', "nope'; DROP TABLE models;--"]);
    expect([unknown.code, unknown.stderr]).toEqual([
      1,
      expect.stringMatching(/^rapport: error \[model_not_found\] [^\n]+\n$/),
    ]);
    const active = rapport(['models', 'promote', 'churn_60d', '1']);
    expect(active.stderr).toBe('rapport: error [model_already_active] churn_60d v1 is already active.\n');
    const badVersion = rapport(['models', 'promote', 'churn_60d', 'two']);
    expect(badVersion.code).not.toBe(0);
    expect(badVersion.stderr).toMatch(/a version number/);
  });
});
