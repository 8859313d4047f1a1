import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger, createRuntime } from '../../src/server/index.js';
import { runRapport } from './helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-clv-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('rapport train clv: bad input gets one clear line, not a stack trace', () => {
  it.each([
    [
      'a horizon that is not a number',
      ['--horizon', 'abc'],
      'invalid_request',
      /--horizon must be a whole number/,
    ],
    ['a horizon beyond a year', ['--horizon', '400'], 'invalid_request', /--horizon must be a whole number/],
    ['an as-of that is not a day', ['--as-of', 'yesterday'], 'invalid_request', /--as-of must be a date/],
    ['a store without orders', [], 'invalid_training_data', /no orders/],
  ])('%s', (_, extra, code, message) => {
    const r = runRapport(path.join(dir, 'empty-store'), ['train', 'clv', ...extra, '--json']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^rapport: error \\[${code}\\] `));
    expect(lines[0]).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code } });
  });
});

describe('rapport train clv on a demo shop with the default 180 days of history', () => {
  // The default horizon (90 days) leaves one horizon of history before the held-out window: enough for BG/NBD,
  // which needs no labelled window, not for the GBDT, which is trained one window earlier.
  const shopDir = path.join(dir, 'demo-180');

  beforeAll(() => {
    const demo = runRapport(shopDir, [
      'demo',
      '--no-serve',
      '--no-models',
      '--json',
      '--customers',
      '400',
      '--seed',
      '7',
      '--dir',
      shopDir,
    ]);
    expect(demo.code, demo.stderr).toBe(0);
  });

  it('skips the GBDT with the reason, chooses BG/NBD + Gamma-Gamma and publishes explained scores', async () => {
    const r = runRapport(shopDir, ['train', 'clv', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      chosen: string;
      heldOut: Record<string, { rmse: number } | null>;
      skipped: Record<string, string>;
      window: { trainCutoff: string; validationCutoff: string };
      validationRows: number;
      scored: number;
      registration: { id: string; promoted: boolean };
    };
    expect(out.window).toMatchObject({ trainCutoff: '2026-05-04', validationCutoff: '2026-08-02' });
    expect(out.chosen).toBe('bgnbd_gamma_gamma');
    expect(out.heldOut.gbdt_regression).toBeNull();
    expect(out.heldOut.bgnbd_gamma_gamma!.rmse).toBeGreaterThan(0);
    expect(out.skipped.gbdt_regression).toMatch(
      /^too little history for the GBDT's training window: 0 customers/,
    );
    expect(out.validationRows).toBeGreaterThan(100);
    expect(out.scored).toBeGreaterThan(out.validationRows);
    expect(out.registration.promoted).toBe(true);

    const runtime = await createRuntime(
      loadConfig({ RAPPORT_DATA_DIR: shopDir, RAPPORT_LOG_LEVEL: 'silent' }),
      createLogger('silent'),
    );
    try {
      const model = await runtime.models.get(out.registration.id);
      expect(model.params).toMatchObject({ skipped: out.skipped });
      expect(await runtime.stores.scores.count(out.registration.id)).toBe(out.scored);
      const profiles = await runtime.stores.profiles.list({ limit: 1000 });
      const active = await Promise.all(profiles.map((p) => runtime.stores.scores.activeFor(p.customerId)));
      const clv = active.flat().filter((s) => s.name === 'clv_90d');
      expect(clv.length).toBe(out.scored);
      for (const s of clv) {
        expect(s.modelId).toBe(out.registration.id);
        expect(s.detail.contributions).toBeUndefined();
        expect(Object.keys(s.detail.extra ?? {}).sort()).toEqual([
          'expectedOrderValue',
          'expectedOrders',
          'nextOrderAt',
          'probabilityAlive',
        ]);
      }
    } finally {
      await runtime.close();
    }

    const human = runRapport(shopDir, ['train', 'clv']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/GBDT skipped: too little history/);
    expect(human.stdout).toMatch(/GBDT regression +skipped/);
    expect(human.stdout).toMatch(/Scored \d+ customers/);
  });
});
