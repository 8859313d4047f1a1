import type { OrderWithLines } from '../commerce/ports.js';
import { bump } from './profile-state.js';

/** What the features need from a customer's order history, accumulated one order at a time (plain JSON). */
export interface OrderStats {
  orders: number;
  cancellations: number;
  /** Sum, sum of squares, min and max of order values (orders only). */
  sum: number;
  sumSq: number;
  min: number | null;
  max: number | null;
  items: number;
  discounted: number;
  /** Sum over purchased lines of unit price / category average price, and how many lines that covers. */
  priceRatioSum: number;
  priceRatioLines: number;
  firstAt: number | null;
  lastAt: number | null;
  channel: Record<string, number>;
  categories: Record<string, number>;
}

export interface CatalogView {
  categoryOf(productId: string): string | null;
  /** Average list price of a category's products. */
  categoryAveragePrice(category: string): number | null;
}

export function emptyOrderStats(): OrderStats {
  return {
    orders: 0,
    cancellations: 0,
    sum: 0,
    sumSq: 0,
    min: null,
    max: null,
    items: 0,
    discounted: 0,
    priceRatioSum: 0,
    priceRatioLines: 0,
    firstAt: null,
    lastAt: null,
    channel: {},
    categories: {},
  };
}

/** Applies one order (or cancellation document) of the customer. */
export function applyOrder(s: OrderStats, order: OrderWithLines, catalog: CatalogView): void {
  if (order.kind === 'cancellation') {
    s.cancellations++;
    return;
  }
  if (order.kind !== 'order') return;
  s.orders++;
  let value = 0;
  for (const line of order.lines) {
    if (line.quantity <= 0 || line.unitPrice <= 0) continue;
    value += line.quantity * line.unitPrice;
    s.items += line.quantity;
    const category = catalog.categoryOf(line.productId);
    if (category === null) continue;
    bump(s.categories, category, line.quantity);
    const average = catalog.categoryAveragePrice(category);
    if (average !== null && average > 0) {
      s.priceRatioSum += line.unitPrice / average;
      s.priceRatioLines++;
    }
  }
  s.sum += value;
  s.sumSq += value * value;
  s.min = s.min === null ? value : Math.min(s.min, value);
  s.max = s.max === null ? value : Math.max(s.max, value);
  if (order.discount > 0) s.discounted++;
  if (order.channel) bump(s.channel, order.channel.toLowerCase(), 1);
  if (s.firstAt === null || order.placedAt < s.firstAt) s.firstAt = order.placedAt;
  if (s.lastAt === null || order.placedAt > s.lastAt) s.lastAt = order.placedAt;
}
