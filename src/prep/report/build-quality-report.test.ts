import { describe, expect, it } from 'vitest';
import type { QualityReportSource } from '../ports.js';
import { buildQualityReport } from './build-quality-report.js';
import { touchedIn } from './section.js';

const t0 = Date.parse('2026-10-01T00:00:00.000Z');

async function* pages<T>(...list: T[][]): AsyncIterable<T[]> {
  for (const page of list) yield page;
}

function fakeSource(overrides: Partial<QualityReportSource> = {}) {
  const calls: string[] = [];
  const source: QualityReportSource = {
    settle: async () => void calls.push('settle'),
    customers: () => (
      calls.push('customers'),
      pages([{ id: 'cus_1', traits: { country: 'FR' }, pii: { email: 'Secret.Person@Example.org' } }])
    ),
    products: () => (
      calls.push('products'),
      pages([{ id: 'p1', name: 'Mug', description: null, category: 'Kitchen', price: 5 }])
    ),
    orderLines: () => (
      calls.push('orderLines'),
      pages(
        Array.from({ length: 9 }, (_, i) => ({
          orderId: '1',
          lineNo: i,
          productId: 'p1',
          kind: 'order',
          quantity: 1,
          unitPrice: 5,
        })),
        [{ orderId: '2', lineNo: 0, productId: 'p1', kind: 'order', quantity: 1, unitPrice: 500 }],
      )
    ),
    eventTimings: () => (
      calls.push('eventTimings'),
      pages([
        {
          id: 'e1',
          messageId: 'm1',
          timestamp: t0 - 86_400_000,
          originalTimestamp: null,
          sentAt: null,
          receivedAt: t0,
          source: 'api:k',
        },
      ])
    ),
    recentEvents: async (limit) => (calls.push(`recentEvents ${limit}`), []),
    duplicatesDropped: async () => (calls.push('duplicatesDropped'), 3),
    earliestRecord: async () => (calls.push('earliestRecord'), t0 - 30 * 86_400_000),
    ...overrides,
  };
  return { source, calls };
}

describe('buildQualityReport', () => {
  it('settles first, reads every source once and reports each', async () => {
    const { source, calls } = fakeSource();
    const progress: number[] = [];
    const report = await buildQualityReport(source, { now: t0, onProgress: (rows) => progress.push(rows) });
    expect(calls).toEqual([
      'settle',
      'customers',
      'products',
      'orderLines',
      'earliestRecord',
      'eventTimings',
      'recentEvents 50000',
      'duplicatesDropped',
    ]);
    expect(progress).toEqual([1, 2, 11, 12, 13]);
    expect(report.generatedAt).toBe('2026-10-01T00:00:00.000Z');
    expect(report.examplesPerRule).toBe(5);
    expect(report.shopStart).toEqual({ at: '2026-09-01T00:00:00.000Z', from: 'earliest_record' });
    expect(Object.keys(report.sources)).toEqual(['customers', 'products', 'orderLines', 'events']);
    expect(touchedIn(report.sources.customers, 'email:normalized')).toBe(1);
    expect(touchedIn(report.sources.products, 'description:missing')).toBe(1);
    expect(touchedIn(report.sources.orderLines, 'unit_price:outlier')).toBe(1);
    expect(touchedIn(report.sources.events, 'late_arrival')).toBe(1);
    expect(touchedIn(report.sources.events, 'duplicate_delivery_dropped')).toBe(3);
    expect(JSON.stringify(report)).not.toMatch(/Secret|Person/i);
    // Plain JSON: survives a round trip unchanged (no NaN, no undefined).
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('uses the shop start it is given, and says when it knows none', async () => {
    const given = await buildQualityReport(fakeSource().source, { now: t0, shopStart: t0 - 3_600_000 });
    expect(given.shopStart).toEqual({ at: '2026-09-30T23:00:00.000Z', from: 'option' });
    expect(touchedIn(given.sources.events, 'timestamp:before_shop_start')).toBe(1);
    const none = await buildQualityReport(fakeSource({ earliestRecord: async () => null }).source, {
      now: t0,
    });
    expect(none.shopStart).toEqual({ at: null, from: 'none' });
    expect(touchedIn(none.sources.events, 'timestamp:before_shop_start')).toBe(0);
  });

  it('keeps as many examples as asked and refuses nonsense options', async () => {
    const none = await buildQualityReport(fakeSource().source, { now: t0, examples: 0, recentEvents: 10 });
    expect(none.sources.customers.rules.every((r) => r.examples.length === 0)).toBe(true);
    await expect(buildQualityReport(fakeSource().source, { now: t0, examples: 101 })).rejects.toThrow(
      RangeError,
    );
    await expect(buildQualityReport(fakeSource().source, { now: t0, recentEvents: -1 })).rejects.toThrow(
      RangeError,
    );
  });
});
