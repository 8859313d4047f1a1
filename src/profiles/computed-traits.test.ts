import { describe, expect, it } from 'vitest';
import {
  applyTraitEvent,
  computedTraitsSchema,
  emptyTraitState,
  propertiesRead,
  traitStateOf,
  traitValue,
  type ComputedTraitDefinition,
} from './computed-traits.js';
import type { ProfileEvent } from './profile-state.js';

const DAY = 86_400_000;
const event = (timestamp: number, name: string, props: Record<string, unknown> = {}): ProfileEvent => ({
  type: 'track',
  event: name,
  timestamp,
  messageId: `m${timestamp}`,
  category: null,
  deviceType: null,
  traits: null,
  props,
});

function evaluate(def: ComputedTraitDefinition, events: ProfileEvent[], asOf: number) {
  const state = emptyTraitState();
  for (const e of events) applyTraitEvent(def, state, e);
  return traitValue(def, state, JSON.parse(JSON.stringify(asOf)) as number);
}

describe('computed traits', () => {
  const orders = [
    event(0, 'Order Completed', { revenue: 10, category: 'garden' }),
    event(40 * DAY, 'Order Completed', { revenue: 30, category: 'kitchen' }),
    event(80 * DAY, 'Order Completed', { revenue: 20, category: 'garden' }),
    event(85 * DAY, 'Product Viewed', { category: 'toys' }),
  ];
  const asOf = 100 * DAY;

  it('counts and sums within a window ending at the as-of time', () => {
    const def = { name: 'orders_90d', aggregate: 'count', event: 'Order Completed', windowDays: 90 } as const;
    expect(evaluate(def, orders, asOf)).toBe(2); // day 0 is 100 days before
    const sum = {
      name: 'rev_90d',
      aggregate: 'sum',
      event: 'Order Completed',
      property: 'revenue',
      windowDays: 90,
    } as const;
    expect(evaluate(sum, orders, asOf)).toBe(50);
    expect(evaluate(sum, orders, 200 * DAY)).toBe(0);
  });

  it('computes avg, min, max, first, last, distinct count and most frequent over all time', () => {
    const base = { event: 'Order Completed' } as const;
    expect(evaluate({ ...base, name: 'a', aggregate: 'avg', property: 'revenue' }, orders, asOf)).toBe(20);
    expect(evaluate({ ...base, name: 'b', aggregate: 'min', property: 'revenue' }, orders, asOf)).toBe(10);
    expect(evaluate({ ...base, name: 'c', aggregate: 'max', property: 'revenue' }, orders, asOf)).toBe(30);
    expect(evaluate({ ...base, name: 'd', aggregate: 'first', property: 'category' }, orders, asOf)).toBe(
      'garden',
    );
    expect(evaluate({ ...base, name: 'e', aggregate: 'last', property: 'category' }, orders, asOf)).toBe(
      'garden',
    );
    expect(
      evaluate({ ...base, name: 'f', aggregate: 'distinct_count', property: 'category' }, orders, asOf),
    ).toBe(2);
    expect(
      evaluate({ ...base, name: 'g', aggregate: 'most_frequent', property: 'category' }, orders, asOf),
    ).toBe('garden');
  });

  it('gives the same values whatever order the events arrive in', () => {
    const defs: ComputedTraitDefinition[] = [
      { name: 'l', aggregate: 'last', event: 'Order Completed', property: 'category' },
      { name: 'w', aggregate: 'sum', event: 'Order Completed', property: 'revenue', windowDays: 30 },
    ];
    for (const def of defs)
      expect(evaluate(def, [...orders].reverse(), asOf)).toBe(evaluate(def, orders, asOf));
  });

  it('filters with where and ignores values of the wrong kind', () => {
    const def: ComputedTraitDefinition = {
      name: 'garden_revenue',
      aggregate: 'sum',
      event: 'Order Completed',
      property: 'revenue',
      where: [{ property: 'category', equals: 'garden' }],
    };
    expect(
      evaluate(
        def,
        [...orders, event(90 * DAY, 'Order Completed', { revenue: 'lots', category: 'garden' })],
        asOf,
      ),
    ).toBe(30);
    expect(propertiesRead([def])).toEqual(['category', 'revenue']);
  });

  it('rejects bad definitions with a path to the problem', () => {
    const bad = computedTraitsSchema.safeParse([
      { name: 'Bad Name', aggregate: 'count' },
      { name: 'x', aggregate: 'sum' },
      { name: 'y', aggregate: 'count', property: 'a.b' },
      { name: 'z', aggregate: 'count', sql: 'drop table events' },
    ]);
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.')) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['0.name', '1.property', '2.property']));
    expect(bad.error?.issues.some((i) => i.path[0] === 3)).toBe(true);
    expect(
      computedTraitsSchema.safeParse([
        { name: 'a', aggregate: 'count' },
        { name: 'a', aggregate: 'count' },
      ]).success,
    ).toBe(false);
  });

  it('refuses names JavaScript objects reserve, which would read or write a prototype', () => {
    const reserved = computedTraitsSchema.safeParse([
      { name: 'constructor', aggregate: 'count', event: 'Order Completed', windowDays: 90 },
      { name: 'ok', aggregate: 'max', property: '__proto__' },
      { name: 'ok_too', aggregate: 'count', where: [{ property: 'constructor', equals: 1 }] },
    ]);
    expect(reserved.error?.issues.map((i) => i.path.join('.'))).toEqual([
      '0.name',
      '1.property',
      '2.where.0.property',
    ]);
  });

  it('reads only a customer’s own trait states', () => {
    expect(traitStateOf({}, 'constructor')).toBeUndefined();
    expect(traitStateOf({}, 'toString')).toBeUndefined();
    const own = emptyTraitState();
    expect(traitStateOf({ toString: own }, 'toString')).toBe(own);
  });
});
