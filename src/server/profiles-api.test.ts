import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';

const day = 86_400_000;
const t0 = Date.parse('2026-09-01T10:00:00.000Z');
const at = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();

/** A small shop history: anonymous browsing later identified, a shared device, an alias, an anonymous visitor. */
function history() {
  let n = 0;
  const id = () => `msg-${String(n++).padStart(4, '0')}`;
  return [
    // anon-1 browses garden products, then logs in as u-1
    ...[0, 1, 2].map((i) => ({
      type: 'track',
      event: 'Product Viewed',
      anonymousId: 'anon-1',
      properties: { category: 'Garden', price: 20 },
      context: { device: { type: 'mobile' } },
      timestamp: at(i * 60_000),
      messageId: id(),
    })),
    {
      type: 'identify',
      userId: 'u-1',
      anonymousId: 'anon-1',
      traits: { email: 'Jane.Doe@Example.com', plan: 'gold', name: 'Jane Doe' },
      context: { consent: { categoryPreferences: { Advertising: true, Analytics: true } } },
      timestamp: at(5 * 60_000),
      messageId: id(),
    },
    {
      type: 'track',
      event: 'Order Completed',
      userId: 'u-1',
      properties: { revenue: 42.5, category: 'Garden' },
      timestamp: at(day),
      messageId: id(),
    },
    // a device shared with u-2 later: anon-1 must stay with u-1
    {
      type: 'identify',
      userId: 'u-2',
      anonymousId: 'anon-1',
      traits: { plan: 'basic' },
      timestamp: at(2 * day),
      messageId: id(),
    },
    // u-3 was known as old-3 before: an alias merges them
    {
      type: 'track',
      event: 'Product Viewed',
      userId: 'old-3',
      properties: { category: 'Kitchen' },
      timestamp: at(0),
      messageId: id(),
    },
    { type: 'alias', userId: 'u-3', previousId: 'old-3', timestamp: at(3 * day), messageId: id() },
    { type: 'page', name: 'Home', anonymousId: 'visitor-9', timestamp: at(4 * day), messageId: id() },
  ];
}

describe('profiles API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: t.basic(t.keys.write),
      payload: { batch: history() },
    });
    expect(res.statusCode).toBe(200);
    const summary = await t.runtime.profiles.build({ asOf: t0 + 10 * day });
    expect(summary.conflicts).toBe(1);
  }, 60_000);
  afterAll(() => t.close(), 30_000);

  const get = (url: string, key = t.keys.read) => t.app.inject({ method: 'GET', url, headers: t.basic(key) });

  it('finds the same profile by customer id, userId and a later-identified anonymousId', async () => {
    const byAnon = (await get('/v1/profiles/anon-1')).json();
    const byUser = (await get('/v1/profiles/u-1')).json();
    expect(byAnon.customerId).toBe(byUser.customerId);
    expect(byAnon.customerId).toMatch(/^cus_/);
    const byId = await get(`/v1/profiles/${byAnon.customerId as string}`);
    expect(byId.json().userId).toBe('u-1');
    // the anonymous browsing counts toward the customer: 3 views + identify + order
    expect(byUser.eventCount).toBe(5);
    expect(byUser.features.favourite_category).toBe('Garden');
    expect(byUser.computedTraits.orders_90d).toBe(1);
    expect(byUser.computedTraits.revenue_90d).toBe(42.5);
    expect(byUser.merges).toEqual([expect.objectContaining({ reason: 'identify', kept: byUser.customerId })]);
    expect(byUser.identities).toEqual(
      expect.arrayContaining([
        { kind: 'user_id', value: 'u-1' },
        { kind: 'anonymous_id', value: 'anon-1' },
      ]),
    );
    expect(byUser.recentEvents.map((e: { type: string }) => e.type)).toContain('identify');
  });

  it('keeps a shared device with its first user and gives the second user its own profile', async () => {
    const u2 = (await get('/v1/profiles/u-2')).json();
    const u1 = (await get('/v1/profiles/u-1')).json();
    expect(u2.customerId).not.toBe(u1.customerId);
    expect(u2.traits.plan).toBe('basic');
    expect(u1.traits.plan).toBe('gold');
  });

  it('merges two userIds joined by an explicit alias', async () => {
    const u3 = (await get('/v1/profiles/u-3')).json();
    const old = (await get('/v1/profiles/old-3')).json();
    expect(u3.customerId).toBe(old.customerId);
    expect(u3.merges.some((m: { reason: string }) => m.reason === 'alias')).toBe(true);
  });

  it('masks PII for read keys and shows it to admin keys', async () => {
    const masked = (await get('/v1/profiles/u-1')).json();
    expect(masked.traits.email).not.toContain('jane');
    expect(masked.traits.email).toMatch(/\*\*\*/);
    const clear = (await get('/v1/profiles/u-1', t.keys.admin)).json();
    expect(clear.traits.email).toBe('Jane.Doe@Example.com');
    expect(clear.traits.name).toBe('Jane Doe');
  });

  it('finds a profile by email through the keyed hash, whatever its case and spacing', async () => {
    const res = await get(`/v1/profiles?email=${encodeURIComponent('  jane.doe@EXAMPLE.com ')}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toHaveLength(1);
    expect(res.json().data[0].userId).toBe('u-1');
    expect((await get('/v1/profiles?email=nobody%40example.com')).json().data).toEqual([]);
  });

  it('lists profiles in pages and by id prefix', async () => {
    const first = (await get('/v1/profiles?limit=2')).json();
    expect(first.data).toHaveLength(2);
    const second = (await get(`/v1/profiles?limit=2&cursor=${first.nextCursor as string}`)).json();
    const ids = [...first.data, ...second.data].map((p: { customerId: string }) => p.customerId);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    const byPrefix = (await get('/v1/profiles?q=u-')).json();
    expect(byPrefix.data.map((p: { userId: string }) => p.userId).sort()).toEqual(
      ['u-1', 'u-2', 'u-3'].sort(),
    );
  });

  it('takes consent from the Segment consent context and from the API, with history', async () => {
    const initial = (await get('/v1/profiles/u-1/consent')).json();
    const by = (r: { purposes: { purpose: string; granted: boolean; source: string }[] }) =>
      Object.fromEntries(r.purposes.map((p) => [p.purpose, p]));
    expect(by(initial).marketing_email).toMatchObject({ granted: true, source: 'context' });
    expect(by(initial).llm_processing).toMatchObject({ granted: false, source: 'default' });
    expect(
      (await get('/v1/profiles/u-2/consent'))
        .json()
        .purposes.every((p: { source: string }) => p.source === 'default'),
    ).toBe(true);

    const put = (payload: unknown, key = t.keys.admin) =>
      t.app.inject({
        method: 'PUT',
        url: '/v1/profiles/anon-1/consent',
        headers: t.basic(key),
        payload: payload as object,
      });
    const updated = await put({ purposes: { marketing_email: false } });
    expect(updated.statusCode).toBe(200);
    expect(by(updated.json()).marketing_email).toMatchObject({ granted: false, source: 'api' });
    expect(updated.json().history[0]).toMatchObject({
      purpose: 'marketing_email',
      granted: false,
      source: 'api',
    });
    expect(updated.json().history.length).toBeGreaterThanOrEqual(2);
    expect(await t.runtime.consent.checkConsent(updated.json().customerId, 'marketing_email')).toBe(false);
    expect(await t.runtime.consent.checkConsent(updated.json().customerId, 'analytics')).toBe(true);
    expect((await get('/v1/profiles/u-1')).json().consent).toEqual(
      expect.arrayContaining([expect.objectContaining({ purpose: 'marketing_email', granted: false })]),
    );

    expect((await put({ purposes: { marketing_fax: true } })).json().error.code).toBe('invalid_request');
    expect((await put({ purposes: { marketing_email: 'yes' } })).statusCode).toBe(400);
    expect((await put({ purposes: { marketing_email: true } }, t.keys.read)).statusCode).toBe(403);
    const malformed = await t.app.inject({
      method: 'PUT',
      url: '/v1/profiles/anon-1/consent',
      headers: { ...t.basic(t.keys.admin), 'content-type': 'application/json' },
      payload: '{"purposes": {',
    });
    expect(malformed.json().error.code).toBe('invalid_json');
  });

  it('answers unknown and hostile ids with a 404 and stable codes, and needs a read key', async () => {
    for (const id of ["' OR 1=1 --", 'nobody', '%', 'cus_%25', '\u202e\u0000x']) {
      const res = await get(`/v1/profiles/${encodeURIComponent(id)}`);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('profile_not_found');
    }
    expect((await get('/v1/profiles?q=%25')).json().data).toEqual([]);
    expect((await get('/v1/profiles?cursor=!!')).json().error.code).toBe('invalid_cursor');
    const unauth = await t.app.inject({ method: 'GET', url: '/v1/profiles/u-1' });
    expect(unauth.statusCode).toBe(401);
    expect((await get('/v1/profiles/u-1', t.keys.write)).statusCode).toBe(403);
  });

  it('serves model scores of the active version, explained, and segments on them', async () => {
    const customerOf = async (id: string) =>
      (JSON.parse((await get(`/v1/profiles/${id}`)).body) as { customerId: string }).customerId;
    const [c1, c3] = [await customerOf('u-1'), await customerOf('u-3')];
    const register = async (version: number) =>
      (
        await t.runtime.models.register(
          {
            name: 'propensity_30d',
            modelType: 'logistic_regression',
            dataWindow: { from: t0, to: t0 + 10 * day, asOf: t0 + 10 * day },
            features: ['orders_90d'],
            preprocessing: null,
            seed: 0,
            params: {},
            metrics: { roc_auc: 0.6 + version / 10 },
            primaryMetric: { name: 'roc_auc', higherIsBetter: true },
            trainingSeconds: 0.1,
            artifact: {},
          },
          { actor: 'cli' },
        )
      ).model;
    const v1 = await register(1);
    const why = [{ feature: 'orders_90d', value: 1, contribution: 0.8 }];
    await t.runtime.stores.scores.write(v1.id, [
      { customerId: c1, value: 0.75, detail: { contributions: why } },
      { customerId: c3, value: 0.1, detail: { contributions: [] } },
    ]);

    const scores = JSON.parse((await get('/v1/profiles/u-1/scores')).body);
    expect(scores).toEqual({
      customerId: c1,
      scores: [
        {
          name: 'propensity_30d',
          value: 0.75,
          model: { id: v1.id, version: 1 },
          asOf: new Date(t0 + 10 * day).toISOString(),
          contributions: why,
        },
      ],
    });
    expect(JSON.parse((await get('/v1/profiles/u-1')).body).scores).toEqual({ propensity_30d: 0.75 });
    const page = JSON.parse((await get('/v1/profiles?limit=50')).body) as {
      data: { customerId: string; scores: Record<string, number> }[];
    };
    expect(page.data.find((p) => p.customerId === c3)?.scores).toEqual({ propensity_30d: 0.1 });

    const preview = async (rule: unknown) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/segments/preview',
        headers: t.basic(t.keys.read),
        payload: { rule },
      });
    const likely = await preview({ score: 'propensity_30d', op: 'gte', value: 0.5 });
    expect(JSON.parse(likely.body).data).toEqual({ count: 1, sample: [c1] });
    const typo = await preview({ score: 'propensty_30d', op: 'gte', value: 0.5 });
    expect(typo.statusCode).toBe(400);

    // A better version with its own scores goes live: every customer's score switches with it.
    const v2 = await register(2);
    expect(v2.status).toBe('active');
    await t.runtime.stores.scores.write(v2.id, [{ customerId: c3, value: 0.9, detail: {} }]);
    expect(JSON.parse((await preview({ score: 'propensity_30d', op: 'gte', value: 0.5 })).body).data).toEqual(
      {
        count: 1,
        sample: [c3],
      },
    );
    expect(JSON.parse((await get('/v1/profiles/u-1/scores')).body).scores).toEqual([]);
    expect((await get('/v1/profiles/nobody-at-all/scores')).statusCode).toBe(404);

    // A stored segment on the score follows a rollback: its members are re-materialised from v1's scores.
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/segments',
      headers: t.basic(t.keys.admin),
      payload: { name: 'Likely buyers', rule: { score: 'propensity_30d', op: 'gte', value: 0.5 } },
    });
    expect(created.statusCode, created.body).toBe(201);
    const segmentId = (JSON.parse(created.body) as { data: { id: string } }).data.id;
    const members = async () =>
      (
        JSON.parse((await get(`/v1/segments/${segmentId}/members`)).body) as {
          data: { customerId: string }[];
        }
      ).data.map((m) => m.customerId);
    expect(await members()).toEqual([c3]);
    const rolledBack = await t.app.inject({
      method: 'POST',
      url: '/v1/models/propensity_30d/rollback',
      headers: t.basic(t.keys.admin),
      payload: {},
    });
    expect(rolledBack.statusCode, rolledBack.body).toBe(200);
    expect(await members()).toEqual([c1]);
  });
});
