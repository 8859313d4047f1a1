import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../adapters/open-stores.js';
import { accumulateProfiles } from '../profiles/accumulate-profiles.js';
import { customerIdScheme } from '../profiles/profile-service.js';
import { clvCandidate } from './clv-candidate.js';
import {
  BGNBD,
  DAY,
  end,
  GAMMA_GAMMA,
  openShop,
  order,
  plantedCustomers,
  simulatedShop,
  start,
} from './test-kit.js';
import { clvInputsAt, readPlacedOrders } from './clv-inputs.js';
import { trainClvModel, type TrainedClvModel } from './train-clv.js';
import type { DemandDeps } from './train-demand.js';

let dir: string;
let shop: { stores: Stores; deps: DemandDeps };
let trained: TrainedClvModel;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-clv-'));
  fs.mkdirSync(path.join(dir, 'shop'));
  shop = await openShop(path.join(dir, 'shop'), [...simulatedShop(1500, 'clv'), ...plantedCustomers()]);
  trained = await trainClvModel(shop.deps, { asOf: end, horizonDays: 60, seed: 1 });
}, 120_000);

afterAll(async () => {
  await shop.stores.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('trainClvModel on orders from the BG/NBD process', () => {
  it('compares both candidates and the baseline out of time, and the probabilistic model beats the baseline', () => {
    expect(trained.name).toBe('clv_60d');
    expect(trained.window).toEqual({
      trainCutoff: end - 120 * DAY,
      validationCutoff: end - 60 * DAY,
      asOf: end,
    });
    const { bgnbd_gamma_gamma: probabilistic, baseline } = trained.heldOut;
    // Two horizons of history with plenty of customers: the GBDT was trained and compared too.
    expect(trained.skipped).toEqual({});
    const gbdt = trained.heldOut.gbdt_regression!;
    expect(gbdt).not.toBeNull();
    // Every candidate is scored on the same customers and spend.
    expect(gbdt.actualTotal).toBe(probabilistic.actualTotal);
    expect(baseline.actualTotal).toBe(probabilistic.actualTotal);
    // The model the data came from predicts the held-out spend better than the historical spend rate.
    expect(probabilistic.rmse).toBeLessThan(baseline.rmse * 0.95);
    expect(probabilistic.mae).toBeLessThan(baseline.mae);
    expect(probabilistic.r2).toBeGreaterThan(baseline.r2);
    // And its total is close to what was spent (the baseline ignores that customers drop out).
    expect(Math.abs(probabilistic.predictedTotal / probabilistic.actualTotal - 1)).toBeLessThan(0.2);
    expect(baseline.predictedTotal).toBeGreaterThan(probabilistic.predictedTotal);
    // The chosen candidate is the one with the lower RMSE, and it is reported against the baseline.
    expect(trained.metrics.rmse).toBe(Math.min(probabilistic.rmse, gbdt.rmse));
    expect(trained.chosen).toBe(gbdt.rmse < probabilistic.rmse ? 'gbdt_regression' : 'bgnbd_gamma_gamma');
    expect(trained.beatsBaseline).toBe(true);
    expect(trained.rmseImprovement).toBeCloseTo(1 - trained.metrics.rmse / baseline.rmse, 12);
  });

  it('recovers the purchase process as of asOf and scores every customer with an order', () => {
    const { r, alpha } = trained.probabilistic.bgnbd.params;
    // The mean purchase rate r/α is the best-determined quantity; 1500 customers pin it down to a few percent.
    expect(r / alpha / (BGNBD.r / BGNBD.alpha)).toBeGreaterThan(0.8);
    expect(r / alpha / (BGNBD.r / BGNBD.alpha)).toBeLessThan(1.25);
    const { p, q, gamma } = trained.probabilistic.gammaGamma.params;
    const meanValue = (GAMMA_GAMMA.p * GAMMA_GAMMA.gamma) / (GAMMA_GAMMA.q - 1);
    expect(Math.abs((p * gamma) / (q - 1) / meanValue - 1)).toBeLessThan(0.15);
    expect(trained.scores.size).toBe(1502);
    for (const v of trained.scores.values()) expect(v).toBeGreaterThanOrEqual(0);
    expect(trained.nextOrderAt.size).toBe(1502);
    expect(trained.probabilityAlive.size).toBe(1502);
  });

  it('dates the next order only for customers more likely alive than not', () => {
    const gone = customerIdScheme.forUserId('gone');
    const regular = customerIdScheme.forUserId('regular');
    // Ten daily purchases 400 days ago, nothing since: almost surely gone, no date.
    expect(trained.probabilityAlive.get(gone)).toBeLessThan(0.05);
    expect(trained.nextOrderAt.get(gone)).toBeNull();
    expect(trained.scores.get(gone)).toBeLessThan(1);
    // A weekly buyer whose last order was days ago: alive, next order expected within weeks.
    expect(trained.probabilityAlive.get(regular)).toBeGreaterThan(0.9);
    const next = trained.nextOrderAt.get(regular) as number;
    expect(next).toBeGreaterThan(end);
    expect(next).toBeLessThan(end + 21 * DAY);
    expect(trained.scores.get(regular)).toBeGreaterThan(trained.scores.get(gone)! + 25);
    // Everyone: a date exactly when P(alive) > ½, never before asOf; one-time buyers are alive in BG/NBD.
    let dated = 0;
    for (const [id, alive] of trained.probabilityAlive) {
      const at = trained.nextOrderAt.get(id);
      expect(at === null, id).toBe(alive <= 0.5);
      if (at !== null && at !== undefined) {
        expect(at).toBeGreaterThanOrEqual(end);
        dated++;
      }
    }
    expect(dated).toBeGreaterThan(100);
    expect(dated).toBeLessThan(1502);
  });

  it('hands the registry RMSE, lower is better, with the baseline beside it', () => {
    const candidate = clvCandidate(trained, 1);
    expect(candidate.name).toBe('clv_60d');
    expect(candidate.modelType).toBe(trained.chosen);
    expect(candidate.primaryMetric).toEqual({ name: 'rmse', higherIsBetter: false });
    expect(candidate.metrics.rmse).toBe(trained.metrics.rmse);
    expect(candidate.metrics.baseline_rmse).toBe(trained.heldOut.baseline.rmse);
    expect(candidate.artifact.bgnbd).toEqual(trained.probabilistic.bgnbd.params);
    // Both candidates were compared: the other one's metrics are there too.
    const other = trained.chosen === 'gbdt_regression' ? 'bgnbd_gamma_gamma' : 'gbdt_regression';
    expect(candidate.metrics[`${other}_rmse`]).toBe(trained.heldOut[other]!.rmse);
    expect(candidate.metrics.candidates_compared).toBe(2);
    expect(candidate.params.skipped).toEqual({});
    expect(JSON.parse(JSON.stringify(candidate))).toMatchObject({ name: 'clv_60d' });
    // The held-out evaluation: the chosen model's predictions of the held-out spend, the same errors as its metrics.
    const { report, importance } = candidate.evaluation;
    expect(report.rows).toBe(trained.validationRows);
    expect(report.rmse).toBeCloseTo(trained.metrics.rmse, 9);
    expect(report.mae).toBeCloseTo(trained.metrics.mae, 9);
    if (trained.regressor) {
      expect(importance.gain?.map((g) => g.feature)).toEqual(trained.columns.map((c) => c.name));
      expect(trained.regressor.encoding.columns.map((c) => c.name)).toEqual(
        trained.columns.map((c) => c.name),
      );
    } else expect(importance).toEqual({});
  });

  it('refuses a bad horizon and a history too short for the windows', async () => {
    await expect(trainClvModel(shop.deps, { horizonDays: 0 })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(trainClvModel(shop.deps, { horizonDays: 1.5 })).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(trainClvModel(shop.deps, { asOf: start + 20 * DAY })).rejects.toMatchObject({
      code: 'invalid_target',
    });
  });
});

describe('trainClvModel with one horizon of history before the held-out window', () => {
  // First orders are spread over the first 300 days: ~150 customers had bought by day 30, the GBDT's training
  // cutoff, too few to train it; ~450 by day 90, the held-out window's start, enough for BG/NBD.
  const asOf = start + 150 * DAY;

  it('skips the GBDT with the reason, and evaluates and scores with BG/NBD + Gamma-Gamma', async () => {
    const short = await trainClvModel(shop.deps, { asOf, horizonDays: 60, seed: 1 });
    expect(short.window).toEqual({ trainCutoff: asOf - 120 * DAY, validationCutoff: asOf - 60 * DAY, asOf });
    expect(short.trainRows).toBeGreaterThan(100);
    expect(short.trainRows).toBeLessThan(200);
    expect(short.validationRows).toBeGreaterThan(350);
    expect(short.skipped.gbdt_regression).toMatch(
      new RegExp(
        `^too little history for the GBDT's training window: ${short.trainRows} customers had an order by 2025-01-31 .* at least 200 and 20$`,
      ),
    );
    expect(short.heldOut.gbdt_regression).toBeNull();
    expect(short.regressor).toBeNull();
    expect(short.columns).toEqual([]);
    expect(short.chosen).toBe('bgnbd_gamma_gamma');
    expect(short.metrics).toBe(short.heldOut.bgnbd_gamma_gamma);
    expect(short.metrics.rmse).toBeLessThan(short.heldOut.baseline.rmse);
    expect(short.beatsBaseline).toBe(true);
    // Everyone with an order by asOf is scored, and their spend is the probabilistic model's.
    expect(short.scores.size).toBeGreaterThan(short.validationRows);
    expect(short.scoring.table).toBeNull();
    expect(short.scoring.customerIds).toEqual([...short.scores.keys()]);

    const candidate = clvCandidate(short, 1);
    expect(candidate.params.skipped).toEqual({ gbdt_regression: short.skipped.gbdt_regression });
    expect(candidate.metrics.candidates_compared).toBe(1);
    expect(Object.keys(candidate.metrics).filter((k) => k.startsWith('gbdt'))).toEqual([]);
    expect(candidate.metrics.train_rows).toBe(short.trainRows);
    expect(candidate.features).toEqual(['frequency', 'recency_days', 'age_days', 'monetary_value']);
    expect(candidate.evaluation.report.rmse).toBeCloseTo(short.metrics.rmse, 9);
    expect(candidate.evaluation.importance).toEqual({});
  });

  it('still fails when even BG/NBD has no held-out window to be evaluated on', async () => {
    // The held-out window starts with the first orders: nobody has a history BG/NBD could be fitted on.
    await expect(trainClvModel(shop.deps, { asOf: start + 60 * DAY, horizonDays: 60 })).rejects.toMatchObject(
      {
        code: 'invalid_target',
        details: { window: 'held-out' },
      },
    );
  });
});

describe('point-in-time customer-value inputs', () => {
  it('a future order cannot change the population, summaries or features of a cutoff', async () => {
    fs.mkdirSync(path.join(dir, 'leak'));
    const { stores, deps } = await openShop(path.join(dir, 'leak'), simulatedShop(150, 'leak'));
    try {
      const cutoff = start + 200 * DAY;
      const frameDeps = { features: deps.features, computedTraits: deps.computedTraits };
      const inputsAt = async (t: number) =>
        clvInputsAt(
          await accumulateProfiles(deps, t),
          await readPlacedOrders(deps.source, end),
          t,
          frameDeps,
        );
      const before = await inputsAt(cutoff);
      const target = before.ids[0] as string;
      expect(before.ids.length).toBeGreaterThan(50);
      // Plant, a minute after the cutoff: an order of a known customer (below the value cap), and a brand-new customer's first one.
      const planted = order('newcomer', 0, cutoff + 60_000, 5000);
      await stores.orders.upsert([
        { ...order('x', 99, cutoff + 60_000, 45), id: 'ord-future', customerId: target },
        planted,
      ]);
      const after = await inputsAt(cutoff);
      expect(after.ids).toEqual(before.ids);
      expect(after.summaries).toEqual(before.summaries);
      expect(after.featureColumns).toEqual(before.featureColumns);
      expect(after.table).toEqual(before.table);
      // A day later the same code does see them: the test would notice if nothing had been planted.
      const later = await inputsAt(cutoff + DAY);
      const i = later.ids.indexOf(target);
      expect(later.summaries[i]!.spend).toBeCloseTo(before.summaries[0]!.spend + 45, 6);
      expect(later.ids).toContain(planted.customerId);
    } finally {
      await stores.close();
    }
  }, 60_000);
});
