import type { EventRecord } from './event-types.js';

/** The products a Segment e-commerce event names, as its `properties` give them. */
export interface ProductMention {
  event: string;
  messageId: string;
  timestamp: number;
  /** Distinct, in order of appearance: `properties.product_id` (or `productId`, `sku`, `id`), then `products[]`'s. */
  productIds: string[];
  /** `properties.order_id` when it is a non-empty string, else null. */
  orderId: string | null;
}

/**
 * What the server's own consumers of accepted events read of each one: who it is about, whether it carries consent
 * choices, and the products it names. Batch worker threads build these beside the JSON they serialise, so the event
 * loop hands a batch to those consumers without parsing the whole batch back.
 */
export interface EventTouch {
  userId: string | null;
  anonymousId: string | null;
  /** `context.consent` is present (the event records consent choices). */
  consent: boolean;
  products: ProductMention | null;
}

/** Most products read from one event's `products` array. */
export const MAX_MENTIONED_PRODUCTS = 100;
const MAX_PRODUCT_ID_LENGTH = 200;

function productIdOf(x: unknown): string | null {
  if (typeof x !== 'object' || x === null) return null;
  const p = x as Record<string, unknown>;
  const id = p.product_id ?? p.productId ?? p.sku ?? p.id;
  if (typeof id === 'string') return id.length > 0 && id.length <= MAX_PRODUCT_ID_LENGTH ? id : null;
  return typeof id === 'number' ? String(id) : null;
}

/**
 * The products a track event names under Segment's e-commerce spec, or null for other calls and for events that
 * name none.
 *
 * @example
 * mentionedProducts({ type: 'track', event: 'Product Viewed', messageId: 'm1', timestamp: 0, properties: { product_id: 'p1' } });
 * // { event: 'Product Viewed', messageId: 'm1', timestamp: 0, productIds: ['p1'], orderId: null }
 */
export function mentionedProducts(e: {
  type: string;
  event: string | null;
  messageId: string;
  timestamp: number;
  properties: Record<string, unknown>;
}): ProductMention | null {
  if (e.type !== 'track' || e.event === null) return null;
  const ids = new Set<string>();
  const own = productIdOf(e.properties);
  if (own) ids.add(own);
  const products = e.properties.products;
  if (Array.isArray(products))
    for (const p of products.slice(0, MAX_MENTIONED_PRODUCTS)) {
      const id = productIdOf(p);
      if (id) ids.add(id);
    }
  if (ids.size === 0) return null;
  const order = e.properties.order_id;
  return {
    event: e.event,
    messageId: e.messageId,
    timestamp: e.timestamp,
    productIds: [...ids],
    orderId: typeof order === 'string' && order !== '' ? order : null,
  };
}

export function touchOf(e: EventRecord): EventTouch {
  return {
    userId: e.userId,
    anonymousId: e.anonymousId,
    consent: (e.context as Record<string, unknown> | undefined)?.consent !== undefined,
    products: mentionedProducts(e),
  };
}
