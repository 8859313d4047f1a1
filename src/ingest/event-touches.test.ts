import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeEvent } from '../adapters/stores.contract.js';
import { createFieldCipher } from '../privacy/index.js';
import { runBatchJob } from './batch-job.js';
import {
  appendChunksTo,
  chunkJson,
  chunkTouches,
  serializeEvents,
  serializeWithTouches,
} from './event-chunks.js';
import { mentionedProducts, touchOf } from './event-touches.js';
import type { EventRecord } from './event-types.js';
import type { EventStore } from './ports.js';

describe('touchOf', () => {
  it('reads who an event is about, whether it carries consent, and the products it names', () => {
    const e = makeEvent({
      messageId: 'm1',
      event: 'Order Completed',
      userId: 'u1',
      anonymousId: 'a1',
      timestamp: 5,
      properties: {
        order_id: 'o1',
        product_id: 'p0',
        products: [{ product_id: 'p1' }, { sku: 'p2' }, { id: 3 }],
      },
      context: { consent: { categoryPreferences: { personalization: true } } },
    });
    expect(touchOf(e)).toEqual({
      userId: 'u1',
      anonymousId: 'a1',
      consent: true,
      products: {
        event: 'Order Completed',
        messageId: 'm1',
        timestamp: 5,
        productIds: ['p0', 'p1', 'p2', '3'],
        orderId: 'o1',
      },
    });
    expect(touchOf(makeEvent({ type: 'identify', event: null, context: {} }))).toMatchObject({
      consent: false,
      products: null,
    });
  });

  it.each([
    ['a page call', { type: 'page', event: null, properties: { product_id: 'p1' } }],
    ['no product', { properties: { name: 'x' } }],
    ['an id of the wrong type', { properties: { product_id: { $gt: '' } } }],
    ['an empty id', { properties: { product_id: '' } }],
    ['an overlong id', { properties: { product_id: 'x'.repeat(201) } }],
    ['products that are not objects', { properties: { products: ['a', null, 3, [{ id: 'b' }]] } }],
  ] as const)('names no products for %s', (_, over) => {
    expect(mentionedProducts(makeEvent(over as Partial<EventRecord>))).toBeNull();
  });

  it('reads at most 100 products of one event, and an order id only when it is a non-empty string', () => {
    const products = Array.from({ length: 300 }, (_, i) => ({ product_id: `p${i}` }));
    const m = mentionedProducts(makeEvent({ properties: { products, order_id: 42 } }));
    expect(m?.productIds).toHaveLength(100);
    expect(m?.orderId).toBeNull();
  });
});

const arbitraryEvent = fc
  .record({
    type: fc.constantFrom('track', 'identify', 'page'),
    event: fc.option(
      fc.constantFrom('Product Viewed', 'Order Completed', 'toString', '__proto__', 'é\u0000'),
      {
        nil: null,
      },
    ),
    userId: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
    anonymousId: fc.option(fc.string({ maxLength: 8 }), { nil: null }),
    properties: fc.record(
      {
        product_id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)),
        products: fc.array(
          fc.oneof(fc.record({ sku: fc.string({ maxLength: 4 }) }), fc.string(), fc.constant(null)),
          { maxLength: 4 },
        ),
        order_id: fc.oneof(fc.string({ maxLength: 4 }), fc.integer()),
      },
      { requiredKeys: [] },
    ),
    consent: fc.boolean(),
  })
  .map(({ consent, ...e }) =>
    makeEvent({
      ...e,
      type: e.type as EventRecord['type'],
      context: consent ? { consent: { categoryPreferences: {} } } : {},
    }),
  );

describe('chunkTouches', () => {
  it('gives the same touches for records, their JSON, and their JSON with touches after a thread crossing', () => {
    fc.assert(
      fc.property(fc.array(arbitraryEvent, { maxLength: 8 }), (events) => {
        const expected = events.map(touchOf);
        expect(chunkTouches(events)).toEqual(expected);
        expect(chunkTouches(serializeEvents(events))).toEqual(expected);
        expect(chunkTouches(structuredClone(serializeWithTouches(events)))).toEqual(expected);
      }),
    );
  });

  it('reads a batch worker’s touches without parsing the events again', () => {
    const chunk = { ...serializeWithTouches([makeEvent({ userId: 'u9' })]), json: 'not json' };
    expect(chunkTouches(chunk)[0]?.userId).toBe('u9');
  });
});

describe('chunkJson', () => {
  it('serialises a record chunk once, for the journal and for every consumer after it', async () => {
    const events = [makeEvent(), makeEvent({ userId: 'u2' })];
    const appended: string[] = [];
    const store = {
      appendJson: async ({ json }: { json: string }) => (appended.push(json), { inserted: null }),
    } as unknown as EventStore;
    await appendChunksTo(store)([events]);
    const json = chunkJson(events);
    expect(chunkJson(events)).toBe(json);
    expect(appended).toEqual([json.json]);
    expect(JSON.parse(`[${json.json}]`)).toEqual(events);
  });
});

describe('runBatchJob touches', () => {
  it('sends the touches of exactly the accepted events beside their JSON', () => {
    const text = JSON.stringify({
      batch: [
        {
          type: 'track',
          userId: 'u1',
          event: 'Product Viewed',
          messageId: 'm1',
          properties: { product_id: 'p1' },
        },
        { type: 'track', event: 'No identity' },
        { type: 'identify', anonymousId: 'a1', messageId: 'm3', context: { consent: {} } },
      ],
    });
    const result = runBatchJob(
      { text, receivedAt: Date.UTC(2026, 10, 30), source: 'api:k', origin: 'api:/v1/batch' },
      { cipher: createFieldCipher(Buffer.alloc(32, 3)), maxEventBytes: 32 * 1024 },
    );
    if (result.kind !== 'ok') throw new Error(result.kind);
    const events = JSON.parse(`[${result.events.json}]`) as EventRecord[];
    expect(result.events.touches).toEqual(events.map(touchOf));
    expect(result.events.touches?.map((t) => [t.userId, t.anonymousId, t.consent])).toEqual([
      ['u1', null, false],
      [null, 'a1', true],
    ]);
    expect(result.events.touches?.[0]?.products?.productIds).toEqual(['p1']);
  });
});
