import { describe, expect, it } from 'vitest';
import { generateShop, type SegmentMessage } from './index.js';

const DAY = 86_400_000;
const endDate = Date.parse('2026-10-31T23:59:59.999Z');
const days = 90;
const shop = generateShop({ customers: 300, days, seed: 11, endDate });
const start = endDate - days * DAY;
const offsets = new Map(shop.truth.planted.skewedBatches.map((s) => [s.index, s.offsetMs]));
const delivered = shop.events.flatMap((b, i) =>
  b.batch.map((m) => ({ m, ms: Date.parse(m.timestamp) - (offsets.get(i) ?? 0) })),
);
const unique = new Map<string, { m: SegmentMessage; ms: number }>();
for (const d of delivered) if (!unique.has(d.m.messageId)) unique.set(d.m.messageId, d);
const messages = [...unique.values()];
const round2 = (x: number): number => Math.round(x * 100) / 100;

describe('referential integrity', () => {
  const productIds = new Set(shop.products.map((p) => p.id));
  const userIds = new Set(shop.customers.map((c) => c.user_id));

  it('order lines point at products and customers that exist', () => {
    expect(shop.orderLines.length).toBeGreaterThan(100);
    for (const l of shop.orderLines) {
      expect(productIds.has(l.product_id)).toBe(true);
      expect(userIds.has(l.user_id)).toBe(true);
      expect(l.currency).toBe('EUR');
      expect(l.kind === 'order' ? l.quantity > 0 : l.quantity < 0).toBe(true);
    }
  });

  it('cancellations refer to an earlier order of the same customer', () => {
    const orders = new Map(shop.orderLines.filter((l) => l.kind === 'order').map((l) => [l.order_id, l]));
    const cancellations = shop.orderLines.filter((l) => l.kind === 'cancellation');
    expect(cancellations.length).toBeGreaterThan(0);
    for (const c of cancellations) {
      const original = orders.get(c.order_id.slice(1));
      expect(original?.user_id).toBe(c.user_id);
      expect(Date.parse(c.placed_at)).toBeGreaterThan(Date.parse(original?.placed_at ?? ''));
    }
  });

  it('reviews and conversations belong to existing customers and products', () => {
    expect(shop.reviews.length).toBeGreaterThan(10);
    for (const r of shop.reviews) {
      expect(userIds.has(r.user_id) && productIds.has(r.product_id)).toBe(true);
      expect(r.rating >= 1 && r.rating <= 5).toBe(true);
    }
    expect(shop.conversations.length).toBeGreaterThan(10);
    for (const c of shop.conversations) {
      expect(userIds.has(c.user_id)).toBe(true);
      expect(c.messages.length).toBeGreaterThan(0);
      expect(c.messages.map((m) => m.seq)).toEqual(c.messages.map((_, i) => i + 1));
      expect(c.messages.every((m) => !/\{\w+\}/.test(m.body))).toBe(true);
    }
  });

  it('has an Order Completed event for every order, with the same id, total and lines', () => {
    const completed = new Map<string, { m: SegmentMessage; ms: number }>();
    for (const d of messages)
      if (d.m.event === 'Order Completed') completed.set(String(d.m.properties?.order_id), d);
    const byOrder = new Map<string, typeof shop.orderLines>();
    for (const l of shop.orderLines)
      if (l.kind === 'order') byOrder.set(l.order_id, [...(byOrder.get(l.order_id) ?? []), l]);
    expect(completed.size).toBe(byOrder.size);
    for (const [orderId, lines] of byOrder) {
      const found = completed.get(orderId);
      const event = found?.m;
      const first = lines[0];
      expect(event?.userId).toBe(first?.user_id);
      // Compared after undoing any planted clock skew on the batch that carried it.
      expect(found?.ms).toBe(Date.parse(first?.placed_at ?? ''));
      const total = round2(lines.reduce((s, l) => s + l.quantity * l.unit_price, 0) - (first?.discount ?? 0));
      expect(event?.properties?.total).toBeCloseTo(total, 2);
      const products = event?.properties?.products as { product_id: string; quantity: number }[];
      expect(products.map((p) => `${p.product_id}x${p.quantity}`)).toEqual(
        lines.map((l) => `${l.product_id}x${l.quantity}`),
      );
    }
  });

  it('places every order in a session with page and product views before it', () => {
    const views = messages.filter(({ m }) => m.event === 'Product Viewed');
    for (const { m, ms } of messages.filter(({ m }) => m.event === 'Order Completed')) {
      const before = views.filter(
        (v) => v.m.anonymousId === m.anonymousId && v.ms <= ms && v.ms > ms - 3 * 3_600_000,
      );
      expect(before.length).toBeGreaterThan(0);
    }
  });
});

describe('signups', () => {
  it('sends one Signed Up event, at created_at, for each customer who signs up in the window', () => {
    const signups = messages.filter(({ m }) => m.event === 'Signed Up');
    const inWindow = shop.customers.filter((c) => Date.parse(c.created_at) >= start);
    expect(signups.map(({ m }) => m.userId).sort()).toEqual(inWindow.map((c) => c.user_id).sort());
    const created = new Map(shop.customers.map((c) => [c.user_id, Date.parse(c.created_at)]));
    expect(signups.every(({ m, ms }) => created.get(m.userId ?? '') === ms)).toBe(true);
  });
});

describe('time bounds and delivery', () => {
  it('puts every timestamp inside the window, none after endDate', () => {
    for (const b of shop.events) {
      expect(Date.parse(b.sentAt)).toBeLessThanOrEqual(endDate);
      for (const m of b.batch) {
        const ms = Date.parse(m.timestamp);
        expect(ms >= start && ms <= endDate).toBe(true);
      }
    }
    const rowTimes = [
      ...shop.orderLines.map((l) => l.placed_at),
      ...shop.reviews.map((r) => r.created_at),
      ...shop.conversations.flatMap((c) => [c.started_at, ...c.messages.map((m) => m.created_at)]),
      ...shop.kb.map((k) => k.updated_at),
      ...shop.products.map((p) => p.created_at),
      ...shop.truth.receivedAt,
    ].map(Date.parse);
    expect(rowTimes.every((ms) => ms >= start && ms <= endDate)).toBe(true);
    expect(shop.customers.every((c) => Date.parse(c.created_at) <= endDate)).toBe(true);
    expect(shop.customers.some((c) => Date.parse(c.created_at) < start)).toBe(true);
  });

  it('delivers batches of at most 100 in the order the server receives them', () => {
    expect(shop.truth.receivedAt).toHaveLength(shop.events.length);
    const received = shop.truth.receivedAt.map(Date.parse);
    expect(received.every((ms, i) => i === 0 || ms >= (received[i - 1] ?? 0))).toBe(true);
    expect(shop.events.every((b) => b.batch.length >= 1 && b.batch.length <= 100)).toBe(true);
  });

  it('builds Segment messages with the fields their type needs', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const wrong = messages.filter(({ m }) => {
      if (!uuid.test(m.messageId) || !(m.userId ?? m.anonymousId) || typeof m.context.locale !== 'string')
        return true;
      if (m.type === 'track') return !m.event;
      if (m.type === 'page' || m.type === 'screen') return !m.name;
      if (m.type === 'identify') return !m.userId || !m.traits;
      return m.type === 'alias' && (!m.previousId || !m.userId);
    });
    expect(wrong.map(({ m }) => m)).toEqual([]);
    const names = new Set(messages.map(({ m }) => m.event).filter(Boolean));
    for (const e of [
      'Products Searched',
      'Product Viewed',
      'Product Added',
      'Product Removed',
      'Cart Viewed',
    ]) {
      expect(names.has(e)).toBe(true);
    }
    for (const e of [
      'Checkout Started',
      'Order Completed',
      'Product Reviewed',
      'Email Opened',
      'Email Link Clicked',
      'Signed Up',
    ]) {
      expect(names.has(e)).toBe(true);
    }
  });
});
