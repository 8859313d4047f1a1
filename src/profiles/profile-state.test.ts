import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyEvent,
  currentTraits,
  emptyProfileState,
  SESSION_GAP_MS,
  utcDayOfWeek,
  utcHour,
  type ProfileEvent,
} from './profile-state.js';

const t0 = Date.parse('2026-09-07T09:00:00.000Z'); // a Monday
const minute = 60_000;
let n = 0;
const ev = (at: number, extra: Partial<ProfileEvent> = {}): ProfileEvent => ({
  type: 'track',
  event: 'Product Viewed',
  timestamp: t0 + at,
  messageId: `m${n++}`,
  category: 'Garden',
  deviceType: 'Mobile',
  traits: null,
  props: {},
  ...extra,
});

describe('profile state', () => {
  it('splits sessions at 30 minutes of inactivity and measures them', () => {
    const s = emptyProfileState();
    for (const at of [
      0,
      5 * minute,
      10 * minute,
      10 * minute + SESSION_GAP_MS + 1,
      10 * minute + SESSION_GAP_MS + 2 * minute,
    ])
      applyEvent(s, ev(at));
    expect(s.session.count).toBe(2);
    expect(s.session.events).toBe(5);
    expect(s.session.durationMs).toBe(10 * minute + (2 * minute - 1));
    expect(s.firstSeen).toBe(t0);
    expect(s.dow[1]).toBe(5); // Monday (UTC)
    expect(s.hour[9]).toBe(5);
    expect(s.device).toEqual({ mobile: 5 });
    expect(s.categories).toEqual({ Garden: 5 });
  });

  it('counts a late event without reopening a closed session, and ignores a replayed one', () => {
    const s = emptyProfileState();
    applyEvent(s, ev(0));
    applyEvent(s, ev(2 * SESSION_GAP_MS));
    const late = ev(minute);
    expect(applyEvent(s, late)).toBe(true);
    expect(applyEvent(s, late)).toBe(false);
    expect(s.events).toBe(3);
    expect(s.session.count).toBe(2);
    expect(s.firstSeen).toBe(t0);
  });

  it('keeps the latest value of each trait by event time, whatever the arrival order', () => {
    const s = emptyProfileState();
    applyEvent(s, ev(10 * minute, { type: 'identify', event: null, traits: { plan: 'gold', city: 'Lyon' } }));
    applyEvent(s, ev(5 * minute, { type: 'identify', event: null, traits: { plan: 'basic', age: 30 } }));
    expect(currentTraits(s)).toEqual({ plan: 'gold', city: 'Lyon', age: 30 });
  });

  it('never lets untrusted names reach an object prototype', () => {
    const s = emptyProfileState();
    applyEvent(
      s,
      ev(0, {
        category: '__proto__',
        deviceType: 'constructor',
        traits: JSON.parse('{"__proto__": {"x": 1}}'),
      }),
    );
    expect(Object.getPrototypeOf(s.categories)).toBe(Object.prototype);
    expect(s.categories).toEqual({});
    expect(s.device).toEqual({});
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('weighs categories only for the product events it knows, whatever an event is named', () => {
    const s = emptyProfileState();
    for (const event of ['constructor', 'toString', 'hasOwnProperty', '__proto__'])
      applyEvent(s, ev(0, { event, category: 'Garden' }));
    expect(s.categories).toEqual({});
    applyEvent(s, ev(0, { event: 'Product Added', category: 'Garden' }));
    expect(s.categories).toEqual({ Garden: 3 });
  });
});

describe('utcDayOfWeek and utcHour', () => {
  it('agree with Date for any time, before 1970 too', () => {
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (t) => {
        const date = new Date(t);
        expect(utcDayOfWeek(t)).toBe(date.getUTCDay());
        expect(utcHour(t)).toBe(date.getUTCHours());
      }),
      { numRuns: 2000 },
    );
    expect(utcDayOfWeek(t0)).toBe(1);
    expect(utcHour(t0)).toBe(9);
  });
});
