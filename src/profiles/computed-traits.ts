import { z } from 'zod';
import { isSafeKey, type ProfileEvent } from './profile-state.js';

// Names of Object.prototype's members (constructor, __proto__) would read or write an object's prototype.
const notReserved = [isSafeKey, 'a name JavaScript objects reserve'] as const;
const name = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'lower snake_case, at most 64 characters')
  .refine(...notReserved);
const propertyName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a top-level property name')
  .refine(...notReserved);

/**
 * A computed trait: an aggregate over the customer's events that match a filter, optionally within a window
 * ending at the as-of time. E.g. `{ name: 'orders_90d', aggregate: 'count', event: 'Order Completed',
 * windowDays: 90 }` or `{ name: 'favourite_category', aggregate: 'most_frequent', event: 'Product Viewed',
 * property: 'category' }`.
 */
export const computedTraitSchema = z
  .object({
    name,
    description: z.string().max(500).optional(),
    aggregate: z.enum([
      'count',
      'sum',
      'avg',
      'min',
      'max',
      'first',
      'last',
      'distinct_count',
      'most_frequent',
    ]),
    type: z.enum(['track', 'identify', 'page', 'screen', 'group', 'alias']).optional(),
    event: z.string().min(1).max(200).optional(),
    property: propertyName.optional(),
    where: z
      .array(z.object({ property: propertyName, equals: z.union([z.string(), z.number(), z.boolean()]) }))
      .max(8)
      .optional(),
    windowDays: z.number().int().min(1).max(3650).optional(),
  })
  .strict()
  .refine((d) => d.aggregate === 'count' || d.property !== undefined, {
    message: 'every aggregate but count needs a property',
    path: ['property'],
  });

export type ComputedTraitDefinition = z.infer<typeof computedTraitSchema>;

export const computedTraitsSchema = z
  .array(computedTraitSchema)
  .max(100)
  .refine((defs) => new Set(defs.map((d) => d.name)).size === defs.length, 'trait names must be unique');

/** The computed traits every Rapport install has unless its config replaces them. */
export const defaultComputedTraits: readonly ComputedTraitDefinition[] = [
  { name: 'orders_90d', aggregate: 'count', event: 'Order Completed', windowDays: 90 },
  { name: 'revenue_90d', aggregate: 'sum', event: 'Order Completed', property: 'revenue', windowDays: 90 },
  { name: 'product_views_30d', aggregate: 'count', event: 'Product Viewed', windowDays: 30 },
  { name: 'cart_adds_30d', aggregate: 'count', event: 'Product Added', windowDays: 30 },
  { name: 'favourite_category', aggregate: 'most_frequent', event: 'Product Viewed', property: 'category' },
  { name: 'categories_viewed', aggregate: 'distinct_count', event: 'Product Viewed', property: 'category' },
  { name: 'max_order_value', aggregate: 'max', event: 'Order Completed', property: 'revenue' },
  { name: 'last_search', aggregate: 'last', event: 'Products Searched', property: 'query' },
  { name: 'email_clicks_90d', aggregate: 'count', event: 'Email Link Clicked', windowDays: 90 },
];

type Scalar = string | number | boolean;

/** Per-trait running state (JSON). Windowed traits keep their matching (time, value) pairs inside the window. */
export interface ComputedTraitState {
  n: number;
  /** How many numeric values `sum` holds. */
  num: number;
  sum: number;
  min: number | null;
  max: number | null;
  first: [number, Scalar] | null;
  last: [number, Scalar] | null;
  values: Record<string, number>;
  window: [number, Scalar | null][];
}

const MAX_DISTINCT = 1000;

export function emptyTraitState(): ComputedTraitState {
  return { n: 0, num: 0, sum: 0, min: null, max: null, first: null, last: null, values: {}, window: [] };
}

/** A trait's state among a customer's, own entries only: a trait name never reads an inherited member. */
export function traitStateOf(
  states: Readonly<Record<string, ComputedTraitState>>,
  name: string,
): ComputedTraitState | undefined {
  return Object.hasOwn(states, name) ? states[name] : undefined;
}

/** The properties computed traits read, so the event scan extracts only those. */
export function propertiesRead(defs: readonly ComputedTraitDefinition[]): string[] {
  const names = new Set<string>();
  for (const d of defs) {
    if (d.property) names.add(d.property);
    for (const w of d.where ?? []) names.add(w.property);
  }
  return [...names].sort();
}

/** Whether an event counts for a trait (its type, event name and property filters). */
export function traitMatches(def: ComputedTraitDefinition, e: ProfileEvent): boolean {
  if (def.type && e.type !== def.type) return false;
  if (def.event && e.event !== def.event) return false;
  for (const w of def.where ?? []) if (e.props[w.property] !== w.equals) return false;
  return true;
}

function scalar(value: unknown): Scalar | null {
  return typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && isFinite(value))
    ? value
    : null;
}

/** Applies one event to one trait's state. */
export function applyTraitEvent(def: ComputedTraitDefinition, s: ComputedTraitState, e: ProfileEvent): void {
  if (traitMatches(def, e)) applyMatchedTraitEvent(def, s, e);
}

/** `applyTraitEvent` for an event the caller already knows `traitMatches` the trait. */
export function applyMatchedTraitEvent(
  def: ComputedTraitDefinition,
  s: ComputedTraitState,
  e: ProfileEvent,
): void {
  const value = def.property === undefined ? null : scalar(e.props[def.property]);
  if (def.property !== undefined && value === null) return;
  if (def.windowDays !== undefined) {
    s.window.push([e.timestamp, value]);
    let newest = -Infinity;
    for (const [t] of s.window) if (t > newest) newest = t;
    const horizon = newest - def.windowDays * 86_400_000;
    // Copy only when something left the window (events come mostly in time order: rarely).
    if (s.window.some(([t]) => t <= horizon)) s.window = s.window.filter(([t]) => t > horizon);
    return;
  }
  accumulate(s, e.timestamp, value);
}

function accumulate(s: ComputedTraitState, at: number, value: Scalar | null): void {
  s.n++;
  if (value === null) return;
  if (typeof value === 'number') {
    s.num++;
    s.sum += value;
    s.min = s.min === null ? value : Math.min(s.min, value);
    s.max = s.max === null ? value : Math.max(s.max, value);
  }
  if (!s.first || at < s.first[0]) s.first = [at, value];
  if (!s.last || at >= s.last[0]) s.last = [at, value];
  const key = String(value);
  if (isSafeKey(key) && (Object.hasOwn(s.values, key) || Object.keys(s.values).length < MAX_DISTINCT))
    s.values[key] = (Object.hasOwn(s.values, key) ? (s.values[key] as number) : 0) + 1;
}

/** The trait's value as of a time (null when no matching event). */
export function traitValue(
  def: ComputedTraitDefinition,
  state: ComputedTraitState,
  asOf: number,
): Scalar | null {
  let s = state;
  if (def.windowDays !== undefined) {
    s = emptyTraitState();
    const from = asOf - def.windowDays * 86_400_000;
    for (const [t, v] of state.window) if (t > from && t <= asOf) accumulate(s, t, v);
  }
  switch (def.aggregate) {
    case 'count':
      return s.n;
    case 'sum':
      return s.n === 0 ? 0 : round(s.sum);
    case 'avg':
      return s.num === 0 ? null : round(s.sum / s.num);
    case 'min':
      return s.min;
    case 'max':
      return s.max;
    case 'first':
      return s.first ? s.first[1] : null;
    case 'last':
      return s.last ? s.last[1] : null;
    case 'distinct_count':
      return Object.keys(s.values).length;
    case 'most_frequent': {
      let best: string | null = null;
      let bestCount = 0;
      for (const [value, count] of Object.entries(s.values))
        if (count > bestCount || (count === bestCount && best !== null && value < best)) {
          best = value;
          bestCount = count;
        }
      return best;
    }
  }
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
