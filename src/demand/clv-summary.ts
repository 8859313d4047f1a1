import type { OrderWithLines } from '../commerce/ports.js';
import { median } from '../ml/index.js';
import { outlierFences } from '../prep/index.js';

const DAY = 86_400_000;

/** A placed order as customer value sees it: who, when, and its value. */
export interface PlacedOrder {
  customerId: string;
  placedAt: number;
  value: number;
}

/**
 * The value of an order: Σ quantity × unit price over its lines with a positive quantity and price, the order value
 * profiles and RFM use (`OrderStats.sum`), so a mistyped negative or free line does not count. An order without
 * lines (a header-only import) is worth its imported total when that is positive.
 */
export function orderValue(order: OrderWithLines): number {
  if (order.lines.length === 0) return Math.max(0, order.total);
  let value = 0;
  for (const line of order.lines)
    if (line.quantity > 0 && line.unitPrice > 0) value += line.quantity * line.unitPrice;
  return value;
}

/** Modified z-score beyond which an order value is absurd (prep's MAD default, as the order-line quality rules). */
const MAD_THRESHOLD = 3.5;
/** The cap never sits below this many times the median order value. */
const MIN_CAP_FACTOR = 10;

/**
 * The largest order value taken at face value: the upper MAD fence (modified z-score 3.5) of log10 of the positive
 * order values, and at least 10 × their median, the construction the data-quality report uses for order lines.
 * Spend is dominated otherwise by a handful of mistyped quantities or prices (the demo plants ×1000 prices, and one
 * such order outweighs a thousand real ones), which no model can predict and which drown the errors that matter.
 * Null without positive values.
 */
export function orderValueCap(values: readonly number[]): number | null {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map((v) => Math.log10(v));
  if (logs.length === 0) return null;
  const upper = outlierFences(logs, { method: 'mad', threshold: MAD_THRESHOLD }).upper ?? Infinity;
  const cap = 10 ** Math.max(upper, median(logs) + Math.log10(MIN_CAP_FACTOR));
  return Number.isFinite(cap) ? cap : null;
}

/** The orders with each value capped (unchanged when `cap` is null). */
export function capOrderValues(orders: readonly PlacedOrder[], cap: number | null): PlacedOrder[] {
  return orders.map((o) => (cap !== null && o.value > cap ? { ...o, value: cap } : o));
}

/**
 * One customer's purchase history at a cutoff, as the BG/NBD and Gamma-Gamma models take it, in days. Orders are
 * grouped into purchase occasions by UTC day (the usual daily summary: two orders on one day are one purchase).
 */
export interface ClvSummary {
  /** Repeat purchase days: days with an order, after the first one. */
  frequency: number;
  /** Days from the first purchase day to the last. */
  recency: number;
  /** Days from the start of the first purchase day to the cutoff (T). */
  age: number;
  /** Mean value of the repeat purchase days with a positive value (0 without any), for Gamma-Gamma. */
  monetaryValue: number;
  /** How many repeat purchase days had a positive value (Gamma-Gamma's x). */
  valueFrequency: number;
  orders: number;
  /** Total value of the orders up to the cutoff. */
  spend: number;
  firstAt: number;
  lastAt: number;
}

/**
 * The summary of every customer with an order up to `cutoff` (inclusive); orders after it are ignored, so the
 * summary is point-in-time correct whatever `orders` holds.
 */
export function summarizePurchases(orders: readonly PlacedOrder[], cutoff: number): Map<string, ClvSummary> {
  const days = new Map<string, Map<number, number>>();
  const stats = new Map<string, { orders: number; spend: number; firstAt: number; lastAt: number }>();
  for (const o of orders) {
    if (o.placedAt > cutoff) continue;
    let byDay = days.get(o.customerId);
    if (!byDay) days.set(o.customerId, (byDay = new Map()));
    const day = Math.floor(o.placedAt / DAY);
    byDay.set(day, (byDay.get(day) ?? 0) + o.value);
    const s = stats.get(o.customerId);
    if (!s) stats.set(o.customerId, { orders: 1, spend: o.value, firstAt: o.placedAt, lastAt: o.placedAt });
    else {
      s.orders++;
      s.spend += o.value;
      s.firstAt = Math.min(s.firstAt, o.placedAt);
      s.lastAt = Math.max(s.lastAt, o.placedAt);
    }
  }
  const out = new Map<string, ClvSummary>();
  for (const [id, byDay] of days) {
    const ordered = [...byDay].sort((a, b) => a[0] - b[0]);
    const first = ordered[0]![0];
    const last = ordered[ordered.length - 1]![0];
    let valueFrequency = 0;
    let repeatValue = 0;
    for (const [, value] of ordered.slice(1))
      if (value > 0) {
        valueFrequency++;
        repeatValue += value;
      }
    const s = stats.get(id)!;
    out.set(id, {
      frequency: ordered.length - 1,
      recency: last - first,
      age: (cutoff - first * DAY) / DAY,
      monetaryValue: valueFrequency > 0 ? repeatValue / valueFrequency : 0,
      valueFrequency,
      orders: s.orders,
      spend: s.spend,
      firstAt: s.firstAt,
      lastAt: s.lastAt,
    });
  }
  return out;
}

/** Each customer's spend on orders placed in (from, to]. */
export function spendBetween(orders: readonly PlacedOrder[], from: number, to: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of orders)
    if (o.placedAt > from && o.placedAt <= to) out.set(o.customerId, (out.get(o.customerId) ?? 0) + o.value);
  return out;
}

/**
 * The naive baseline: the customer's historical average spend rate (spend to the cutoff per day since the first
 * order) over the next `horizonDays`. A customer seen for less than the horizon has the rate taken over one
 * horizon instead (predicting the spend so far again), or an order yesterday would extrapolate to one a day.
 */
export function baselineSpend(summary: ClvSummary, cutoff: number, horizonDays: number): number {
  const days = Math.max((cutoff - summary.firstAt) / DAY, horizonDays);
  return (summary.spend / days) * horizonDays;
}
