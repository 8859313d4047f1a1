import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchModes, createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import { isErrorCode } from '../shared/index.js';

const routes = ['/v1/track', '/v1/identify', '/v1/page', '/v1/screen', '/v1/group', '/v1/alias', '/v1/batch'];

describe.each(batchModes)('hostile input, $name', ({ env }) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env });
  });
  afterAll(async () => t.close());

  const raw = (url: string, payload: string, contentType = 'application/json') =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...t.bearer(t.keys.write), 'content-type': contentType },
      payload,
    });

  /** Any answer is a 2xx, or a 4xx whose body names a registered code; never a 5xx. */
  function expectCleanAnswer(res: { statusCode: number; body: string }) {
    expect(res.statusCode, res.body).toBeLessThan(500);
    if (res.statusCode >= 400) {
      const code = JSON.parse(res.body).error.code as string;
      expect(isErrorCode(code), code).toBe(true);
    }
  }

  it('arbitrary JSON values on every route get a 2xx or a coded 4xx, and only accepted events are stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.jsonValue({ maxDepth: 6 }), async (url, value) => {
        const before = await t.runtime.stores.events.count();
        const res = await raw(url, JSON.stringify(value));
        expectCleanAnswer(res);
        const after = await t.runtime.stores.events.count();
        if (res.statusCode !== 200) expect(after).toBe(before);
        else if (url === '/v1/batch') expect(after - before).toBeLessThanOrEqual(res.json().accepted);
      }),
      { numRuns: 250 },
    );
  });

  it('random event-shaped objects with wrong types are accepted or rejected with a reason, per event', async () => {
    const field = fc.oneof(
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string()),
      fc.object(),
    );
    const message = fc.record(
      {
        type: fc.oneof(fc.constantFrom('track', 'identify', 'page', 'screen', 'group', 'alias'), field),
        userId: field,
        anonymousId: field,
        event: field,
        properties: field,
        traits: field,
        timestamp: fc.oneof(
          field,
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        ),
        messageId: field,
        groupId: field,
        previousId: field,
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(message, { minLength: 1, maxLength: 20 }), async (batch) => {
        const text = JSON.stringify({ batch });
        // Prototype-pollution keys fail the whole request (tested below); here we test per-event verdicts.
        fc.pre(!text.includes('"__proto__"') && !text.includes('"constructor"'));
        const res = await raw('/v1/batch', text);
        expectCleanAnswer(res);
        const body = res.json();
        expect(body.accepted + body.rejected.length).toBe(batch.length);
        for (const r of body.rejected) expect(isErrorCode(r.code), r.code).toBe(true);
      }),
      { numRuns: 150 },
    );
  });

  it('malformed JSON gets invalid_json, is dead-lettered as received, and the server stays up', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...routes),
        fc.string({ minLength: 1, maxLength: 200 }),
        async (url, text) => {
          let valid = true;
          try {
            JSON.parse(text);
          } catch {
            valid = false;
          }
          fc.pre(!valid);
          const res = await raw(url, text);
          expect(res.statusCode).toBe(400);
          expect(res.json().error.code).toBe('invalid_json');
        },
      ),
      { numRuns: 100 },
    );
    const letters = await t.runtime.stores.deadLetters.list({ limit: 1, code: 'invalid_json' });
    expect(letters).toHaveLength(1);
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  });

  it('refuses prototype pollution', async () => {
    const res = await raw('/v1/track', '{"userId":"u","event":"E","__proto__":{"polluted":true}}');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects deep nesting without overflowing the stack', async () => {
    const depth = 5_000;
    const deep = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    const res = await raw('/v1/track', `{"userId":"u","event":"Deep","properties":{"x":${deep}}}`);
    expect([res.statusCode, res.json().error.code]).toEqual([400, 'payload_too_deep']);
    const batch = await raw(
      '/v1/batch',
      `{"batch":[{"type":"track","userId":"u","event":"Deep","properties":{"x":${deep}}}]}`,
    );
    expect(batch.json().rejected[0].code).toBe('payload_too_deep');
  });

  it('stores odd Unicode and SQL-like strings verbatim and leaves the tables intact', async () => {
    const strings = [
      "'; DROP TABLE events; --",
      'Robert"); DELETE FROM customers WHERE ("1"="1',
      '\u202Eevil\u202C rtl',
      'zero\u200Bwidth\uFEFF',
      '𝓤𝓷𝓲𝓬𝓸𝓭𝓮 🧨👩‍👩‍👧',
      'e\u0301 combining',
      '\uD800 lone surrogate',
      'NUL \u0000 inside',
    ];
    for (const [i, s] of strings.entries()) {
      const res = await raw(
        '/v1/track',
        JSON.stringify({
          userId: s.replace('\u0000', ''),
          event: `E${i}`,
          messageId: `uni-${i}`,
          properties: { s },
        }),
      );
      expect(res.statusCode, res.body).toBe(200);
      const stored = await t.runtime.stores.events.getByMessageId(`uni-${i}`);
      // JSON keeps a lone surrogate escaped; a plain text column cannot hold one in UTF-8 and gets U+FFFD.
      expect(stored?.properties.s).toBe(s);
      expect(stored?.userId).toBe(s.replace('\u0000', '').replace('\uD800', '\uFFFD'));
    }
    expect(await t.runtime.stores.events.count()).toBeGreaterThan(0);
    const nul = await raw('/v1/track', JSON.stringify({ userId: 'a\u0000b', event: 'E' }));
    expect([nul.statusCode, nul.json().error.code]).toEqual([400, 'invalid_event']);
  });

  it('answers wrong content types, empty bodies, oversize ids and unknown routes with codes', async () => {
    const xml = await raw('/v1/track', '<event/>', 'application/xml');
    expect([xml.statusCode, xml.json().error.code]).toEqual([415, 'unsupported_media_type']);
    const empty = await raw('/v1/track', '');
    expect(empty.statusCode).toBe(400);
    expect(['invalid_json', 'invalid_event']).toContain(empty.json().error.code);
    const longId = await raw('/v1/track', JSON.stringify({ userId: 'u'.repeat(300), event: 'E' }));
    expect(longId.json().error.code).toBe('invalid_event');
    const notFound = await t.app.inject({ method: 'GET', url: '/v1/nope', headers: t.bearer(t.keys.read) });
    expect([notFound.statusCode, notFound.json().error.code]).toEqual([404, 'not_found']);
    const badAuth = await t.app.inject({
      method: 'POST',
      url: '/v1/track',
      headers: { authorization: 'Basic %%%' },
      payload: {},
    });
    expect(badAuth.statusCode).toBe(401);
    const emptyBatch = await raw('/v1/batch', '{"batch":[]}');
    expect(emptyBatch.json().error.code).toBe('empty_batch');
    const notBatch = await raw('/v1/batch', '{"batch":"nope"}');
    expect(notBatch.json().error.code).toBe('invalid_request');
  });
});
