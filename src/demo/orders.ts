import type { Rng } from '../shared/index.js';
import type { Catalog, CatalogProduct } from './catalog.js';
import { iso } from './calendar.js';
import { cents } from './distributions.js';
import { lineOutlier } from './dirt.js';
import type { DemoJsonObject, DemoLineRef, DemoOrderLineRow, DemoPlatform } from './types.js';

export interface OrderLine {
  product: CatalogProduct;
  quantity: number;
  unitPrice: number;
}

/** An order before ids are handed out in chronological order. */
export interface OrderDraft {
  id: string;
  userId: string;
  placedMs: number;
  country: string;
  channel: DemoPlatform;
  lines: OrderLine[];
  discount: number;
  coupon: string | null;
  /** Event properties that carry `order_id`, patched when the id is assigned. */
  eventProps: DemoJsonObject[];
  outliers: { productId: string; kind: 'quantity' | 'price' }[];
}

/** A cancellation (before dispatch) or a return: its own document `C<order_id>`, negative quantities. */
export interface CancellationDraft {
  order: OrderDraft;
  placedMs: number;
  lines: OrderLine[];
}

export function drawQuantity(rng: Rng): number {
  return rng.weighted([1, 2, 3, 4], [0.82, 0.12, 0.04, 0.02]);
}

/** Cart lines as charged, with the rare planted outlier (absurd quantity or price) applied. */
export function chargeLines(rng: Rng, cart: readonly { product: CatalogProduct; quantity: number }[]) {
  const outliers: OrderDraft['outliers'] = [];
  const lines = cart.map(({ product, quantity }) => {
    const line: OrderLine = { product, quantity, unitPrice: product.price };
    const spoilt = lineOutlier(rng);
    if (spoilt?.kind === 'quantity') line.quantity = spoilt.quantity;
    if (spoilt?.kind === 'price') line.unitPrice = cents(Math.max(0.01, product.price * spoilt.factor));
    if (spoilt) outliers.push({ productId: product.id, kind: spoilt.kind });
    return line;
  });
  return { lines, outliers };
}

export function subtotalOf(lines: readonly OrderLine[]): number {
  return cents(lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0));
}

export function eventProducts(catalog: Catalog, lines: readonly OrderLine[]): DemoJsonObject[] {
  return lines.map((l) => ({
    product_id: l.product.id,
    sku: l.product.id,
    name: l.product.name,
    price: l.unitPrice,
    quantity: l.quantity,
    category: catalog.categories[l.product.category] ?? '',
  }));
}

/** Hands out order ids by placement time so order numbers rise with time, like a real shop's. */
export function assignOrderIds(orders: OrderDraft[]): void {
  orders.sort((a, b) => a.placedMs - b.placedMs);
  orders.forEach((o, i) => {
    o.id = String(500001 + i);
    for (const props of o.eventProps) props.order_id = o.id;
  });
}

export function orderRows(o: OrderDraft): DemoOrderLineRow[] {
  return o.lines.map((l) => ({
    order_id: o.id,
    user_id: o.userId,
    placed_at: iso(o.placedMs),
    product_id: l.product.id,
    description: l.product.name,
    quantity: l.quantity,
    unit_price: l.unitPrice,
    currency: 'EUR',
    country: o.country,
    kind: 'order',
    discount: o.discount,
    channel: o.channel,
  }));
}

export function cancellationRows(c: CancellationDraft): DemoOrderLineRow[] {
  return c.lines.map((l) => ({
    order_id: `C${c.order.id}`,
    user_id: c.order.userId,
    placed_at: iso(c.placedMs),
    product_id: l.product.id,
    description: l.product.name,
    quantity: -l.quantity,
    unit_price: l.unitPrice,
    currency: 'EUR',
    country: c.order.country,
    kind: 'cancellation',
    discount: 0,
    channel: c.order.channel,
  }));
}

export function outlierRefs(orders: readonly OrderDraft[], kind: 'quantity' | 'price'): DemoLineRef[] {
  return orders.flatMap((o) =>
    o.outliers.filter((x) => x.kind === kind).map((x) => ({ order_id: o.id, product_id: x.productId })),
  );
}
