import { describe, expect, it } from 'vitest';
import type { OrderWithLines } from '../commerce/ports.js';
import {
  baselineSpend,
  capOrderValues,
  orderValue,
  orderValueCap,
  spendBetween,
  summarizePurchases,
  type PlacedOrder,
} from './clv-summary.js';

const DAY = 86_400_000;
const day0 = Date.UTC(2026, 0, 1);
const at = (days: number, hours = 12) => day0 + days * DAY + hours * 3_600_000;

describe('summarizePurchases', () => {
  // Worked by hand: purchase days 0, 3 (two orders: 10 + 30) and 10, one order of 0 on day 12; cutoff day 20, 06:00.
  const orders: PlacedOrder[] = [
    { customerId: 'a', placedAt: at(0), value: 50 },
    { customerId: 'a', placedAt: at(3, 1), value: 10 },
    { customerId: 'a', placedAt: at(3, 22), value: 30 },
    { customerId: 'a', placedAt: at(10), value: 20 },
    { customerId: 'a', placedAt: at(12), value: 0 },
    { customerId: 'a', placedAt: at(25), value: 999 }, // after the cutoff
    { customerId: 'b', placedAt: at(19), value: 15 },
    { customerId: 'c', placedAt: at(21), value: 15 }, // first order after the cutoff
  ];
  const cutoff = at(20, 6);

  it('groups orders by day, measures recency and age in days from the first purchase day', () => {
    const s = summarizePurchases(orders, cutoff);
    expect([...s.keys()].sort()).toEqual(['a', 'b']);
    const a = s.get('a')!;
    expect(a.frequency).toBe(3); // days 3, 10 and 12 after day 0
    expect(a.recency).toBe(12);
    expect(a.age).toBeCloseTo(20.25, 12);
    // Gamma-Gamma's input: the repeat days with a positive value, days 3 (40) and 10 (20).
    expect(a.valueFrequency).toBe(2);
    expect(a.monetaryValue).toBeCloseTo(30, 12);
    expect(a.orders).toBe(5);
    expect(a.spend).toBe(110);
    expect(s.get('b')).toMatchObject({ frequency: 0, recency: 0, monetaryValue: 0, valueFrequency: 0 });
    expect(s.get('b')!.age).toBeCloseTo(1.25, 12);
  });

  it('spend in a window counts the orders in (from, to]', () => {
    const spend = spendBetween(orders, cutoff, at(30));
    expect(Object.fromEntries(spend)).toEqual({ a: 999, c: 15 });
    expect(spendBetween(orders, at(0), at(3, 22)).get('a')).toBe(40); // the first order is at `from`: out
  });

  it('the baseline extrapolates the spend rate, over at least one horizon', () => {
    const s = summarizePurchases(orders, cutoff);
    // a: 110 spent over the 19.75 days since the first order (day 0, 12:00), over 10 days.
    expect(baselineSpend(s.get('a')!, cutoff, 10)).toBeCloseTo((110 / 19.75) * 10, 9);
    // b: first order 0.75 days ago; over 90 days the rate is taken over the horizon itself: 15.
    expect(baselineSpend(s.get('b')!, cutoff, 90)).toBeCloseTo(15, 12);
  });
});

describe('orderValue', () => {
  const order = (lines: { quantity: number; unitPrice: number }[], total: number): OrderWithLines => ({
    id: 'o',
    customerId: 'c',
    kind: 'order',
    placedAt: day0,
    currency: 'EUR',
    country: 'DE',
    total,
    discount: 0,
    channel: 'web',
    source: 'test',
    lines: lines.map((l, i) => ({ orderId: 'o', lineNo: i, productId: 'p', description: null, ...l })),
  });

  it('counts lines with a positive quantity and price, as profiles do', () => {
    const lines = [
      { quantity: 2, unitPrice: 5 },
      { quantity: -1, unitPrice: 5 },
      { quantity: 3, unitPrice: 0 },
    ];
    expect(orderValue(order(lines, 5))).toBe(10);
  });

  it('takes a header-only order at its positive total', () => {
    expect(orderValue(order([], 42))).toBe(42);
    expect(orderValue(order([], -3))).toBe(0);
  });
});

describe('orderValueCap', () => {
  it('is the upper MAD fence on log10 values, but at least 10 × the median', () => {
    // log10 values 1, 1, 2, 2, 2, 3, 3: median 2, MAD 1 → upper fence 2 + 3.5 × 1 / 0.6745 (Iglewicz & Hoaglin).
    const spread = [10, 10, 100, 100, 100, 1000, 1000];
    expect(orderValueCap(spread)).toBeCloseTo(10 ** (2 + 3.5 / 0.6745), 6);
    // Orders of nearly one size: the MAD fence hugs them, the floor of 10 × the median (√(41 · 42) on log scale)
    // holds, and the absurd 4000 stays above it.
    expect(orderValueCap([40, 40, 41, 42, 44, 4000])).toBeCloseTo(10 * Math.sqrt(41 * 42), 9);
    expect(orderValueCap([0, -5])).toBeNull();
  });

  it('caps only the orders above it', () => {
    const orders: PlacedOrder[] = [
      { customerId: 'a', placedAt: 1, value: 30 },
      { customerId: 'a', placedAt: 2, value: 20_000 },
    ];
    expect(capOrderValues(orders, 400).map((o) => o.value)).toEqual([30, 400]);
    expect(capOrderValues(orders, null)).toEqual(orders);
  });
});
