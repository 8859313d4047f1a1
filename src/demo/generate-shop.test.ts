import { describe, expect, it } from 'vitest';
import { generateShop } from './index.js';

const endDate = Date.parse('2026-10-31T23:59:59.999Z');
const small = { customers: 120, days: 60, seed: 7, endDate, products: 80 };

describe('generateShop determinism', () => {
  it('gives byte-identical output for the same options', () => {
    expect(JSON.stringify(generateShop(small))).toBe(JSON.stringify(generateShop(small)));
  });

  it('gives a different shop for a different seed', () => {
    const a = generateShop(small);
    const b = generateShop({ ...small, seed: 8 });
    expect(JSON.stringify(a.customers)).not.toBe(JSON.stringify(b.customers));
    expect(JSON.stringify(a.events)).not.toBe(JSON.stringify(b.events));
    const idsA = new Set(a.events.flatMap((x) => x.batch.map((m) => m.messageId)));
    expect(b.events.flatMap((x) => x.batch).some((m) => idsA.has(m.messageId))).toBe(false);
  });

  it('does not depend on the wall clock', () => {
    const before = JSON.stringify(generateShop({ ...small, customers: 30 }));
    const realNow = Date.now;
    Date.now = () => realNow() + 123_456_789;
    try {
      expect(JSON.stringify(generateShop({ ...small, customers: 30 }))).toBe(before);
    } finally {
      Date.now = realNow;
    }
  });
});

describe('generateShop sizes', () => {
  it('scales customers, products and history with the options', () => {
    const a = generateShop({ ...small, customers: 60, days: 30 });
    const b = generateShop({ ...small, customers: 180, days: 30 });
    const c = generateShop({ ...small, customers: 60, days: 120 });
    expect(a.customers).toHaveLength(60);
    expect(b.customers).toHaveLength(180);
    expect(a.products).toHaveLength(80);
    expect(generateShop({ ...small, customers: 10, products: 250 }).products).toHaveLength(250);
    expect(b.summary.events ?? 0).toBeGreaterThan(2 * (a.summary.events ?? 0));
    expect(c.summary.events ?? 0).toBeGreaterThan(2 * (a.summary.events ?? 0));
    expect(c.summary.orders ?? 0).toBeGreaterThan(a.summary.orders ?? 0);
  });

  it('uses 300 products when none are asked for and covers ~10 categories', () => {
    const { products, kb } = generateShop({ customers: 5, days: 7, seed: 1, endDate });
    expect(products).toHaveLength(300);
    expect(new Set(products.map((p) => p.category)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(products.map((p) => p.subcategory)).size).toBeGreaterThan(20);
    expect(kb.length).toBeGreaterThanOrEqual(24);
  });

  it('counts what it generated in the summary', () => {
    const shop = generateShop(small);
    const s = shop.summary;
    expect(s.customers).toBe(shop.customers.length);
    expect(s.products).toBe(shop.products.length);
    expect(s.orderLines).toBe(shop.orderLines.length);
    expect(s.reviews).toBe(shop.reviews.length);
    expect(s.conversations).toBe(shop.conversations.length);
    expect(s.batches).toBe(shop.events.length);
    expect(s.eventsDelivered).toBe(shop.events.reduce((n, b) => n + b.batch.length, 0));
    expect(s.eventsDelivered).toBe((s.events ?? 0) + (s.duplicateMessages ?? 0));
  });

  it('rejects options that make no sense', () => {
    expect(() => generateShop({ ...small, customers: 0 })).toThrow(RangeError);
    expect(() => generateShop({ ...small, days: 1.5 })).toThrow(RangeError);
    expect(() => generateShop({ ...small, endDate: Number.NaN })).toThrow(RangeError);
  });
});
