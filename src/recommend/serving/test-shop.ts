import type { OrderWithLines, ProductRecord } from '../../commerce/ports.js';
import { generateShop, type DemoShop } from '../../demo/index.js';
import { customerIdScheme } from '../../profiles/profile-service.js';
import { systemClock } from '../../shared/index.js';
import type { RecommenderDeps } from './train-recommender.js';

// Test support (not a test): a small demo shop's orders and products as the recommender trainer reads them.

export const TEST_SHOP_END = Date.parse('2026-10-31T23:59:59.999Z');

export function testShop(customers = 500, days = 200, seed = 11): DemoShop {
  return generateShop({ customers, days, seed, endDate: TEST_SHOP_END });
}

/** The shop's orders grouped with their lines (customer ids are the demo's user ids). */
export function shopOrders(shop: DemoShop): OrderWithLines[] {
  const byId = new Map<string, OrderWithLines>();
  for (const l of shop.orderLines) {
    let o = byId.get(l.order_id);
    if (!o) {
      o = {
        id: l.order_id,
        customerId: l.user_id,
        kind: l.kind === 'order' ? 'order' : 'cancellation',
        placedAt: Date.parse(l.placed_at),
        currency: 'EUR',
        country: l.country,
        total: 0,
        discount: l.discount,
        channel: l.channel,
        source: 'test',
        lines: [],
      };
      byId.set(l.order_id, o);
    }
    o.total += l.quantity * l.unit_price;
    o.lines.push({
      orderId: l.order_id,
      lineNo: o.lines.length + 1,
      productId: l.product_id,
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unit_price,
    });
  }
  return [...byId.values()].sort((a, b) => a.placedAt - b.placedAt);
}

export function shopDeps(shop: DemoShop): RecommenderDeps {
  const orders = shopOrders(shop);
  return {
    source: {
      async *orders(until: number) {
        yield orders.filter((o) => o.placedAt <= until);
      },
      products: async () => shop.products.map((p) => ({ id: p.id, category: p.category, price: p.price })),
    },
    settle: async () => {},
    clock: systemClock,
  };
}

/** The shop's products as the product store keeps them, entered into the catalogue at `createdAt`. */
export function shopProducts(shop: DemoShop, createdAt: number): ProductRecord[] {
  return shop.products.map((p) => ({
    id: p.id,
    name: p.name,
    description: p.description,
    category: p.category,
    price: p.price,
    currency: 'EUR',
    stock: p.stock,
    attributes: {},
    createdAt,
    updatedAt: createdAt,
  }));
}

/** The shop's orders under Rapport's customer ids (as the importer stores them). */
export function shopStoredOrders(shop: DemoShop): OrderWithLines[] {
  return shopOrders(shop).map((o) => ({
    ...o,
    customerId: customerIdScheme.forUserId(o.customerId as string),
  }));
}
