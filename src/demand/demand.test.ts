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
  });

  it('learns churn among active customers', async () => {
    const result = await trainDemandModel(deps, { kind: 'churn', asOf: end - 10 * DAY });
    expect(result.name).toBe('churn_60d');
    expect(result.metrics.rocAuc).toBeGreaterThan(0.7);
  });

  it('refuses a window without enough labels, with a clear error', async () => {
    await expect(trainDemandModel(deps, { kind: 'propensity', asOf: start + 5 * DAY })).rejects.toMatchObject(
      {
        code: 'invalid_target',
      },
    );
  });
});
