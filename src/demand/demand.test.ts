import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderWithLines } from '../commerce/ports.js';
import { openStores, type Stores } from '../adapters/open-stores.js';
import { makeEvent } from '../adapters/stores.contract.js';
import type { EventRecord } from '../ingest/event-types.js';
import { accumulateProfiles } from '../profiles/build-profiles.js';
import { defaultComputedTraits } from '../profiles/computed-traits.js';
import { defaultFeatures } from '../profiles/default-features.js';
import { createFeatureRegistry } from '../profiles/feature-registry.js';
import { customerIdScheme } from '../profiles/profile-service.js';
import { createRng } from '../shared/index.js';
import { buildFrame } from './frame.js';
import { confusionMatrix, trainBinary } from '../ml/index.js';
import { demandCandidate } from './demand-candidate.js';
import { demandEvaluation } from './demand-evaluation.js';
import { demandScores } from './demand-scores.js';
import { trainDemandModel, type DemandDeps } from './train-demand.js';

const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 1);
const end = start + 240 * DAY;

/**
 * A small shop: each customer has a hidden purchase rate; visits (product views) come at a rate that rises with it,
 * and orders follow the purchase rate. Propensity is learnable from recent views and orders.
 */
function shop(customers: number, seed: string): { events: EventRecord[]; orders: OrderWithLines[] } {
  const rng = createRng(seed);
  const events: EventRecord[] = [];
  const orders: OrderWithLines[] = [];
  for (let c = 0; c < customers; c++) {
    const userId = `user-${c}`;
    const rate = rng.next() < 0.5 ? 0.002 : 0.05; // orders per day
    const quitsAt = rng.next() < 0.3 ? start + rng.next() * 240 * DAY : Infinity;
    for (let t = start; t < Math.min(end, quitsAt); t += DAY) {
      if (rng.next() < rate * 8)
        events.push(
          makeEvent({ userId, timestamp: t + rng.next() * DAY, receivedAt: t, event: 'Product Viewed' }),
        );
      if (rng.next() < rate) {
        const placedAt = t + rng.next() * DAY;
        orders.push({
          id: `ord-${c}-${orders.length}`,
          customerId: customerIdScheme.forUserId(userId),
          kind: 'order',
          placedAt,
          currency: 'EUR',
          country: 'DE',
          total: 20 + rng.next() * 80,
          discount: 0,
          channel: 'web',
          source: 'test',
          lines: [],
        });
        events.push(
          makeEvent({ userId, timestamp: placedAt, receivedAt: placedAt, event: 'Order Completed' }),
        );
      }
    }
  }
  return { events, orders };
}

let dir: string;
let stores: Stores;
let deps: DemandDeps;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-demand-'));
  stores = await openStores({ kind: 'sqlite', file: path.join(dir, 'd.db'), synchronous: 'normal' });
  const { events, orders } = shop(400, 'demand');
  await stores.events.append(events);
  await stores.orders.upsert(orders);
  deps = {
    source: stores.profileSource,
    settle: () => stores.events.settle(),
    features: createFeatureRegistry(defaultFeatures),
    computedTraits: defaultComputedTraits,
    scheme: customerIdScheme,
    clock: { now: () => end },
  };
}, 60_000);

afterAll(async () => {
  await stores.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('point-in-time features', () => {
  it('a future event or order cannot change the features of a cutoff', async () => {
    const cutoff = start + 150 * DAY;
    const frameAt = async () => {
      const acc = await accumulateProfiles(deps, cutoff);
      const ids = [...acc.accs.keys()].sort();
      return buildFrame(acc.accs, ids, cutoff, deps);
    };
    const before = await frameAt();
    const target = customerIdScheme.forUserId('user-1');
    expect(before.frame.customerIds).toContain(target);
    // Plant, after the cutoff: a burst of activity, a purchase, and an identify with new traits for user-1, and a
    // brand-new customer.
    const after = cutoff + 1;
    await stores.events.append([
      ...Array.from({ length: 30 }, (_, i) =>
        makeEvent({ userId: 'user-1', timestamp: after + i * 60_000, event: 'Product Added' }),
      ),
      makeEvent({
        userId: 'user-1',
        type: 'identify',
        event: null,
        timestamp: after,
        traits: { plan: 'gold' },
      }),
      makeEvent({ userId: 'newcomer', timestamp: after + 5 }),
    ]);
    await stores.orders.upsert([
      {
        id: 'ord-future',
        customerId: target,
        kind: 'order',
        placedAt: after + 10,
        currency: 'EUR',
        country: 'DE',
        total: 999,
        discount: 0,
        channel: 'web',
        source: 'test',
        lines: [],
      },
    ]);
    const planted = await frameAt();
    expect(planted.frame.customerIds).toEqual(before.frame.customerIds);
    expect(planted.columns).toEqual(before.columns);
    expect(planted.frame.table).toEqual(before.frame.table);
    // The same data one day later does see them: the test would notice if nothing had been planted.
    const later = await accumulateProfiles(deps, cutoff + DAY);
    expect(later.accs.get(target)?.orders.lastAt).toBe(after + 10);
    expect(later.accs.get(target)?.profile.counts['track:Product Added']).toBe(30);
    expect(later.accs.has(customerIdScheme.forUserId('newcomer'))).toBe(true);
  });
});

describe('trainDemandModel', () => {
  it('learns purchase propensity out of time and scores every known customer', async () => {
    const result = await trainDemandModel(deps, { kind: 'propensity', asOf: end - 10 * DAY });
    expect(result.name).toBe('propensity_30d');
    expect(result.window.validationCutoff).toBe(result.window.asOf - 30 * DAY);
    expect(result.window.trainCutoff).toBe(result.window.asOf - 60 * DAY);
    expect(result.metrics.rocAuc).toBeGreaterThan(0.75);
    expect(result.metrics.baseRate).toBeGreaterThan(0.1);
    expect(Object.keys(result.selection)).toContain('gbdt');
    expect(result.scores.size).toBeGreaterThan(200);
    for (const p of result.scores.values()) expect(p).toBeGreaterThanOrEqual(0);
    // The hidden fast buyers score higher on average than the slow ones.
    expect(result.columns.map((c) => c.name)).toContain('days_since_last_order');

    // The evaluation stored with the version: the held-out report of the metrics, and importances.
    const { evaluation } = demandCandidate(result, 0);
    const { report, importance } = evaluation;
    expect(report.rocAuc).toBe(result.metrics.rocAuc);
    expect(report.averagePrecision).toBe(result.metrics.prAuc);
    expect([report.rows, report.positives]).toEqual([result.validationRows, result.metrics.positives]);
    const at50 = confusionMatrix(result.heldOut.y, result.heldOut.p, 0.5);
    expect([report.confusion.tp[50], report.confusion.fp[50], report.confusion.fn[50]]).toEqual([
      at50.tp,
      at50.fp,
      at50.fn,
    ]);
    expect(importance.permutation.baseline).toBe(result.metrics.rocAuc);
    expect(importance.permutation.features.map((f) => f.feature)).toEqual(result.columns.map((c) => c.name));
    // Activity carries the signal in this shop: shuffling the most important input costs held-out AUC, well beyond
    // the spread of its shuffles.
    const top = [...importance.permutation.features].sort((a, b) => b.mean - a.mean)[0];
    expect(top?.mean).toBeGreaterThan(0.02);
    expect(top?.mean).toBeGreaterThan(3 * (top?.std ?? Infinity));
    // The registered model's own importance: gain for GBDT, coefficients for logistic regression.
    expect(Object.keys(importance).sort()).toEqual(
      ['permutation', result.model.kind === 'gbdt' ? 'gain' : 'coefficients'].sort(),
    );

    // A logistic regression on the same window reports standardized coefficients: coefficient × the encoded
    // column's sd over its training rows, which is 1 for a z-scored numeric column without missing values.
    const rows = Array.from({ length: result.heldOut.table.rows }, (_, i) => i);
    const logreg = trainBinary('logreg', result.heldOut.table, result.heldOut.y, rows);
    const linear = demandEvaluation({ ...result, model: logreg }, 0).importance;
    expect(linear.gain).toBeUndefined();
    const fits = logreg.kind === 'logreg' ? logreg.encoding.columns : [];
    const complete = fits.find((f) => f.kind === 'numeric' && !f.missing && f.sd > 0);
    const coefficient = linear.coefficients?.find((c) => c.feature === complete?.name);
    expect(coefficient).toBeDefined();
    expect(coefficient?.value).toBeCloseTo(coefficient?.coef ?? NaN, 10);

    // A GBDT reports the total split gain of each input column.
    const gbdt = trainBinary('gbdt', result.heldOut.table, result.heldOut.y, rows, {
      gbdt: { numIterations: 30 },
    });
    const trees = demandEvaluation({ ...result, model: gbdt }, 0).importance;
    expect(trees.coefficients).toBeUndefined();
    expect(trees.gain?.map((g) => g.feature)).toEqual(result.columns.map((c) => c.name));
    expect(trees.gain?.reduce((sum, g) => sum + g.value, 0)).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(evaluation))).toEqual(evaluation);

    // A large held-out window is scored on a seeded sample, the same share of each label.
    expect(importance.permutation.rows).toBe(result.validationRows);
    const sampled = demandEvaluation(result, 0, { permutationMaxRows: 100 });
    const { positives, rows: heldOutRows } = result.metrics;
    expect(sampled.importance.permutation.rows).toBe(
      Math.round((positives * 100) / heldOutRows) +
        Math.round(((heldOutRows - positives) * 100) / heldOutRows),
    );
    expect(sampled.importance.permutation.baseline).not.toBe(result.metrics.rocAuc);
    expect(sampled.report).toEqual(report);
    expect(demandEvaluation(result, 0, { permutationMaxRows: 100 })).toEqual(sampled);
  });

  it('learns churn among active customers, and explains every score', async () => {
    const result = await trainDemandModel(deps, { kind: 'churn', asOf: end - 10 * DAY });
    expect(result.name).toBe('churn_60d');
    expect(result.metrics.rocAuc).toBeGreaterThan(0.7);

    const scores = demandScores(result, 3);
    expect(scores.map((s) => s.customerId)).toEqual(result.scoringFrame.customerIds);
    expect(scores).toHaveLength(result.scores.size);
    const columns = new Set(result.columns.map((c) => c.name));
    for (const s of scores) {
      expect(s.value).toBe(result.scores.get(s.customerId));
      const why = s.detail.contributions ?? [];
      expect(why.length).toBeGreaterThan(0);
      expect(why.length).toBeLessThanOrEqual(3);
      for (const c of why) expect(columns.has(c.feature)).toBe(true);
      const sizes = why.map((c) => Math.abs(c.contribution));
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    }
    // Customers at high risk owe it to their inputs: their top contribution pushes the score up.
    const risky = scores.filter((s) => s.value > 0.8);
    expect(risky.length).toBeGreaterThan(0);
    const pushedUp = risky.filter((s) => (s.detail.contributions?.[0]?.contribution ?? 0) > 0);
    expect(pushedUp.length / risky.length).toBeGreaterThan(0.8);
  });

  it('refuses a window without enough labels, with a clear error', async () => {
    await expect(trainDemandModel(deps, { kind: 'propensity', asOf: start + 5 * DAY })).rejects.toMatchObject(
      {
        code: 'invalid_target',
      },
    );
  });
});
