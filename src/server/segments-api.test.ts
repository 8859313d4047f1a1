import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import {
  FIXTURE_NOW,
  generateSegmentFixture,
  HOSTILE_TEXT,
  referenceMembers,
  seedSegmentFixture,
  type SegmentFixture,
} from '../adapters/segment-fixture/test-kit.js';
import { garbageArb } from '../adapters/segment-rules.contract.js';
import { openSqlite } from '../adapters/sqlite/open-sqlite.js';
import { defaultConsentPolicy, parseSegmentRule, type SegmentRule } from '../profiles/index.js';
import { fixedClock, isErrorCode } from '../shared/index.js';

const germanPro = {
  all: [
    { trait: 'country', op: 'eq', value: 'DE' },
    {
      any: [
        { trait: 'plan', op: 'eq', value: 'pro' },
        { rfm: 'r', op: 'gte', value: 4 },
      ],
    },
  ],
};

describe('segments API', () => {
  let t: TestApp;
  let fixture: SegmentFixture;
  const expected = (rule: unknown) => {
    const parsed = parseSegmentRule(rule, null);
    if (!parsed.ok) throw new Error('invalid test rule');
    return referenceMembers(fixture, parsed.rule as SegmentRule, defaultConsentPolicy);
  };
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, key?: string) =>
    t.app.inject({
      method,
      url,
      headers: t.bearer(key ?? (method === 'GET' ? t.keys.read : t.keys.admin)),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock(FIXTURE_NOW) });
    const { database } = t.runtime.config;
    if (database.kind !== 'sqlite') throw new Error('the test app runs on SQLite');
    const db = openSqlite({ file: database.file, synchronous: 'normal' });
    fixture = generateSegmentFixture({ seed: 'segments-api', customers: 150 });
    await seedSegmentFixture(db, fixture);
    await db.destroy();
  });
  afterAll(async () => t.close());

  it('creates a segment, materialises it, and pages its members', async () => {
    const want = expected(germanPro);
    expect(want.length).toBeGreaterThan(3);
    const created = await call('POST', '/v1/segments', { name: 'German pros', rule: germanPro });
    expect(created.statusCode, created.body).toBe(201);
    const segment = created.json().data;
    expect(segment).toMatchObject({
      name: 'German pros',
      description: null,
      kind: 'rule',
      rule: germanPro,
      memberCount: want.length,
      refreshedAt: new Date(FIXTURE_NOW).toISOString(),
    });
    expect(segment.id).toMatch(/^seg_/);
    expect((await call('GET', `/v1/segments/${segment.id}`)).json().data).toEqual(segment);
    expect((await call('GET', '/v1/segments')).json().data.map((s: { id: string }) => s.id)).toContain(
      segment.id,
    );

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        'GET',
        `/v1/segments/${segment.id}/members?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.statusCode, page.body).toBe(200);
      const body = page.json();
      for (const m of body.data) {
        seen.push(m.customerId);
        expect(m.since).toBe(new Date(FIXTURE_NOW).toISOString());
      }
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(want);
  });

  it('previews a rule with a read key: count and sample, nothing stored', async () => {
    const rule = { event: 'Order Completed', count: { op: 'gte', value: 2 }, within: { days: 30 } };
    const res = await call('POST', '/v1/segments/preview', { rule, limit: 5 }, t.keys.read);
    expect(res.statusCode, res.body).toBe(200);
    const want = expected(rule);
    expect(res.json()).toEqual({ data: { count: want.length, sample: want.slice(0, 5) } });
    expect(want.length).toBeGreaterThan(5);
  });

  it('rejects an invalid rule with invalid_segment_rule listing every problem', async () => {
    const res = await call('POST', '/v1/segments', {
      name: 'Broken',
      rule: {
        all: [
          { trait: "country'; DROP TABLE profiles;--", op: 'eq', value: 'DE' },
          { feature: 'spend_90d', op: 'gt', value: 10 },
          { event: 'Order Completed', count: { op: 'gte', value: -1 } },
          { trait: 'age', op: 'between', value: [5, 1] },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('invalid_segment_rule');
    expect(error.details.problems.map((p: { path: string }) => p.path)).toEqual([
      '/all/0/trait',
      '/all/1/feature',
      '/all/2/count/value',
      '/all/3/value',
    ]);
    expect(error.details.problems[1].message).toBe('unknown feature "spend_90d"');
    expect(
      (await call('GET', '/v1/segments')).json().data.map((s: { name: string }) => s.name),
    ).not.toContain('Broken');
  });

  it('treats SQL in values as data and refuses absurd nesting', async () => {
    const hostile = {
      any: [
        { trait: 'country', op: 'in', value: [HOSTILE_TEXT, "DE' OR '1'='1"] },
        { event: "Order Completed' OR 1=1 --", where: [{ property: 'coupon', op: 'contains', value: "'" }] },
      ],
    };
    const res = await call('POST', '/v1/segments/preview', { rule: hostile });
    expect(res.json()).toEqual({ data: { count: 0, sample: [] } });
    const deep = `${'{"not":'.repeat(5_000)}{"trait":"plan","op":"exists"}${'}'.repeat(5_000)}`;
    const nested = await t.app.inject({
      method: 'POST',
      url: '/v1/segments/preview',
      headers: { ...t.bearer(t.keys.read), 'content-type': 'application/json' },
      payload: `{"rule":${deep}}`,
    });
    expect(nested.statusCode).toBe(400);
    expect(nested.json().error.details.problems).toEqual([
      { path: expect.stringMatching(/^(\/not){8}$/), message: 'nested deeper than 8 levels' },
    ]);
    expect((await call('POST', '/v1/segments/preview', { rule: 'DROP TABLE profiles' })).statusCode).toBe(
      400,
    );
    expect((await call('POST', '/v1/segments/preview', { limit: 5 })).json().error.code).toBe(
      'invalid_request',
    );
  });

  it('answers garbage rules with a 200 or a coded 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(garbageArb, async (rule) => {
        const res = await call('POST', '/v1/segments/preview', { rule }, t.keys.read);
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) expect(isErrorCode(res.json().error.code)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('enforces scopes: read for GET and preview, admin for writes', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/segments' })).statusCode).toBe(401);
    expect((await call('GET', '/v1/segments', undefined, t.keys.write)).json().error.code).toBe(
      'insufficient_scope',
    );
    const rule = { trait: 'plan', op: 'exists' };
    for (const [method, url] of [
      ['POST', '/v1/segments'],
      ['PUT', '/v1/segments/seg_x'],
      ['DELETE', '/v1/segments/seg_x'],
      ['POST', '/v1/segments/seg_x/refresh'],
    ] as const) {
      const res = await call(method, url, method === 'DELETE' ? undefined : { name: 'N', rule }, t.keys.read);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
  });

  it('renames, changes the rule (recomputed at once), refreshes and deletes', async () => {
    const rule = { trait: 'plan', op: 'eq', value: 'gold' };
    const { id } = (
      await call('POST', '/v1/segments', { name: 'Gold', description: 'gold plan', rule })
    ).json().data;
    const taken = await call('POST', '/v1/segments', { name: 'Gold', rule });
    expect([taken.statusCode, taken.json().error.code]).toEqual([409, 'segment_name_taken']);

    const renamed = await call('PUT', `/v1/segments/${id}`, { name: 'Gold plan', description: null });
    expect(renamed.json().data).toMatchObject({ name: 'Gold plan', description: null, rule });
    const silver = { trait: 'plan', op: 'eq', value: 'free' };
    const changed = await call('PUT', `/v1/segments/${id}`, { rule: silver });
    expect(changed.json().data).toMatchObject({ rule: silver, memberCount: expected(silver).length });
    expect((await call('PUT', `/v1/segments/${id}`, {})).json().error.code).toBe('invalid_request');
    expect((await call('PUT', `/v1/segments/${id}`, { rule: { trait: 'plan' } })).json().error.code).toBe(
      'invalid_segment_rule',
    );

    const refreshed = await call('POST', `/v1/segments/${id}/refresh`);
    expect(refreshed.json()).toEqual({ data: { added: 0, removed: 0, size: expected(silver).length } });

    expect((await call('DELETE', `/v1/segments/${id}`)).json()).toEqual({ success: true });
    for (const res of [
      await call('GET', `/v1/segments/${id}`),
      await call('GET', `/v1/segments/${id}/members`),
      await call('DELETE', `/v1/segments/${id}`),
      await call('POST', `/v1/segments/${id}/refresh`),
      await call('PUT', `/v1/segments/${id}`, { name: 'Again' }),
    ])
      expect([res.statusCode, res.json().error.code]).toEqual([404, 'segment_not_found']);
  });

  it('rejects a malformed cursor', async () => {
    const res = await call('GET', '/v1/segments?cursor=%21%21');
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'invalid_cursor']);
  });

  it('sees events acknowledged just before, though the journal indexes them later', async () => {
    const track = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: t.bearer(t.keys.write),
      payload: { userId: 'u5', event: 'Segment Wiring Probe', messageId: 'probe-1' },
    });
    expect(track.statusCode).toBe(200);
    const res = await call('POST', '/v1/segments/preview', { rule: { event: 'Segment Wiring Probe' } });
    expect(res.json()).toEqual({ data: { count: 1, sample: ['cus_0005'] } });
  });

  it('documents the segment routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths['/v1/segments'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/v1/segments/{id}'])).toEqual(
      expect.arrayContaining(['get', 'put', 'delete']),
    );
    expect(doc.paths['/v1/segments/preview'].post.requestBody).toBeDefined();
    expect(doc.paths['/v1/segments/{id}/members'].get).toBeDefined();
  });
});
