import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';

const t0 = Date.parse('2026-09-01T10:00:00.000Z');
const at = (ms: number) => new Date(ms).toISOString();

interface Rule {
  rule: string;
  touched: number;
  examples: { id?: string; before?: string }[];
}
const touched = (rules: Rule[], name: string) => rules.find((r) => r.rule === name)?.touched;

describe('GET /v1/quality/report', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ clock: { now: () => t0 + 86_400_000 } });
    const { stores, cipher } = t.runtime;
    await stores.customers.upsert(
      [
        { email: 'Jane.Doe@Example.com ', phone: '+49 151 23456789', first_name: 'JANE' },
        { email: 'john@@example.com', phone: 'n/a', first_name: 'John' },
      ].map((pii, i) => ({
        id: `cus_q${i}`,
        externalId: `u${i}`,
        traits: { country: 'DE' },
        pii: cipher.sealJson(pii),
        emailHash: null,
        createdAt: t0 - 86_400_000,
        updatedAt: t0,
      })),
    );
    await stores.products.upsert([
      {
        id: 'mug',
        name: 'Mug',
        description: null,
        category: 'Kitchen',
        price: 5,
        currency: 'EUR',
        stock: 1,
        attributes: {},
        createdAt: t0,
        updatedAt: t0,
      },
    ]);
    const messages = [0, 1, 2].map((i) => ({
      type: 'track',
      event: 'Product Viewed',
      userId: 'u0',
      properties: { sku: `mug-${i}` },
      timestamp: at(t0 + i * 60_000),
      messageId: `q-${i}`,
    }));
    for (const batch of [messages, messages.slice(0, 2)]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: t.basic(t.keys.write),
        // No sentAt: the timestamps stay as sent (no skew correction), a day before the server's clock.
        payload: { batch },
      });
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(() => t.close());

  it('reports every source with masked examples, for a read key', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/quality/report?examples=2',
      headers: t.bearer(t.keys.read),
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.examplesPerRule).toBe(2);
    expect(report.shopStart).toEqual({ at: at(t0 - 86_400_000), from: 'earliest_record' });
    const { customers, products, orderLines, events } = report.sources;
    expect(customers.rows).toBe(2);
    expect(touched(customers.rules, 'email:malformed')).toBe(1);
    expect(touched(customers.rules, 'email:normalized')).toBe(1);
    expect(touched(customers.rules, 'phone:reformatted')).toBe(1);
    expect(touched(customers.rules, 'first_name:miscased')).toBe(1);
    expect(touched(products.rules, 'description:missing')).toBe(1);
    expect(orderLines.rows).toBe(0);
    expect(events.rows).toBe(3);
    // The second batch re-sent two messageIds: the ingest counter kept them.
    expect(touched(events.rules, 'duplicate_delivery_dropped')).toBe(2);
    expect(touched(events.rules, 'late_arrival')).toBe(3);
    expect(events.columns[0].column).toBe('arrival_delay_seconds');
    expect(res.body).not.toMatch(/Jane|Doe|john@|23456789/);
    expect(customers.rules.find((r: Rule) => r.rule === 'email:normalized').examples[0]).toMatchObject({
      id: 'cus_q0',
      before: '"J***@E***.com "',
    });
  });

  it('needs a read key and checks its query', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/quality/report' })).statusCode).toBe(401);
    const write = await t.app.inject({
      method: 'GET',
      url: '/v1/quality/report',
      headers: t.bearer(t.keys.write),
    });
    expect(write.statusCode).toBe(403);
    for (const query of ['examples=101', 'recentEvents=-1', 'shopStart=2026-02-30']) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/quality/report?${query}`,
        headers: t.bearer(t.keys.read),
      });
      expect(res.statusCode, query).toBe(400);
    }
    const bad = await t.app.inject({
      method: 'GET',
      url: '/v1/quality/report?shopStart=2026-02-30',
      headers: t.bearer(t.keys.read),
    });
    expect(bad.json().error.code).toBe('invalid_query');
    const given = await t.app.inject({
      method: 'GET',
      url: `/v1/quality/report?shopStart=${at(t0 + 90_000)}`,
      headers: t.bearer(t.keys.read),
    });
    expect(given.json().shopStart.from).toBe('option');
    expect(touched(given.json().sources.events.rules, 'timestamp:before_shop_start')).toBe(2);
  });
});
