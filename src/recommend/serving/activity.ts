import { mentionedProducts, type ProductMention } from '../../ingest/event-touches.js';

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
const KINDS = new Map<string, ActivityKind>([
  ['Order Completed', 'bought'],
  ['Product Added', 'carted'],
  ['Product Viewed', 'viewed'],
  ['Product Clicked', 'viewed'],
]);

/**
 * The activity of an event's product mention: purchases, cart additions and views under Segment's e-commerce event
 * names, else null.
 */
export function activityFrom(m: ProductMention | null): Activity | null {
  if (m === null) return null;
  const kind = KINDS.get(m.event);
  if (kind === undefined) return null;
  return {
    messageId: m.messageId,
    kind,
    itemIds: m.productIds,
    orderId: kind === 'bought' ? (m.orderId ?? m.messageId) : null,
    at: m.timestamp,
  };
}

/**
 * The products a Segment e-commerce event names (`properties.product_id`, or `products[].product_id`, falling back to
 * `sku` and `id`), or null when it names none or is not a product event.
 *
 * @example
 * activityOf({ type: 'track', event: 'Product Viewed', messageId: 'm1', timestamp: 0, properties: { product_id: 'p1' } });
 * // { messageId: 'm1', kind: 'viewed', itemIds: ['p1'], orderId: null, at: 0 }
 */
export function activityOf(e: Parameters<typeof mentionedProducts>[0]): Activity | null {
  return e.type === 'track' && e.event !== null && KINDS.has(e.event)
    ? activityFrom(mentionedProducts(e))
    : null;
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
