import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import type { ProfileRecord } from '../profiles/index.js';
import { rfmSegment } from '../profiles/rfm-segments.js';
import { fixedClock } from '../shared/index.js';

const NOW = Date.UTC(2026, 5, 15, 12);
const DAY = 86_400_000;

/**
 * 60 profiles in three well-separated behaviour groups (dormant browsers, occasional buyers, big spenders),
 * with RFM scores cycling through the grid, so clustering and the RFM grid have known answers.
 */
function profiles(): ProfileRecord[] {
  return Array.from({ length: 60 }, (_, i) => {
    const group = i % 3;
    const r = (i % 5) + 1;
    const f = (Math.floor(i / 5) % 5) + 1;
    const m = ((i + 2) % 5) + 1;
    const base = [
      { days_since_last_seen: 150, order_count: 0, order_value_total: 0, session_count: 1, product_views: 2 },
      {
        days_since_last_seen: 30,
        order_count: 2,
        order_value_total: 80,
        session_count: 8,
        product_views: 40,
      },
      {
        days_since_last_seen: 3,
        order_count: 20,
        order_value_total: 4_000,
        session_count: 60,
        product_views: 400,
      },
    ][group] as Record<string, number>;
    const features = Object.fromEntries(
      Object.entries(base).map(([k, v]) => [k, v * (1 + ((i * 7) % 10) / 100)]),
    );
    return {
      customerId: `cus_${String(i).padStart(3, '0')}`,
      userId: `user-${String(i).padStart(3, '0')}`,
      traits: { plan: group === 2 ? 'pro' : 'basic' },
      pii: null,
      emailHash: null,
      firstSeenAt: NOW - 200 * DAY,
      lastSeenAt: NOW - (base.days_since_last_seen ?? 0) * DAY,
      eventCount: 10 + i,
      computed: {},
      features: { ...features, category_affinity: { Garden: 0.6, Kitchen: 0.4 } },
      rfm: { recency: 10, frequency: f, monetary: m * 10, r, f, m, segment: rfmSegment(r, f, m) },
      state: {},
      builtAt: NOW,
      updatedAt: NOW,
    };
  });
}

describe('dashboard API: memberships, segment sizes, RFM grid, clusters', () => {
  let t: TestApp;
  const seeded = profiles();
  const get = (url: string, key?: string) =>
    t.app.inject({ method: 'GET', url, headers: t.bearer(key ?? t.keys.read) });

  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock(NOW) });
    await t.runtime.stores.profiles.put(seeded);
  }, 60_000);
  afterAll(async () => t.close(), 30_000);

  it('lists the segments a profile belongs to, with the time it entered', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/segments',
      headers: t.bearer(t.keys.admin),
      payload: { name: 'Recent', rule: { rfm: 'r', op: 'gte', value: 4 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const other = await t.app.inject({
      method: 'POST',
      url: '/v1/segments',
      headers: t.bearer(t.keys.admin),
      payload: { name: 'A pros', rule: { trait: 'plan', op: 'eq', value: 'pro' } },
    });
    expect(other.statusCode, other.body).toBe(201);
    const recentId = created.json().data.id as string;
    const prosId = other.json().data.id as string;

    // cus_008: i = 8, r = 4 (member of Recent), group 2 (pro)
    const both = await get('/v1/profiles/cus_008');
    expect(both.statusCode, both.body).toBe(200);
    expect(both.json().segments).toEqual([
      { id: prosId, name: 'A pros', kind: 'rule', since: new Date(NOW).toISOString() },
      { id: recentId, name: 'Recent', kind: 'rule', since: new Date(NOW).toISOString() },
    ]);
    // cus_000: r = 1, group 0: no segment
    const none = await get('/v1/profiles/cus_000');
    expect(none.json()).toMatchObject({ customerId: 'cus_000', segments: [] });
  });

  it("returns a segment's size history and 404s an unknown segment", async () => {
    const list = (await get('/v1/segments')).json().data as { id: string; name: string }[];
    const recent = list.find((s) => s.name === 'Recent');
    expect(recent).toBeDefined();
    const sizes = await get(`/v1/segments/${recent?.id ?? ''}/sizes`);
    expect(sizes.statusCode, sizes.body).toBe(200);
    const wantSize = seeded.filter((p) => (p.rfm?.r ?? 0) >= 4).length;
    expect(sizes.json()).toEqual({
      data: [{ at: new Date(Math.floor(NOW / DAY) * DAY).toISOString(), size: wantSize }],
    });
    const missing = await get('/v1/segments/seg_nope/sizes');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('segment_not_found');
  });

  it('counts profiles per R × FM cell with the segment name', async () => {
    const res = await get('/v1/rfm/grid');
    expect(res.statusCode, res.body).toBe(200);
    const want = new Map<string, number>();
    for (const p of seeded) {
      const rfm = p.rfm;
      if (!rfm) continue;
      const key = `${rfm.r}|${Math.floor((rfm.f + rfm.m + 1) / 2)}|${rfm.segment}`;
      want.set(key, (want.get(key) ?? 0) + 1);
    }
    const body = res.json().data as {
      profiles: number;
      cells: { r: number; fm: number; segment: string; count: number }[];
    };
    expect(body.profiles).toBe(seeded.length);
    expect(new Map(body.cells.map((c) => [`${c.r}|${c.fm}|${c.segment}`, c.count]))).toEqual(want);
    // the segment named for each cell is the documented map's (docs/rfm.md)
    const champions = body.cells.filter((c) => c.segment === 'Champions');
    expect(champions.every((c) => c.r === 5 && c.fm >= 4)).toBe(true);
    // R 5 first
    expect(body.cells[0]?.r).toBe(5);
  });

  it('clusters the profiles and projects them to 2-D', async () => {
    const res = await get('/v1/segments/clusters?k=3&seed=7');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json().data as {
      profiles: number;
      truncated: boolean;
      k: number;
      clusters: { cluster: number; name: string; size: number }[];
      points: { customerId: string; x: number; y: number; cluster: number }[];
    };
    expect(body).toMatchObject({ profiles: 60, truncated: false, k: 3 });
    expect(body.clusters.map((c) => c.size).sort()).toEqual([20, 20, 20]);
    expect(body.clusters.every((c) => c.name.length > 0)).toBe(true);
    expect(body.points).toHaveLength(60);
    // each behaviour group is one cluster
    const clusterOf = new Map(body.points.map((p) => [p.customerId, p.cluster]));
    for (let group = 0; group < 3; group++) {
      const labels = new Set(
        seeded.filter((_, i) => i % 3 === group).map((p) => clusterOf.get(p.customerId)),
      );
      expect(labels.size).toBe(1);
    }
    const again = await get('/v1/segments/clusters?k=3&seed=7');
    expect(again.json()).toEqual(res.json());

    const badK = await get('/v1/segments/clusters?k=1');
    expect(badK.statusCode).toBe(400);
    const tooMany = await get('/v1/segments/clusters?k=20');
    expect(tooMany.statusCode).toBe(200);
  });

  it('needs a read key for every new route and documents them in the OpenAPI document', async () => {
    const urls = ['/v1/rfm/grid', '/v1/segments/clusters', '/v1/segments/seg_x/sizes'];
    for (const url of urls) {
      const anonymous = await t.app.inject({ method: 'GET', url });
      expect(anonymous.statusCode, url).toBe(401);
      expect((await get(url, t.keys.write)).statusCode, url).toBe(403);
    }
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.paths['/v1/rfm/grid']?.get).toBeDefined();
    expect(doc.paths['/v1/segments/clusters']?.get).toBeDefined();
    expect(doc.paths['/v1/segments/{id}/sizes']?.get).toBeDefined();
  });
});

describe('dashboard API with fewer than 3 profiles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close(), 30_000);

  it('returns an empty clustering and an empty grid', async () => {
    const clusters = await t.app.inject({
      method: 'GET',
      url: '/v1/segments/clusters',
      headers: t.bearer(t.keys.read),
    });
    expect(clusters.statusCode, clusters.body).toBe(200);
    expect(clusters.json().data).toMatchObject({ profiles: 0, k: 0, clusters: [], points: [] });
    const grid = await t.app.inject({ method: 'GET', url: '/v1/rfm/grid', headers: t.bearer(t.keys.read) });
    expect(grid.json()).toEqual({ data: { profiles: 0, cells: [] } });
  });
});
