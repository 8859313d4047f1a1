import { describe, expect, it } from 'vitest';
import { generateShop } from './index.js';

const DAY = 86_400_000;
const endDate = Date.parse('2026-10-31T23:59:59.999Z');
const shop = generateShop({ customers: 800, days: 60, seed: 3, endDate });
const { planted } = shop.truth;
const strictEmail = /^[a-z0-9_%+-]+(\.[a-z0-9_%+-]+)*@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/;
const e164 = /^\+[1-9]\d{7,14}$/;

describe('planted dirt', () => {
  it('counts every kind of dirt in the summary and in the truth, and plants some of each', () => {
    const kinds = [
      'duplicateMessages',
      'lateEvents',
      'skewedBatches',
      'malformedEmails',
      'messyEmails',
      'malformedPhones',
      'missingPhones',
      'missingCities',
      'productsWithoutDescription',
    ];
    for (const kind of kinds) {
      expect(planted.counts[kind], kind).toBeGreaterThan(0);
      expect(shop.summary[kind], kind).toBe(planted.counts[kind]);
    }
    expect(planted.counts.duplicateMessages).toBe(planted.duplicateMessageIds.length);
    expect(planted.counts.malformedEmails).toBe(planted.malformedEmails.length);
    expect(planted.counts.skewedBatches).toBe(planted.skewedBatches.length);
    expect(planted.counts.quantityOutliers).toBe(planted.quantityOutliers.length);
    expect(planted.counts.priceOutliers).toBe(planted.priceOutliers.length);
  });

  it('re-sends duplicated messages, same messageId, in a later batch', () => {
    const firstSeen = new Map<string, number>();
    const repeats = new Map<string, number>();
    shop.events.forEach((b, i) => {
      for (const m of b.batch) {
        const first = firstSeen.get(m.messageId);
        if (first === undefined) firstSeen.set(m.messageId, i);
        else {
          expect(i).toBeGreaterThan(first);
          repeats.set(m.messageId, (repeats.get(m.messageId) ?? 0) + 1);
        }
      }
    });
    expect([...repeats.values()].reduce((a, b) => a + b, 0)).toBe(planted.duplicateMessageIds.length);
    expect(new Set(planted.duplicateMessageIds)).toEqual(new Set(repeats.keys()));
  });

  it('spoils emails and phones in the customer rows exactly as the truth lists them', () => {
    const malformed = shop.customers.filter((c) => !strictEmail.test(c.email.trim().toLowerCase()));
    expect(malformed.map((c) => c.email).sort()).toEqual([...planted.malformedEmails].sort());
    for (const id of planted.messyEmailUserIds) {
      const row = shop.customers.find((c) => c.user_id === id);
      expect(row?.email).not.toBe(row?.email.trim().toLowerCase());
      expect(row?.email.trim().toLowerCase()).toBe(shop.truth.customers[id]?.email);
    }
    const badPhones = shop.customers.filter((c) => c.phone && !e164.test(c.phone.replaceAll(' ', '')));
    expect(badPhones.map((c) => c.phone).sort()).toEqual([...planted.malformedPhones].sort());
    const missing = shop.customers.filter((c) => !c.phone).map((c) => c.user_id);
    expect(missing).toEqual(planted.missingPhoneUserIds);
    expect(shop.customers.filter((c) => !c.city).map((c) => c.user_id)).toEqual(planted.missingCityUserIds);
    expect(shop.products.filter((p) => !p.description).map((p) => p.id)).toEqual(
      planted.productsWithoutDescription,
    );
  });

  it('plants absurd quantities and prices on order lines, matching the events', () => {
    const outliers = shop;
    const prices = new Map(outliers.products.map((p) => [p.id, p.price]));
    const lines = outliers.orderLines.filter((l) => l.kind === 'order');
    const { quantityOutliers, priceOutliers } = outliers.truth.planted;
    expect(quantityOutliers.length + priceOutliers.length).toBeGreaterThan(0);
    for (const ref of quantityOutliers) {
      const line = lines.find((l) => l.order_id === ref.order_id && l.product_id === ref.product_id);
      expect(line?.quantity).toBeGreaterThanOrEqual(100);
    }
    for (const ref of priceOutliers) {
      const line = lines.find((l) => l.order_id === ref.order_id && l.product_id === ref.product_id);
      const ratio = (line?.unit_price ?? 0) / (prices.get(ref.product_id) ?? 1);
      expect(ratio >= 99 || (line?.unit_price ?? 1) <= 0.01).toBe(true);
    }
    const ordinary = lines.filter((l) => l.quantity < 100 && l.unit_price === prices.get(l.product_id));
    expect(ordinary.length).toBe(lines.length - quantityOutliers.length - priceOutliers.length);
  });

  it('delivers late events days after they happened', () => {
    const late = new Set(planted.lateMessageIds);
    let seen = 0;
    for (const b of shop.events) {
      for (const m of b.batch) {
        if (!late.has(m.messageId)) continue;
        seen++;
        expect(Date.parse(b.sentAt) - Date.parse(m.timestamp)).toBeGreaterThanOrEqual(DAY);
      }
    }
    expect(seen).toBeGreaterThanOrEqual(late.size);
  });

  it('skews sentAt and timestamps of a batch by the same offset, so the server can correct them', () => {
    const skew = new Map(planted.skewedBatches.map((s) => [s.index, s.offsetMs]));
    const late = new Set(planted.lateMessageIds);
    const firstBatch = new Map<string, number>();
    shop.events.forEach((b, i) =>
      b.batch.forEach((m) => firstBatch.set(m.messageId, firstBatch.get(m.messageId) ?? i)),
    );
    const wrong: string[] = [];
    shop.events.forEach((b, i) => {
      const offset = skew.get(i) ?? 0;
      const received = Date.parse(shop.truth.receivedAt[i] ?? '');
      const sent = Date.parse(b.sentAt);
      if (sent - offset > received) wrong.push(`batch ${i} sent after it was received`);
      // A client flushes seconds after its newest message, on its own clock: sentAt moves with the timestamps.
      const newest = Math.max(...b.batch.map((m) => Date.parse(m.timestamp)));
      const lateBatch = b.batch.some((m) => late.has(m.messageId));
      const retry = b.batch.some((m) => (firstBatch.get(m.messageId) ?? i) < i);
      if (!lateBatch && !retry && (sent < newest || sent - newest > 10_000))
        wrong.push(`batch ${i} sentAt ${sent - newest} ms after newest`);
      for (const m of b.batch) {
        // What a server computes: receivedAt - (sentAt - timestamp); it lands just after the true time.
        const corrected = received - (sent - Date.parse(m.timestamp));
        const error = corrected - (Date.parse(m.timestamp) - offset);
        if (error < 0 || (!late.has(m.messageId) && error >= 20_000))
          wrong.push(`${m.messageId} off by ${error} ms`);
      }
    });
    expect(wrong).toEqual([]);
    expect(planted.skewedBatches.every((s) => Math.abs(s.offsetMs) >= 60_000)).toBe(true);
  });
});
