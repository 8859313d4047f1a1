import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stores } from '../adapters/open-stores.js';
import { accumulateProfiles } from '../profiles/accumulate-profiles.js';
import { fitSpendRegressor, predictSpend } from './clv-regressor.js';
import { clvScores } from './clv-scores.js';
import { spendBetween } from './clv-summary.js';
import { DAY, openShop, plantedCustomers, simulatedShop, start } from './test-kit.js';
import { clvInputsAt, readPlacedOrders } from './clv-inputs.js';
import { trainClvModel, type TrainedClvModel } from './train-clv.js';
import type { DemandDeps } from './train-demand.js';

const asOf = start + 240 * DAY;
const horizonDays = 90;

let dir: string;
let shop: { stores: Stores; deps: DemandDeps };
/** Scored by BG/NBD + Gamma-Gamma (the GBDT is skipped: one horizon of history before the held-out window). */
let probabilistic: TrainedClvModel;
/** The same model scored by a GBDT refitted on the last window, as `trainClvModel` does when the GBDT wins. */
let gbdt: TrainedClvModel;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-clv-scores-'));
  shop = await openShop(dir, [...simulatedShop(600, 'clv-scores'), ...plantedCustomers()]);
  probabilistic = await trainClvModel(shop.deps, { asOf, horizonDays, seed: 1 });

  const frameDeps = { features: shop.deps.features, computedTraits: shop.deps.computedTraits };
  const placed = await readPlacedOrders(shop.deps.source, asOf);
  const cutoff = asOf - horizonDays * DAY;
  const held = clvInputsAt(await accumulateProfiles(shop.deps, cutoff), placed, cutoff, frameDeps);
  const spend = spendBetween(held.orders, cutoff, asOf);
  const regressor = fitSpendRegressor(
    held.table,
    Float64Array.from(held.ids, (id) => spend.get(id) ?? 0),
    1,
  );
  const latest = clvInputsAt(
    await accumulateProfiles(shop.deps, asOf),
    placed,
    asOf,
    frameDeps,
    held.featureColumns,
  );
  const predicted = predictSpend(regressor, latest.table);
  gbdt = {
    ...probabilistic,
    chosen: 'gbdt_regression',
    regressor,
    scores: new Map(latest.ids.map((id, i) => [id, predicted[i]!])),
    scoring: { customerIds: latest.ids, summaries: latest.summaries, table: latest.table },
  };
}, 120_000);

afterAll(async () => {
  await shop.stores.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('clvScores', () => {
  it('gives every scored customer its expected spend and the BG/NBD outlook as of asOf', () => {
    // ~120 customers had bought by the GBDT's training cutoff (day 60 of first orders spread over 300 days).
    expect(probabilistic.skipped.gbdt_regression).toBeDefined();
    expect(probabilistic.chosen).toBe('bgnbd_gamma_gamma');
    const scores = clvScores(probabilistic);
    expect(scores.map((s) => s.customerId)).toEqual([...probabilistic.scores.keys()]);
    expect(scores.length).toBeGreaterThan(300);
    let dated = 0;
    for (const { customerId, value, detail } of scores) {
      expect(value).toBe(probabilistic.scores.get(customerId));
      expect(detail.contributions).toBeUndefined();
      const extra = detail.extra!;
      expect(Object.keys(extra).sort()).toEqual([
        'expectedOrderValue',
        'expectedOrders',
        'nextOrderAt',
        'probabilityAlive',
      ]);
      const alive = extra.probabilityAlive as number;
      expect(alive).toBe(probabilistic.probabilityAlive.get(customerId));
      expect(alive).toBeGreaterThanOrEqual(0);
      expect(alive).toBeLessThanOrEqual(1);
      const orders = extra.expectedOrders as number;
      const orderValue = extra.expectedOrderValue as number;
      expect(orders).toBeGreaterThanOrEqual(0);
      expect(orderValue).toBeGreaterThan(0);
      // BG/NBD + Gamma-Gamma scored: the spend is expected orders × expected order value.
      expect(value).toBeCloseTo(orders * orderValue, 9);
      // A date exactly when the customer is more likely alive than not, the same instant the model holds, after asOf.
      const next = extra.nextOrderAt;
      expect(next === null).toBe(alive <= 0.5);
      if (next !== null) {
        expect(typeof next).toBe('string');
        expect(Date.parse(next as string)).toBe(probabilistic.nextOrderAt.get(customerId));
        expect(Date.parse(next as string)).toBeGreaterThanOrEqual(asOf);
        dated++;
      }
    }
    expect(dated).toBeGreaterThan(0);
    expect(dated).toBeLessThan(scores.length);
  });

  it('explains a GBDT score with TreeSHAP contributions in spend units that add up to it', () => {
    const table = gbdt.scoring.table!;
    const top = table.columns.length;
    const scores = clvScores(gbdt, top);
    expect(scores.map((s) => s.customerId)).toEqual(gbdt.scoring.customerIds);
    const columns = new Map(table.columns.map((c, j) => [c.name, j]));
    const bases: number[] = [];
    scores.forEach(({ customerId, value, detail }, row) => {
      expect(value).toBe(gbdt.scores.get(customerId));
      // The outlook still comes from BG/NBD, whichever model gave the score.
      expect(detail.extra!.probabilityAlive).toBe(gbdt.probabilityAlive.get(customerId));
      const contributions = detail.contributions!;
      contributions.forEach((c, k) => {
        if (k > 0)
          expect(Math.abs(c.contribution)).toBeLessThanOrEqual(Math.abs(contributions[k - 1]!.contribution));
        const column = table.columns[columns.get(c.feature)!]!;
        const cell = column.kind === 'numeric' ? column.values[row]! : column.values[row];
        expect(c.value).toEqual(typeof cell === 'number' && Number.isNaN(cell) ? null : cell);
        expect(c.contribution).not.toBe(0);
      });
      // Additive: the spend (before the floor at 0) less every contribution is the same expected value for all.
      if (value > 0) bases.push(value - contributions.reduce((s, c) => s + c.contribution, 0));
    });
    expect(bases.length).toBeGreaterThan(100);
    for (const base of bases) expect(base).toBeCloseTo(bases[0]!, 6);
    // Somebody's score moved by the purchase history, and by default only the five largest are kept.
    expect(scores.some((s) => s.detail.contributions!.length > 0)).toBe(true);
    for (const s of clvScores(gbdt)) expect(s.detail.contributions!.length).toBeLessThanOrEqual(5);
  });
});
