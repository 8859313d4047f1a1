import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import type { IncomingEvent } from './profile-updater.js';
import type { ProfileRecord } from './ports.js';

const t0 = Date.parse('2026-09-01T10:00:00.000Z');
let n = 0;

function event(e: Partial<IncomingEvent> & { at: number }): IncomingEvent {
  const { at, ...rest } = e;
  return {
    type: 'track',
    event: 'Product Viewed',
    userId: null,
    anonymousId: null,
    previousId: null,
    timestamp: t0 + at * 60_000,
    messageId: `m-${n++}`,
    properties: { category: 'Garden' },
    traits: {},
    context: {},
    pii: null,
    emailHash: null,
    ...rest,
  };
}

/** A shop's morning in three batches: browsing, a sign-up that merges a visitor, an alias. */
function batches(): IncomingEvent[][] {
  return [
    [
      event({ anonymousId: 'anon-1', at: 1 }),
      event({ anonymousId: 'anon-2', at: 2, properties: { category: 'Toys' } }),
      event({ userId: 'u-1', at: 3 }),
    ],
    [
      event({
        type: 'identify',
        event: null,
        userId: 'u-2',
        anonymousId: 'anon-1',
        traits: { plan: 'gold' },
        at: 4,
      }),
      event({ userId: 'u-1', at: 5, properties: { category: 'Kitchen' } }),
      event({ anonymousId: 'anon-2', at: 6 }),
    ],
    [
      event({ type: 'alias', event: null, userId: 'u-1', previousId: 'u-3', at: 7 }),
      event({ userId: 'u-2', at: 8, event: 'Order Completed', properties: { revenue: 30 } }),
    ],
  ];
}

const essentials = (p: ProfileRecord) => ({
  customerId: p.customerId,
  userId: p.userId,
  eventCount: p.eventCount,
  traits: p.traits,
  computed: p.computed,
  features: p.features,
});

async function stored(t: TestApp) {
  return (await t.runtime.profiles.list({ limit: 100 })).map(essentials);
}

// Each case opens whole runtimes over SQLite files (two in the first): seconds on a slow machine.
describe('the incremental updater’s memory', { timeout: 30_000 }, () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    for (const t of apps.splice(0)) await t.close();
  });
  const app = async () => {
    const t = await createTestApp({ env: { RAPPORT_PROFILES_LIVE: 'false' } });
    apps.push(t);
    return t;
  };

  it('defers writes while asked to, then writes exactly what updating batch by batch writes', async () => {
    const [deferred, direct] = [await app(), await app()];
    const input = batches();
    for (const b of input) {
      const s = await deferred.runtime.profiles.update(b, { defer: true });
      expect(s.deferred).toBeGreaterThan(0);
    }
    // Only merged-away profiles were deleted so far; the touched ones wait in memory.
    expect(await deferred.runtime.profiles.count()).toBe(0);
    const flushed = await deferred.runtime.profiles.update([]);
    expect(flushed.deferred).toBe(0);
    expect(flushed.customerIds.length).toBeGreaterThan(0);
    for (const b of batches()) await direct.runtime.profiles.update(b);
    expect(await stored(deferred)).toEqual(await stored(direct));
    const u2 = (await stored(deferred)).find((p) => p.userId === 'u-2');
    expect(u2?.eventCount).toBe(3); // anon-1's view, the identify, the order
  });

  it('locates the profile find finds, by any of its ids, reading only its ids and computed traits', async () => {
    const t = await app();
    for (const b of batches()) await t.runtime.profiles.update(b);
    const merged = (await t.runtime.profiles.find('anon-1')) as ProfileRecord;
    expect(merged.userId).toBe('u-2');
    for (const id of ['u-1', 'u-2', 'u-3', 'anon-1', 'anon-2', merged.customerId, 'nobody']) {
      const full = await t.runtime.profiles.find(id);
      expect(await t.runtime.profiles.locate(id)).toEqual(
        full && { customerId: full.customerId, userId: full.userId, computed: full.computed },
      );
    }
    expect(await t.runtime.profiles.locate('nobody')).toBeNull();
  });

  it('keeps profiles only while a burst lasts, and reads the store again after a rebuild elsewhere', async () => {
    const t = await app();
    const store = t.runtime.stores.profiles;
    await t.runtime.profiles.update([event({ userId: 'u-1', at: 1 })]);
    const first = (await t.runtime.profiles.find('u-1')) as ProfileRecord;
    // The event count comes from the stored replay state, which is what an update starts from.
    const withEvents = (p: ProfileRecord, events: number): ProfileRecord => {
      const state = p.state as { profile: Record<string, unknown> };
      return { ...p, state: { ...state, profile: { ...state.profile, events } } };
    };
    // Between bursts another writer's change is seen.
    await store.put([withEvents(first, 50)]);
    await t.runtime.profiles.update([event({ userId: 'u-1', at: 2 })], { defer: true });
    // Within a burst the kept profile wins over a change that does not move the generation…
    await store.put([withEvents(first, 70)]);
    await t.runtime.profiles.update([event({ userId: 'u-1', at: 3 })]);
    expect((await t.runtime.profiles.find('u-1'))?.eventCount).toBe(52);
    // …but a rebuild's write moves the generation: the next call starts from the stored row.
    await t.runtime.profiles.update([event({ userId: 'u-1', at: 4 })], { defer: true });
    await store.put([withEvents(first, 10)]);
    await store.deleteBuiltBefore(0);
    await t.runtime.profiles.update([event({ userId: 'u-1', at: 5 })]);
    expect((await t.runtime.profiles.find('u-1'))?.eventCount).toBe(11);
  });

  it('writes profiles first seen during a rebuild instead of dropping them with the rest', async () => {
    const t = await app();
    await t.runtime.profiles.update([event({ userId: 'old', at: 1 })]);
    await t.runtime.profiles.update([event({ userId: 'new', at: 2 }), event({ userId: 'old', at: 3 })], {
      defer: true,
    });
    await t.runtime.stores.profiles.deleteBuiltBefore(0); // a rebuild finished meanwhile
    await t.runtime.profiles.update([]);
    expect((await t.runtime.profiles.find('new'))?.eventCount).toBe(1);
    // The rebuild's row of a known customer stands (here: the one written before the burst).
    expect((await t.runtime.profiles.find('old'))?.eventCount).toBe(1);
  });

  it('a failed call leaves what waits in memory, and the next call writes it', async () => {
    const t = await app();
    await t.runtime.profiles.update([event({ userId: 'u-1', at: 1 })], { defer: true });
    expect(await t.runtime.profiles.find('u-1')).toBeNull();
    const store = t.runtime.stores.profiles;
    const getMany = store.getMany.bind(store);
    store.getMany = () => Promise.reject(new Error('disk on fire'));
    await expect(t.runtime.profiles.update([event({ userId: 'u-9', at: 2 })])).rejects.toThrow(
      'disk on fire',
    );
    store.getMany = getMany;
    await t.runtime.profiles.update([event({ userId: 'u-1', at: 3 })]);
    expect((await t.runtime.profiles.find('u-1'))?.eventCount).toBe(2);
    expect(await t.runtime.profiles.find('u-9')).toBeNull(); // its batch failed before anything was applied
    // A failed write keeps the profiles waiting too.
    const put = store.put.bind(store);
    store.put = () => Promise.reject(new Error('disk full'));
    await expect(t.runtime.profiles.update([event({ userId: 'u-1', at: 4 })])).rejects.toThrow('disk full');
    store.put = put;
    await t.runtime.profiles.update([]);
    expect((await t.runtime.profiles.find('u-1'))?.eventCount).toBe(3);
  });
});
