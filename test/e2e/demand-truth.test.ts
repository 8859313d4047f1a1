import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { trainDemandModel, type DemandDeps } from '../../src/demand/index.js';
import { checkDemandScores, generateShop, type DemandCheck, type DemoShop } from '../../src/demo/index.js';
import { customerIdScheme } from '../../src/profiles/index.js';
import { createLogger, createRuntime, type Runtime } from '../../src/server/index.js';
import { loadDemoShop } from './helpers/cli.js';

// A small demo shop, loaded the way `rapport demo` loads it; the demand models are trained as of T = the end minus
// their horizon and set against the orders generated after T and the generator's true chances (bench/demand does
// the same at full size). Seeds are fixed; the thresholds leave room below what this shop gave when they were set:
// propensity ROC-AUC 0.842 (the true chances reach 0.910), Spearman / Pearson with the true chance 0.800 / 0.790;
// churn ROC-AUC 0.745 (truth 0.883), Spearman with the true chance 0.690, with the hazard 0.324, with P(gone) 0.596.
const options = { customers: 600, days: 240, seed: 5, end: '2026-10-31' };
const DAY = 86_400_000;
const endDate = Date.parse(`${options.end}T23:59:59.999Z`);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-demand-truth-'));

let runtime: Runtime;
let shop: DemoShop;
let deps: DemandDeps;

async function trainAndCheck(kind: 'propensity' | 'churn', horizonDays: number): Promise<DemandCheck> {
  const asOf = endDate - horizonDays * DAY;
  const trained = await trainDemandModel(deps, { kind, asOf, horizonDays, seed: 0 });
  expect(trained.window.asOf).toBe(asOf);
  return checkDemandScores(shop, trained.scores, { kind, asOf, horizonDays });
}

beforeAll(async () => {
  const demo = loadDemoShop(dataDir, options.customers, options.days, [
    '--seed',
    String(options.seed),
    '--end',
    options.end,
    '--dir',
    dataDir,
  ]);
  expect(demo.code, demo.stderr).toBe(0);
  shop = generateShop({ customers: options.customers, days: options.days, seed: options.seed, endDate });
  // The shop regenerated here is the one the CLI loaded.
  expect(fs.readFileSync(path.join(dataDir, 'demo', 'truth.json'), 'utf8')).toBe(JSON.stringify(shop.truth));
  runtime = await createRuntime(
    loadConfig({ RAPPORT_DATA_DIR: dataDir, RAPPORT_LOG_LEVEL: 'silent' }),
    createLogger('silent'),
  );
  deps = {
    source: runtime.stores.profileSource,
    settle: () => runtime.stores.events.settle(),
    features: runtime.profiles.features,
    computedTraits: runtime.profiles.computedTraits,
    scheme: customerIdScheme,
    clock: runtime.clock,
  };
}, 180_000);

afterAll(async () => {
  await runtime?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('demand models against the demo shop’s hidden truth', () => {
  it('propensity_30d ranks the realized buyers well above chance and follows the true chance of an order', async () => {
    const check = await trainAndCheck('propensity', 30);
    expect(check.customers).toBeGreaterThan(400);
    expect(check.unmatched).toBe(0);
    expect(check.positives).toBeGreaterThan(50);
    expect(check.rocAuc).toBeGreaterThan(0.75);
    expect(check.rocAuc).toBeLessThanOrEqual(check.truthRocAuc + 0.02);
    expect(check.trueChance.spearman).toBeGreaterThan(0.65);
    expect(check.trueChance.pearson).toBeGreaterThan(0.6);
  });

  it('churn_60d ranks the realized lapsers above chance and follows the true hazard', async () => {
    const check = await trainAndCheck('churn', 60);
    expect(check.customers).toBeGreaterThan(200);
    expect(check.unmatched).toBe(0);
    expect(check.rocAuc).toBeGreaterThan(0.65);
    expect(check.trueChance.spearman).toBeGreaterThan(0.55);
    expect(check.hazard.spearman).toBeGreaterThan(0.15);
    expect(check.gone.spearman).toBeGreaterThan(0.4);
  });
});
