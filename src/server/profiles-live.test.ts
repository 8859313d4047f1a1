import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { ProfileRecord } from '../profiles/index.js';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';

const t0 = Date.parse('2026-09-01T10:00:00.000Z');
const minute = 60_000;

/** A shop's traffic: visitors browse anonymously, some log in (sometimes on a second device), one alias. */
function traffic(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let n = 0;
  const add = (e: Record<string, unknown>, at: number) =>
    out.push({
      ...e,
      timestamp: new Date(t0 + at * minute).toISOString(),
      messageId: `m-${String(n++).padStart(5, '0')}`,
    });
  for (let v = 0; v < 12; v++) {
    const anon = `anon-${v}`;
    for (let i = 0; i < 4; i++)
      add(
        {
          type: 'track',
          event: 'Product Viewed',
          anonymousId: anon,
          properties: { category: ['Garden', 'Kitchen', 'Toys'][(v + i) % 3], price: 10 + i },
          context: { device: { type: v % 2 ? 'mobile' : 'desktop' } },
        },
        v * 100 + i,
      );
    if (v % 3 !== 0) {
      add(
        { type: 'identify', userId: `user-${v % 8}`, anonymousId: anon, traits: { plan: `p${v}` } },
        v * 100 + 10,
      );
      add(
        { type: 'track', event: 'Order Completed', userId: `user-${v % 8}`, properties: { revenue: v * 5 } },
        v * 100 + 20,
      );
    }
  }
  add({ type: 'alias', userId: 'user-1', previousId: 'user-2' }, 5_000);
  return out;
}

const essentials = (p: ProfileRecord) => ({
  customerId: p.customerId,
  userId: p.userId,
  eventCount: p.eventCount,
  firstSeenAt: p.firstSeenAt,
  lastSeenAt: p.lastSeenAt,
  traits: p.traits,
  computed: p.computed,
  favourite: p.features.favourite_category,
  views: p.features.product_views,
});

async function snapshot(t: TestApp): Promise<Record<string, unknown>[]> {
  const all = await t.runtime.profiles.list({ limit: 1000 });
  return all.map(essentials);
}

const modes = [
  { name: 'on a worker thread', env: { RAPPORT_PROFILES_LIVE_THREAD: 'true' } },
  { name: 'on the event loop', env: { RAPPORT_PROFILES_LIVE_THREAD: 'false' } },
];

describe.each(modes)('live profile updates through the event bus, $name', ({ env }) => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('give the same profiles as a full rebuild, whatever order and batching the events arrive in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        async (size, seed) => {
          t = await createTestApp({ env });
          // A seeded shuffle: the events arrive out of order, in batches of `size`.
          const events = traffic();
          let s = seed;
          for (let i = events.length - 1; i > 0; i--) {
            s = (s * 1103515245 + 12345) % 2 ** 31;
            const j = s % (i + 1);
            [events[i], events[j]] = [
              events[j] as Record<string, unknown>,
              events[i] as Record<string, unknown>,
            ];
          }
          for (let i = 0; i < events.length; i += size) {
            const res = await t.app.inject({
              method: 'POST',
              url: '/v1/batch',
              headers: t.basic(t.keys.write),
              payload: { batch: events.slice(i, i + size) },
            });
            expect(res.statusCode).toBe(200);
          }
          await t.runtime.bus.drain();
          const live = await snapshot(t);
          await t.runtime.profiles.build();
          const rebuilt = await snapshot(t);
          const strip = (rows: Record<string, unknown>[]) => rows.map(({ computed: _c, ...rest }) => rest);
          expect(strip(live)).toEqual(strip(rebuilt));
          const u1 = live.find((p) => p.userId === 'user-1');
          expect(u1).toBeDefined();
          await t.close();
          t = null;
        },
      ),
      { numRuns: 4, examples: [[1, 0]] },
    );
  }, 120_000);

  it('shows a newly identified visitor under the user at once, with the anonymous history', async () => {
    t = await createTestApp({ env });
    const send = (batch: unknown[]) =>
      t!.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: t!.basic(t!.keys.write),
        payload: { batch },
      });
    await send([
      { type: 'page', name: 'Home', anonymousId: 'visitor', timestamp: new Date(t0).toISOString() },
      {
        type: 'track',
        event: 'Product Viewed',
        anonymousId: 'visitor',
        properties: { category: 'Garden' },
        timestamp: new Date(t0 + minute).toISOString(),
      },
    ]);
    await t.runtime.bus.drain();
    const anonymous = await t.runtime.profiles.find('visitor');
    expect(anonymous?.eventCount).toBe(2);
    await send([
      {
        type: 'identify',
        userId: 'u-9',
        anonymousId: 'visitor',
        traits: { plan: 'gold' },
        timestamp: new Date(t0 + 2 * minute).toISOString(),
      },
    ]);
    await t.runtime.bus.drain();
    const user = await t.runtime.profiles.find('visitor');
    expect(user?.userId).toBe('u-9');
    expect(user?.eventCount).toBe(3);
    expect(user?.traits.plan).toBe('gold');
    expect(await t.runtime.profiles.find(anonymous?.customerId as string)).toBeNull();
    expect(await t.runtime.profiles.merges(user?.customerId as string)).toEqual([
      expect.objectContaining({ mergedCustomerId: anonymous?.customerId, reason: 'identify' }),
    ]);
  }, 60_000);

  it('keeps rule segments current as events arrive', async () => {
    t = await createTestApp({ env });
    const send = (batch: unknown[]) =>
      t!.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: t!.basic(t!.keys.write),
        payload: { batch },
      });
    const segment = await t.runtime.segments.create({
      name: 'buyers',
      rule: { all: [{ computed: 'orders_90d', op: 'gte', value: 1 }] },
    });
    expect(segment.memberCount).toBe(0);
    const now = Date.now();
    await send([
      {
        type: 'track',
        event: 'Order Completed',
        userId: 'buyer-1',
        properties: { revenue: 12 },
        timestamp: new Date(now - minute).toISOString(),
      },
      {
        type: 'track',
        event: 'Product Viewed',
        userId: 'browser-1',
        properties: {},
        timestamp: new Date(now - minute).toISOString(),
      },
    ]);
    await t.runtime.bus.drain();
    const members = await t.runtime.segments.members(segment.id, { limit: 10 });
    const buyer = await t.runtime.profiles.find('buyer-1');
    expect(members.map((m) => m.customerId)).toEqual([buyer?.customerId]);
  }, 60_000);
});
