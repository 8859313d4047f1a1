/** What a behaviour event says about products: bought, put in a cart, or viewed. */
export type ActivityKind = 'bought' | 'carted' | 'viewed';

export interface Activity {
  messageId: string;
  kind: ActivityKind;
  itemIds: string[];
  /** The order's id for purchases (distinct orders count re-buys), else null. */
  orderId: string | null;
  at: number;
}

/** The Segment e-commerce spec events serving folds in, by kind. */
const KINDS: Record<string, ActivityKind> = {
  'Order Completed': 'bought',
  'Product Added': 'carted',
  'Product Viewed': 'viewed',
  'Product Clicked': 'viewed',
};

const MAX_ITEMS = 100;

const idOf = (x: unknown): string | null => {
  if (typeof x !== 'object' || x === null) return null;
  const p = x as Record<string, unknown>;
  const id = p.product_id ?? p.productId ?? p.sku ?? p.id;
  return typeof id === 'string' && id.length > 0 && id.length <= 200
    ? id
    : typeof id === 'number'
      ? String(id)
      : null;
};

/**
 * The products a Segment e-commerce event names (`properties.product_id`, or `products[].product_id`, falling back to
 * `sku` and `id`), or null when it names none or is not a product event.
 *
 * @example
 * activityOf({ type: 'track', event: 'Product Viewed', messageId: 'm1', timestamp: 0, properties: { product_id: 'p1' } });
 * // { messageId: 'm1', kind: 'viewed', itemIds: ['p1'], orderId: null, at: 0 }
 */
export function activityOf(e: {
  type: string;
  event: string | null;
  messageId: string;
  timestamp: number;
  properties: Record<string, unknown>;
}): Activity | null {
  if (e.type !== 'track' || e.event === null) return null;
  const kind = KINDS[e.event];
  if (!kind) return null;
  const ids = new Set<string>();
  const own = idOf(e.properties);
  if (own) ids.add(own);
  const products = e.properties.products;
  if (Array.isArray(products))
    for (const p of products.slice(0, MAX_ITEMS)) {
      const id = idOf(p);
      if (id) ids.add(id);
    }
  if (ids.size === 0) return null;
  const order = e.properties.order_id;
  return {
    messageId: e.messageId,
    kind,
    itemIds: [...ids],
    orderId: kind === 'bought' ? (typeof order === 'string' && order !== '' ? order : e.messageId) : null,
    at: e.timestamp,
  };
}

/**
 * Recent product activity per identifier (userId or anonymousId), from the bus, so a request made right after an
 * event sees it before the event store has indexed it. Bounded: the most recent `perIdentifier` entries of the
 * `identifiers` most recently active, each kept `ttlMs`.
 */
export function createActivityBuffer(
  options: { identifiers?: number; perIdentifier?: number; ttlMs?: number } = {},
) {
  const maxIds = options.identifiers ?? 50_000;
  const perId = options.perIdentifier ?? 50;
  const ttl = options.ttlMs ?? 10 * 60_000;
  const byId = new Map<string, { added: number; entries: Activity[] }>();
  return {
    add(identifier: string, activity: Activity, now: number): void {
      const slot = byId.get(identifier) ?? { added: now, entries: [] };
      byId.delete(identifier);
      slot.added = now;
      slot.entries.push(activity);
      if (slot.entries.length > perId) slot.entries.splice(0, slot.entries.length - perId);
      byId.set(identifier, slot);
      if (byId.size > maxIds) byId.delete(byId.keys().next().value as string);
    },
    /** Entries of these identifiers that arrived within the TTL. */
    of(identifiers: readonly string[], now: number): Activity[] {
      const out: Activity[] = [];
      for (const id of identifiers) {
        const slot = byId.get(id);
        if (!slot) continue;
        if (now - slot.added > ttl) {
          byId.delete(id);
          continue;
        }
        out.push(...slot.entries);
      }
      return out;
    },
    get size() {
      return byId.size;
    },
  };
}
