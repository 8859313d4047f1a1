import { describe, expect, it } from 'vitest';
import { activityOf, createActivityBuffer, type Activity } from './activity.js';

const event = (over: Partial<Parameters<typeof activityOf>[0]>) => ({
  type: 'track',
  event: 'Product Viewed',
  messageId: 'm1',
  timestamp: 1000,
  properties: {},
  ...over,
});

describe('activityOf', () => {
  it('reads the products of Segment e-commerce events', () => {
    expect(activityOf(event({ properties: { product_id: 'p1' } }))).toEqual({
      messageId: 'm1',
      kind: 'viewed',
      itemIds: ['p1'],
      orderId: null,
      at: 1000,
    });
    expect(
      activityOf(
        event({
          event: 'Order Completed',
          properties: {
            order_id: 'o9',
            products: [{ product_id: 'a' }, { sku: 'b' }, { id: 7 }, { product_id: 'a' }],
          },
        }),
      ),
    ).toMatchObject({ kind: 'bought', itemIds: ['a', 'b', '7'], orderId: 'o9' });
    // A purchase without an order id counts as its own order.
    expect(
      activityOf(event({ event: 'Order Completed', properties: { products: [{ product_id: 'a' }] } }))
        ?.orderId,
    ).toBe('m1');
    expect(activityOf(event({ event: 'Product Added', properties: { productId: 'x' } }))?.kind).toBe(
      'carted',
    );
  });

  it.each([
    ['a page view', event({ type: 'page', event: null, properties: { product_id: 'p1' } })],
    ['another event', event({ event: 'Signed Up', properties: { product_id: 'p1' } })],
    [
      'an event named like an object property',
      event({ event: 'constructor', properties: { product_id: 'p1' } }),
    ],
    ['an event named __proto__', event({ event: '__proto__', properties: { product_id: 'p1' } })],
    ['no product', event({ properties: { name: 'x' } })],
    ['a product id of the wrong type', event({ properties: { product_id: { $gt: '' } } })],
    ['an empty id', event({ properties: { product_id: '' } })],
    ['an overlong id', event({ properties: { product_id: 'x'.repeat(201) } })],
    [
      'products that are not objects',
      event({ event: 'Order Completed', properties: { products: ['a', null, 3] } }),
    ],
  ])('ignores %s', (_, e) => {
    expect(activityOf(e)).toBeNull();
  });

  it('keeps at most 100 products of one event', () => {
    const products = Array.from({ length: 500 }, (_, i) => ({ product_id: `p${i}` }));
    expect(activityOf(event({ event: 'Order Completed', properties: { products } }))?.itemIds).toHaveLength(
      100,
    );
  });
});

describe('createActivityBuffer', () => {
  const a = (messageId: string): Activity => ({
    messageId,
    kind: 'viewed',
    itemIds: ['p'],
    orderId: null,
    at: 0,
  });

  it('keeps the latest entries per identifier, the most recently active identifiers, for the TTL', () => {
    const buffer = createActivityBuffer({ identifiers: 2, perIdentifier: 2, ttlMs: 100 });
    buffer.add('u1', a('1'), 0);
    buffer.add('u1', a('2'), 0);
    buffer.add('u1', a('3'), 0);
    expect(buffer.of(['u1'], 50).map((x) => x.messageId)).toEqual(['2', '3']);
    buffer.add('u2', a('4'), 10);
    buffer.add('u3', a('5'), 20);
    // u1 was the least recently active: dropped for u3.
    expect(buffer.of(['u1', 'u2', 'u3'], 50).map((x) => x.messageId)).toEqual(['4', '5']);
    expect(buffer.of(['u2'], 200)).toEqual([]);
    expect(buffer.size).toBe(1);
  });
});
