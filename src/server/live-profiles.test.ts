import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import { createPacer } from './live-profiles.js';

describe('createPacer', () => {
  it('keeps the work within its share of a core', async () => {
    let now = 1_000;
    const pacer = createPacer(0.25, () => now);
    await pacer.wait(); // nothing done yet: no wait
    pacer.done(now - 30); // a 30 ms call just ended
    const waited = vi.useFakeTimers();
    let resolved = false;
    const waiting = pacer.wait().then(() => (resolved = true));
    await waited.advanceTimersByTimeAsync(89);
    expect(resolved).toBe(false);
    await waited.advanceTimersByTimeAsync(1);
    await waiting;
    expect(resolved).toBe(true);
    vi.useRealTimers();
    now += 1_000; // idle for a second: the next call may start at once
    const t = performance.now();
    await pacer.wait();
    expect(performance.now() - t).toBeLessThan(20);
  });
});

describe('live profile updates on a worker thread', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('apply events off the event loop: the server runtime does not run the updater itself', async () => {
    t = await createTestApp({ env: { RAPPORT_PROFILES_LIVE_THREAD: 'true' } });
    const update = vi.spyOn(t.runtime.profiles, 'update');
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: t.basic(t.keys.write),
      payload: {
        batch: [
          { type: 'track', event: 'Product Viewed', userId: 'u-1', properties: { category: 'Garden' } },
          { type: 'identify', userId: 'u-1', traits: { plan: 'gold' } },
        ],
      },
    });
    expect(res.statusCode).toBe(200);
    await t.runtime.bus.drain();
    const profile = await t.runtime.profiles.find('u-1');
    expect(profile?.eventCount).toBe(2);
    expect(profile?.traits.plan).toBe('gold');
    expect(update).not.toHaveBeenCalled();
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics', headers: t.bearer(t.keys.admin) });
    expect(metrics.body).toMatch(/rapport_profiles_live_applied_events_total 2\b/);
    expect(metrics.body).toMatch(/rapport_profiles_live_pending_events 0\b/);
  }, 60_000);

  it('skip the oldest events beyond the pending limit, count them, and keep going', async () => {
    t = await createTestApp({
      env: { RAPPORT_PROFILES_LIVE_THREAD: 'false', RAPPORT_PROFILES_LIVE_MAX_PENDING: '1000' },
    });
    const batch = (from: number) =>
      Array.from({ length: 100 }, (_, i) => ({
        type: 'track',
        event: 'Product Viewed',
        userId: `u-${from + i}`,
        properties: {},
      }));
    // Twelve requests before the consumer's first turn: 1,200 events pending, 200 over the limit.
    await Promise.all(
      Array.from({ length: 12 }, (_, r) =>
        t!.app.inject({
          method: 'POST',
          url: '/v1/batch',
          headers: t!.basic(t!.keys.write),
          payload: { batch: batch(r * 100) },
        }),
      ),
    );
    await t.runtime.bus.drain();
    const stats = t.runtime.liveProfiles?.stats();
    expect(stats?.dropped).toBeGreaterThan(0);
    expect((stats?.dropped ?? 0) + (stats?.delivered ?? 0)).toBe(1_200);
    expect(await t.runtime.profiles.count()).toBe(stats?.delivered);
    const metrics = await t.app.inject({ method: 'GET', url: '/metrics', headers: t.bearer(t.keys.admin) });
    const skipped = /rapport_profiles_live_skipped_events_total (\d+)/.exec(metrics.body)?.[1];
    expect(Number(skipped)).toBe(stats?.dropped);
  }, 60_000);
});
