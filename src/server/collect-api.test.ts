import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchModes, createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import { fixedClock } from '../shared/index.js';

const NOW = Date.parse('2026-11-20T12:00:00.000Z');

describe.each(batchModes)('collect API (Segment HTTP Tracking API), $name', ({ env }) => {
  let t: TestApp;
  const clock = fixedClock(NOW);
  beforeAll(async () => {
    t = await createTestApp({ clock, env });
  });
  afterAll(async () => t.close());

  const post = (url: string, payload: unknown, key = t.keys.write, basic = true) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: basic ? t.basic(key) : t.bearer(key),
      payload: payload as object,
    });

  it('accepts every call type with HTTP Basic (write key as user) and with Bearer', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['track', { userId: 'u-all', event: 'Order Completed', properties: { total: 30 } }],
      ['identify', { userId: 'u-all', traits: { plan: 'gold' } }],
      ['page', { anonymousId: 'a-all', name: 'Home', properties: { url: '/' } }],
      ['screen', { userId: 'u-all', name: 'Cart' }],
      ['group', { userId: 'u-all', groupId: 'g1', traits: { industry: 'retail' } }],
      ['alias', { userId: 'u-all', previousId: 'a-all' }],
    ];
    for (const [i, [type, body]] of calls.entries()) {
      const res = await post(`/v1/${type}`, { ...body, messageId: `all-${type}` }, t.keys.write, i % 2 === 0);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(200);
      expect(res.json()).toEqual({ success: true });
      const stored = await t.runtime.stores.events.getByMessageId(`all-${type}`);
      expect(stored?.type).toBe(type);
    }
    expect((await t.runtime.stores.events.getByMessageId('all-alias'))?.previousId).toBe('a-all');
    expect((await t.runtime.stores.events.getByMessageId('all-group'))?.groupId).toBe('g1');
  });

  it('is idempotent on messageId: a retried event is acknowledged and stored once', async () => {
    const body = { userId: 'u-retry', event: 'Product Viewed', messageId: 'retry-1' };
    const before = await t.runtime.stores.events.count();
    for (let i = 0; i < 3; i++) expect((await post('/v1/track', body)).statusCode).toBe(200);
    const batch = await post('/v1/batch', {
      batch: [
        { ...body, type: 'track' },
        { ...body, type: 'track' },
      ],
    });
    expect(batch.json()).toMatchObject({ success: true, accepted: 2, rejected: [] });
    expect(await t.runtime.stores.events.count()).toBe(before + 1);
  });

  it('generates a messageId when the client sends none', async () => {
    await post('/v1/track', { userId: 'u-noid', event: 'No Id' });
    const [e] = await t.runtime.stores.events.list({ userId: 'u-noid', limit: 1, order: 'desc' });
    expect(e?.messageId).toMatch(/^msg_/);
    expect(e?.id).toMatch(/^evt_/);
  });

  it('corrects the device clock with sentAt, as Segment does, and sets receivedAt', async () => {
    // The device clock runs 1 h fast: the event happened 10 s before sending.
    await post('/v1/track', {
      userId: 'u-skew',
      event: 'Skewed',
      messageId: 'skew-1',
      timestamp: '2026-11-20T13:00:00.000Z',
      sentAt: '2026-11-20T13:00:10.000Z',
    });
    const e = await t.runtime.stores.events.getByMessageId('skew-1');
    expect(e?.receivedAt).toBe(NOW);
    expect(e?.timestamp).toBe(NOW - 10_000);
    expect(e?.originalTimestamp).toBe(Date.parse('2026-11-20T13:00:00.000Z'));
    // Batch-level sentAt applies to events that carry none.
    await post('/v1/batch', {
      sentAt: '2026-11-20T11:00:05.000Z',
      batch: [
        {
          type: 'track',
          userId: 'u-skew',
          event: 'Late',
          messageId: 'skew-2',
          timestamp: '2026-11-20T11:00:00.000Z',
        },
      ],
    });
    expect((await t.runtime.stores.events.getByMessageId('skew-2'))?.timestamp).toBe(NOW - 5_000);
    // Without a client timestamp the event is stamped when received.
    await post('/v1/track', { userId: 'u-skew', event: 'Now', messageId: 'skew-3' });
    expect((await t.runtime.stores.events.getByMessageId('skew-3'))?.timestamp).toBe(NOW);
  });

  it('stores the valid events of a batch, dead-letters the invalid ones and says which and why', async () => {
    const dlqBefore = await t.runtime.stores.deadLetters.count();
    const res = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'u-b', event: 'Ok 1', messageId: 'b-ok-1' },
        { type: 'track', event: 'No identity', messageId: 'b-bad-1' },
        { type: 'teleport', userId: 'u-b', messageId: 'b-bad-2' },
        { type: 'track', userId: 'u-b', messageId: 'b-bad-3' },
        { type: 'track', userId: 'u-b', event: 'Bad time', timestamp: 'yesterday', messageId: 'b-bad-4' },
        { type: 'identify', userId: 'u-b', traits: 'not an object', messageId: 'b-bad-5' },
        { type: 'track', userId: 'u-b', event: 'Ok 2', messageId: 'b-ok-2' },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r: { index: number; code: string }) => [r.index, r.code])).toEqual([
      [1, 'missing_identity'],
      [2, 'invalid_event_type'],
      [3, 'invalid_event'],
      [4, 'invalid_timestamp'],
      [5, 'invalid_event'],
    ]);
    expect(body.rejected[0].messageId).toBe('b-bad-1');
    expect(await t.runtime.stores.events.getByMessageId('b-ok-2')).not.toBeNull();
    expect(await t.runtime.stores.events.getByMessageId('b-bad-1')).toBeNull();
    expect(await t.runtime.stores.deadLetters.count()).toBe(dlqBefore + 5);
    const letters = await t.app.inject({
      method: 'GET',
      url: '/v1/dead-letters?code=invalid_timestamp',
      headers: t.bearer(t.keys.admin),
    });
    const letter = letters.json().data[0];
    expect(letter).toMatchObject({
      code: 'invalid_timestamp',
      source: 'api:/v1/batch',
      details: { index: 4, messageId: 'b-bad-4' },
    });
    expect(JSON.parse(letter.payload)).toMatchObject({ messageId: 'b-bad-4', timestamp: 'yesterday' });
  });

  it("enforces Segment's limits: 32 KB per event, 500 KB per batch", async () => {
    const big = 'x'.repeat(33 * 1024);
    const single = await post('/v1/track', { userId: 'u-big', event: 'Big', properties: { big } });
    expect(single.statusCode).toBe(413);
    expect(single.json().error.code).toBe('event_too_large');
    const inBatch = await post('/v1/batch', {
      batch: [
        { type: 'track', userId: 'u-big', event: 'Big', properties: { big }, messageId: 'big-1' },
        { type: 'track', userId: 'u-big', event: 'Small', messageId: 'big-2' },
      ],
    });
    expect(inBatch.json()).toMatchObject({ accepted: 1, rejected: [{ index: 0, code: 'event_too_large' }] });
    const huge = await post('/v1/batch', {
      batch: Array.from({ length: 20 }, () => ({
        type: 'track',
        userId: 'u',
        event: 'E',
        properties: { big },
      })),
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('batch_too_large');
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('rejects auth problems with stable codes', async () => {
    const none = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      payload: { userId: 'u', event: 'E' },
    });
    expect([none.statusCode, none.json().error.code]).toEqual([401, 'missing_credentials']);
    const wrong = await post('/v1/track', { userId: 'u', event: 'E' }, 'rk_write_not-a-real-key');
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([401, 'invalid_credentials']);
    const readKey = await post('/v1/track', { userId: 'u', event: 'E' }, t.keys.read);
    expect([readKey.statusCode, readKey.json().error.code]).toEqual([403, 'insufficient_scope']);
    const writeReads = await t.app.inject({
      method: 'GET',
      url: '/v1/events',
      headers: t.bearer(t.keys.write),
    });
    expect([writeReads.statusCode, writeReads.json().error.code]).toEqual([403, 'insufficient_scope']);
  });

  it('a revoked key stops working', async () => {
    const { key, record } = await t.runtime.access.createKey({ scope: 'write' });
    expect((await post('/v1/track', { userId: 'u', event: 'E' }, key)).statusCode).toBe(200);
    await t.runtime.access.revokeKey(record.id);
    expect((await post('/v1/track', { userId: 'u', event: 'E' }, key)).json().error.code).toBe(
      'invalid_credentials',
    );
  });

  it('encrypts PII traits at rest; admin keys see them, read keys see them masked', async () => {
    await post('/v1/identify', {
      userId: 'u-pii',
      messageId: 'pii-1',
      traits: { email: 'Jane.Doe@Example.com', phone: '+4915112345678', plan: 'pro' },
      context: { ip: '203.0.113.9' },
    });
    const stored = await t.runtime.stores.events.getByMessageId('pii-1');
    expect(stored?.traits).toEqual({ plan: 'pro' });
    expect(JSON.stringify(stored)).not.toMatch(/Jane|Example|4915112345678|203\.0\.113/);
    expect(stored?.emailHash).toMatch(/^[0-9a-f]{64}$/);
    const asAdmin = await t.app.inject({
      method: 'GET',
      url: '/v1/events?userId=u-pii',
      headers: t.bearer(t.keys.admin),
    });
    expect(asAdmin.json().data[0].traits).toEqual({
      plan: 'pro',
      email: 'Jane.Doe@Example.com',
      phone: '+4915112345678',
    });
    expect(asAdmin.json().data[0].context.ip).toBe('203.0.113.9');
    const asReader = await t.app.inject({
      method: 'GET',
      url: '/v1/events?userId=u-pii',
      headers: t.bearer(t.keys.read),
    });
    expect(asReader.json().data[0].traits).toEqual({ plan: 'pro', email: 'J***@E***.com', phone: '+***' });
    expect(asReader.body).not.toMatch(/Jane|4915112345678|203\.0\.113/);
  });

  it('reads events with filters and cursors', async () => {
    const batch = Array.from({ length: 7 }, (_, i) => ({
      type: 'track',
      userId: 'u-read',
      event: i < 4 ? 'A' : 'B',
      messageId: `read-${i}`,
      timestamp: new Date(Date.UTC(2026, 9, 1 + i)).toISOString(),
    }));
    await post('/v1/batch', { batch });
    const headers = t.bearer(t.keys.read);
    const seen: string[] = [];
    let url = '/v1/events?userId=u-read&order=asc&limit=3';
    for (let guard = 0; guard < 10; guard++) {
      const page = (await t.app.inject({ method: 'GET', url, headers })).json();
      seen.push(...page.data.map((e: { messageId: string }) => e.messageId));
      if (!page.nextCursor) break;
      url = `/v1/events?userId=u-read&order=asc&limit=3&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual(batch.map((e) => e.messageId));
    const bOnly = (
      await t.app.inject({ method: 'GET', url: '/v1/events?userId=u-read&event=B&type=track', headers })
    ).json();
    expect(bOnly.data).toHaveLength(3);
    const window = (
      await t.app.inject({
        method: 'GET',
        url: '/v1/events?userId=u-read&since=2026-10-02&until=2026-10-04',
        headers,
      })
    ).json();
    expect(window.data.map((e: { messageId: string }) => e.messageId).sort()).toEqual(['read-1', 'read-2']);
    const badCursor = await t.app.inject({ method: 'GET', url: '/v1/events?cursor=zzz', headers });
    expect([badCursor.statusCode, badCursor.json().error.code]).toEqual([400, 'invalid_cursor']);
    const badSince = await t.app.inject({ method: 'GET', url: '/v1/events?since=tomorrow', headers });
    expect(badSince.json().error.code).toBe('invalid_query');
    const badLimit = await t.app.inject({ method: 'GET', url: '/v1/events?limit=100000', headers });
    expect(badLimit.json().error.code).toBe('invalid_query');
  });

  it('exposes Prometheus metrics with ingest counts, latency histograms and rejections by code', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics', headers: t.bearer(t.keys.read) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/rapport_events_accepted_total\{type="track"\} \d+/);
    expect(res.body).toMatch(/rapport_events_rejected_total\{code="missing_identity"\} \d+/);
    expect(res.body).toMatch(/rapport_events_duplicate_total [1-9]/);
    expect(res.body).toMatch(
      /rapport_http_request_duration_seconds_bucket\{le="[^"]+",route="\/v1\/track",method="POST",status="200"\}/,
    );
    expect(res.body).toMatch(/rapport_ingest_commit_requests_count [1-9]/);
    // The default SQLite journal reports its indexing backlog; everything was read above, so none is left.
    expect(res.body).toMatch(/rapport_event_index_backlog_events 0\b/);
    expect(res.body).toMatch(/rapport_events_stored_total [1-9]/);
  });

  it('documents every route in the OpenAPI 3 document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([p, methods]) =>
        Object.keys(methods).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const routes = t.app.routeTable.filter((r) => !r.url.includes('*')).map((r) => `${r.method} ${r.url}`);
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) expect(documented, route).toContain(route);
    expect(doc.paths['/v1/batch'].post.requestBody).toBeDefined();
    expect(doc.components.securitySchemes.basicAuth.scheme).toBe('basic');
  });
});
