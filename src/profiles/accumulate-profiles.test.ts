import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderWithLines, ReviewRecord } from '../commerce/ports.js';
import { openStores, type Stores } from '../adapters/open-stores.js';
import { makeEvent } from '../adapters/stores.contract.js';
import type { EventRecord } from '../ingest/event-types.js';
import { createRng } from '../shared/index.js';
import { accumulateProfiles, accumulateProfilesAt, importedCustomerIdsAt } from './accumulate-profiles.js';
import { defaultComputedTraits } from './computed-traits.js';
import { customerIdScheme } from './profile-service.js';
import type { CustomerRecord } from './ports.js';

const DAY = 86_400_000;
const start = Date.UTC(2026, 0, 1);

/**
 * Shoppers who browse anonymously, sign in at some point (identify: the anonymous history joins the user), buy,
 * review, and sometimes alias an older user id into theirs: who a profile is changes over time, so each cutoff has
 * its own identities.
 */
function history(users: number, seed: string) {
  const rng = createRng(seed);
  const at = (day: number) => Math.floor(start + day * DAY + rng.next() * DAY);
  const events: EventRecord[] = [];
  const orders: OrderWithLines[] = [];
  const reviews: ReviewRecord[] = [];
  const customers: CustomerRecord[] = [];
  for (let u = 0; u < users; u++) {
    const userId = `u${u}`;
    const anonymousId = `anon-${u}`;
    const signIn = Math.floor(rng.next() * 100);
    customers.push({
      id: `cus_imported_${u}`,
      externalId: userId,
      traits: { tier: u % 3 },
      pii: null,
      emailHash: null,
      createdAt: at(Math.floor(rng.next() * 100)),
      updatedAt: start,
    });
    for (let day = 0; day < 100; day++) {
      if (rng.next() < 0.15)
        events.push(
          makeEvent({
            userId: day >= signIn ? userId : null,
            anonymousId,
            timestamp: at(day),
            event: rng.next() < 0.8 ? 'Product Viewed' : 'Product Added',
            properties: { category: ['garden', 'toys', 'books'][u % 3], price: 10 + u },
          }),
        );
      if (day === signIn)
        events.push(makeEvent({ type: 'identify', event: null, userId, anonymousId, timestamp: at(day) }));
      if (rng.next() < 0.03) {
        const id = `ord-${u}-${day}`;
        const value = 20 + Math.round(rng.next() * 80);
        orders.push({
          id,
          customerId: rng.next() < 0.9 ? `cus_imported_${u}` : null,
          kind: rng.next() < 0.9 ? 'order' : 'cancellation',
          placedAt: at(day),
          currency: 'EUR',
          country: 'DE',
          total: value,
          discount: 0,
          channel: 'web',
          source: 'test',
          lines: [
            { orderId: id, lineNo: 1, productId: 'sku-1', description: null, quantity: 1, unitPrice: value },
          ],
        });
      }
      if (rng.next() < 0.01)
        reviews.push({
          id: `rev-${u}-${day}`,
          customerId: `cus_imported_${u}`,
          productId: 'sku-1',
          rating: 1 + Math.floor(rng.next() * 5),
          title: rng.next() < 0.5 ? null : 'Fast delivery',
          body: ['ok', 'Terrible quality, broke after a day', 'Great price, love it'][day % 3] as string,
          createdAt: at(day),
          source: 'test',
        });
    }
    // Every fifth user takes over the previous user's id halfway through.
    if (u % 5 === 4)
      events.push(
        makeEvent({
          type: 'alias',
          event: null,
          userId,
          previousId: `u${u - 1}`,
          anonymousId: null,
          timestamp: at(45),
        }),
      );
  }
  return { events, orders, reviews, customers };
}

let dir: string;
let stores: Stores;
const deps = () => ({
  source: stores.profileSource,
  settle: () => stores.events.settle(),
  computedTraits: defaultComputedTraits,
  scheme: customerIdScheme,
});

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-accumulate-'));
  stores = await openStores({ kind: 'sqlite', file: path.join(dir, 'a.db'), synchronous: 'normal' });
  const { events, orders, reviews, customers } = history(60, 'cutoffs');
  await stores.customers.upsert(customers);
  await stores.events.append(events);
  await stores.orders.upsert(orders);
  await stores.reviews.upsert(reviews);
}, 60_000);

afterAll(async () => {
  await stores.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('accumulateProfilesAt', () => {
  const cutoffs = [start + 80.5 * DAY, start + 20 * DAY, start + 50.25 * DAY];

  it('gives at each cutoff exactly what accumulateProfiles gives for it, in the order asked', async () => {
    const together = await accumulateProfilesAt(deps(), cutoffs);
    expect(together).toHaveLength(3);
    for (const [k, cutoff] of cutoffs.entries()) {
      const alone = await accumulateProfiles(deps(), cutoff);
      expect(together[k]!.asOf).toBe(cutoff);
      expect(together[k]).toEqual(alone);
    }
    // The cutoffs differ in what they know, so the test would notice a replay shared between them.
    const [late, early, middle] = together as [
      (typeof together)[0],
      (typeof together)[0],
      (typeof together)[0],
    ];
    expect(early.events).toBeLessThan(middle.events);
    expect(middle.events).toBeLessThan(late.events);
    expect(early.orders).toBeLessThan(late.orders);
    expect(early.resolution.merges.length).toBeLessThan(late.resolution.merges.length);
    // Reviews are read once for all cutoffs: each cutoff has only those written up to it, text analysed.
    const reviewsOf = (r: (typeof together)[0]) =>
      [...r.accs.values()].reduce((n, a) => n + a.reviews.count, 0);
    expect(reviewsOf(early)).toBeLessThan(reviewsOf(late));
    expect([...late.accs.values()].some((a) => a.reviews.scored > 0 && a.reviews.aspects.quality)).toBe(true);
    // An alias after the early cutoff moves an imported customer to another profile.
    expect([...late.importedId].some(([id, profile]) => early.importedId.get(id) !== profile)).toBe(true);
  });

  it('importedCustomerIdsAt resolves the imported customers as the replays do, without them', async () => {
    const ids = await importedCustomerIdsAt(deps(), cutoffs);
    const replays = await accumulateProfilesAt(deps(), cutoffs);
    expect(ids).toEqual(replays.map((r) => r.importedId));
    expect(await accumulateProfilesAt(deps(), [])).toEqual([]);
  });
});

describe('accumulateProfiles for users known by their userId alone', () => {
  it('gives the profile its userId though the userId was never linked to another identifier', async () => {
    const own = await openStores({ kind: 'sqlite', file: path.join(dir, 'lone.db'), synchronous: 'normal' });
    try {
      await own.events.append([
        makeEvent({ type: 'identify', event: null, userId: 'solo', anonymousId: null, timestamp: start }),
        makeEvent({ userId: 'solo', anonymousId: null, timestamp: start + DAY }),
      ]);
      const result = await accumulateProfiles(
        {
          source: own.profileSource,
          settle: () => own.events.settle(),
          computedTraits: defaultComputedTraits,
          scheme: customerIdScheme,
        },
        start + 2 * DAY,
      );
      const profile = result.accs.get(customerIdScheme.forUserId('solo'));
      expect(profile).toBeDefined();
      expect(profile?.userId).toBe('solo');
    } finally {
      await own.close();
    }
  });
});
