import { describe, expect, it } from 'vitest';
import type { EventTimingRow, RecentEventRow } from '../ports.js';
import { createEventCheck, LATE_AFTER_MS, SKEW_TOLERANCE_MS } from './events-check.js';
import { touchedIn } from './section.js';

const t0 = Date.parse('2026-10-01T12:00:00.000Z');
const MIN = 60_000;
let n = 0;

/** A client batch: events at `times`, sent 2 s after the last one by a clock `offsetMs` off, received 300 ms later. */
function batch(times: number[], offsetMs = 0, delayMs = 2_000, source = 'api:key_1'): EventTimingRow[] {
  const sentReal = Math.max(...times) + delayMs;
  const receivedAt = sentReal + 300;
  const sentAt = sentReal + offsetMs;
  return times.map((t) => {
    const original = t + offsetMs;
    n += 1;
    // Segment's correction, as normalize-event applies it.
    return {
      id: `evt_${n}`,
      messageId: `m${n}`,
      timestamp: receivedAt - (sentAt - original),
      originalTimestamp: original,
      sentAt,
      receivedAt,
      source,
    };
  });
}

function recent(id: string, userId: string, timestamp: number, properties = { sku: 'a' }): RecentEventRow {
  return {
    id,
    messageId: `msg-${id}`,
    type: 'track',
    event: 'Product Viewed',
    userId,
    anonymousId: null,
    timestamp,
    properties,
    receivedAt: timestamp + 500,
    source: 'api:key_1',
  };
}

describe('createEventCheck', () => {
  it('tells late arrivals and skewed clocks from ordinary deliveries, and counts their batches', () => {
    const check = createEventCheck({ maxExamples: 5, shopStart: null });
    check.addTimings(batch([t0, t0 + MIN, t0 + 2 * MIN])); // on time
    check.addTimings(batch([t0, t0 + 59 * MIN])); // an hourly server batch: its first event waited 59 min
    check.addTimings(batch([t0, t0 + MIN], 0, 2 * 86_400_000)); // buffered offline for two days
    check.addTimings(batch([t0 + 5 * MIN], 3 * 3_600_000)); // a clock 3 h ahead
    check.addTimings(batch([t0 + 6 * MIN, t0 + 7 * MIN], -10 * MIN)); // a clock 10 min behind
    check.addTimings(batch([t0 + 8 * MIN], 30_000)); // 30 s off: within tolerance
    check.addTimings(batch([t0, t0 + MIN], 0, 400 * 86_400_000, 'import')); // history imported later: not late
    const r = check.build();
    expect(r.rows).toBe(13);
    expect(touchedIn(r, 'late_arrival')).toBe(2);
    expect(r.rules.find((x) => x.rule === 'late_arrival')?.counts).toEqual({ batches: 1 });
    const skew = r.rules.find((x) => x.rule === 'clock_skew_corrected');
    expect(skew?.touched).toBe(3);
    expect(skew?.counts).toEqual({ batches: 2 });
    expect(skew?.examples.map((e) => e.note)).toEqual([
      'client clock 3.0 h ahead',
      'client clock 10.0 min behind',
      'client clock 10.0 min behind',
    ]);
    expect(touchedIn(r, 'timestamp:in_future')).toBe(0);
    expect(LATE_AFTER_MS).toBe(3_600_000);
    expect(SKEW_TOLERANCE_MS).toBe(60_000);
  });

  it('flags events dated after their receipt or before the shop opened', () => {
    const check = createEventCheck({ maxExamples: 5, shopStart: t0 });
    const base = { originalTimestamp: null, sentAt: null, receivedAt: t0 + 86_400_000, source: 'api:k' };
    check.addTimings([
      { ...base, id: 'e1', messageId: 'm1', timestamp: t0 + 86_400_000 + 4 * MIN },
      { ...base, id: 'e2', messageId: 'm2', timestamp: t0 + 86_400_000 + 6 * MIN },
      { ...base, id: 'e3', messageId: 'm3', timestamp: t0 - 1 },
      { ...base, id: 'e4', messageId: 'm4', timestamp: 0 },
    ]);
    const r = check.build();
    expect(r.rules.find((x) => x.rule === 'timestamp:in_future')?.examples.map((e) => e.id)).toEqual(['e2']);
    expect(r.rules.find((x) => x.rule === 'timestamp:before_shop_start')?.examples.map((e) => e.id)).toEqual([
      'e3',
      'e4',
    ]);
    expect(touchedIn(r, 'late_arrival')).toBe(2);
  });

  it('scans the newest events for near-duplicates and reports the duplicates counter', () => {
    const check = createEventCheck({ maxExamples: 5, shopStart: null });
    check.setRecent(
      [
        recent('a', 'u1', t0),
        recent('b', 'u1', t0 + 1_500), // a double click
        recent('c', 'u1', t0 + 60_000), // a second view a minute later
        recent('d', 'u2', t0 + 1_000),
      ],
      10,
    );
    check.setDuplicatesDropped(7);
    const r = check.build();
    expect(r.rules.find((x) => x.rule === 'near_duplicate')).toMatchObject({
      touched: 1,
      counts: { scanned: 4 },
      examples: [{ id: 'b' }],
    });
    expect(touchedIn(r, 'duplicate_delivery_dropped')).toBe(7);
    expect(r.columns.map((c) => c.column)).toEqual(['arrival_delay_seconds']);
    expect(r.columns[0]?.before.count).toBe(4);
    expect(r.notes.join(' ')).toMatch(/newest 4 \(at most 10\)/);
    expect(r.notes.join(' ')).toMatch(/No shop start/);
  });

  it('says so when the store keeps no duplicates counter', () => {
    const check = createEventCheck({ maxExamples: 5, shopStart: null });
    check.setDuplicatesDropped(null);
    const r = check.build();
    expect(touchedIn(r, 'duplicate_delivery_dropped')).toBe(0);
    expect(r.notes.join(' ')).toMatch(/keeps no count/);
  });
});
