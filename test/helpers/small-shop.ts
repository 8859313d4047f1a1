import type { OrderWithLines } from '../../src/commerce/ports.js';
import { makeEvent } from '../../src/adapters/stores.contract.js';
import type { EventRecord } from '../../src/ingest/event-types.js';
import { customerIdScheme } from '../../src/profiles/index.js';
import { createRng } from '../../src/shared/index.js';

const DAY = 86_400_000;

export const SHOP_START = Date.UTC(2026, 0, 1);
export const SHOP_DAYS = 240;

/**
 * A small shop for pipeline tests: each customer has a hidden purchase rate (0.002 or 0.05 orders a day), product
 * views at a rate rising with it, and a 30% chance of quitting at some point. Purchase propensity and churn are
 * learnable from recent views and orders, and both have enough positives in 30- and 60-day windows.
 */
export function smallShop(
  customers: number,
  seed: string,
): { events: EventRecord[]; orders: OrderWithLines[] } {
  const rng = createRng(seed);
  const end = SHOP_START + SHOP_DAYS * DAY;
  const events: EventRecord[] = [];
  const orders: OrderWithLines[] = [];
  for (let c = 0; c < customers; c++) {
    const userId = `user-${c}`;
    const rate = rng.next() < 0.5 ? 0.002 : 0.05;
    const quitsAt = rng.next() < 0.3 ? SHOP_START + rng.next() * SHOP_DAYS * DAY : Infinity;
    for (let t = SHOP_START; t < Math.min(end, quitsAt); t += DAY) {
      if (rng.next() < rate * 8)
        events.push(
          makeEvent({
            userId,
            messageId: `${seed}-view-${c}-${t}`,
            timestamp: Math.floor(t + rng.next() * DAY),
            receivedAt: t,
            event: 'Product Viewed',
          }),
        );
      if (rng.next() < rate) {
        const placedAt = Math.floor(t + rng.next() * DAY);
        orders.push({
          id: `ord-${c}-${orders.length}`,
          customerId: customerIdScheme.forUserId(userId),
          kind: 'order',
          placedAt,
          currency: 'EUR',
          country: 'DE',
          total: Math.round((20 + rng.next() * 80) * 100) / 100,
          discount: 0,
          channel: 'web',
          source: 'test',
          lines: [],
        });
        events.push(
          makeEvent({
            userId,
            messageId: `${seed}-order-${c}-${t}`,
            timestamp: placedAt,
            receivedAt: placedAt,
            event: 'Order Completed',
          }),
        );
      }
    }
  }
  return { events, orders };
}
