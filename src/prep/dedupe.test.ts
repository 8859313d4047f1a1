import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateShop } from '../demo/index.js';
import { dedupeEvents, type EventInput } from './dedupe.js';
import { touchedBy } from './quality-report.js';

const t0 = Date.UTC(2024, 0, 1);
const ev = (over: Partial<EventInput> & { id: string }): EventInput => ({
  messageId: `m-${over.id}`,
  type: 'track',
  event: 'Product Viewed',
  userId: 'u1',
  anonymousId: null,
  timestamp: t0,
  properties: { sku: 'A' },
  ...over,
});

const ids = (events: readonly EventInput[]) => events.map((e) => e.id).sort();

describe('dedupeEvents', () => {
  it('drops retries with the same messageId, keeping the earliest copy', () => {
    const events = [
      ev({ id: 'b', messageId: 'm1', timestamp: t0 + 5, receivedAt: 2 }),
      ev({ id: 'a', messageId: 'm1', timestamp: t0, receivedAt: 1 }),
      ev({ id: 'c', messageId: 'm2', event: 'Other' }),
    ];
    const { kept, removed, report } = dedupeEvents(events);
    expect(ids(kept)).toEqual(['a', 'c']);
    expect(removed).toEqual([{ event: events[0], rule: 'duplicate_message_id', keptId: 'a' }]);
    expect(touchedBy(report, 'duplicate_message_id')).toBe(1);
    expect([report.rowsIn, report.rowsOut]).toEqual([3, 2]);
  });

  it('drops identical content under different messageIds, whatever sentAt and receivedAt say', () => {
    const events = [
      ev({ id: 'a', sentAt: 1, receivedAt: 10 }),
      ev({ id: 'b', sentAt: 2, receivedAt: 20, properties: { sku: 'A' } }),
    ];
    const { kept, report } = dedupeEvents(events, { toleranceMs: 0 });
    expect(ids(kept)).toEqual(['a']);
    expect(touchedBy(report, 'duplicate_content')).toBe(1);
  });

  it('drops near-duplicates within the tolerance of the last kept event only', () => {
    const events = [0, 1500, 3000, 3100, 6000].map((dt, i) => ev({ id: `e${i}`, timestamp: t0 + dt }));
    const { kept, report } = dedupeEvents(events, { toleranceMs: 2000 });
    // 1500 is within 2 s of 0; 3000 is 3 s after the kept 0, so it stays; 3100 is within 2 s of 3000.
    expect(ids(kept)).toEqual(['e0', 'e2', 'e4']);
    expect(touchedBy(report, 'near_duplicate')).toBe(2);
    expect(report.rules.find((r) => r.rule === 'near_duplicate')?.examples[0]?.note).toBe(
      'kept e0, 1500 ms apart',
    );
  });

  it('keeps events that differ in customer, name or properties, and events with no identity', () => {
    const events = [
      ev({ id: 'a' }),
      ev({ id: 'b', userId: 'u2', timestamp: t0 + 1 }),
      ev({ id: 'c', event: 'Order Completed', timestamp: t0 + 1 }),
      ev({ id: 'd', properties: { sku: 'B' }, timestamp: t0 + 1 }),
      ev({ id: 'e', userId: null, anonymousId: 'anon', timestamp: t0 + 1 }),
      ev({ id: 'f', userId: null, timestamp: t0 + 2 }),
      ev({ id: 'g', userId: null, timestamp: t0 + 3 }),
    ];
    expect(ids(dedupeEvents(events).kept)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
  });

  it('copes with hostile values without throwing', () => {
    const events = [
      ev({ id: 'a', timestamp: NaN }),
      ev({ id: 'b', timestamp: NaN }),
      ev({ id: 'c', timestamp: Infinity, properties: { x: NaN, s: '\u0000'.repeat(10_000) } }),
      ev({ id: 'd', timestamp: Infinity, properties: null }),
    ];
    const { kept } = dedupeEvents(events);
    expect(ids(kept)).toEqual(['a', 'c', 'd']);
    expect(dedupeEvents([]).kept).toEqual([]);
    expect(() => dedupeEvents([], { toleranceMs: -1 })).toThrow(RangeError);
  });

  const arbEvent = fc.record({
    messageId: fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6'),
    type: fc.constantFrom('track', 'page'),
    event: fc.constantFrom('A', 'B', null),
    userId: fc.constantFrom('u1', 'u2', null),
    anonymousId: fc.constantFrom('a1', null),
    timestamp: fc.integer({ min: 0, max: 10_000 }).map((d) => t0 + d),
    properties: fc.constantFrom({}, { x: 1 }, { x: 2 }),
  });
  const arbEvents = fc
    .array(arbEvent, { maxLength: 25 })
    .map((list) => list.map((e, i): EventInput => ({ ...e, id: `e${String(i).padStart(2, '0')}` })));

  it('is idempotent', () => {
    fc.assert(
      fc.property(arbEvents, (events) => {
        const once = dedupeEvents(events).kept;
        const twice = dedupeEvents(once);
        expect(twice.kept).toEqual(once);
        expect(twice.removed).toEqual([]);
      }),
    );
  });

  it('does not depend on input order', () => {
    fc.assert(
      fc.property(
        arbEvents.chain((events) =>
          fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length })),
        ),
        ([events, shuffled]) => {
          expect(ids(dedupeEvents(shuffled).kept)).toEqual(ids(dedupeEvents(events).kept));
        },
      ),
    );
  });

  it('accounts for every input event exactly once and names a surviving event for each removal', () => {
    fc.assert(
      fc.property(arbEvents, (events) => {
        const { kept, removed, report } = dedupeEvents(events);
        expect(kept.length + removed.length).toBe(events.length);
        const keptIds = new Set(kept.map((e) => e.id));
        for (const r of removed)
          expect(keptIds.has(r.keptId) || removed.some((x) => x.event.id === r.keptId)).toBe(true);
        expect(report.rules.reduce((n, r) => n + r.touched, 0)).toBe(removed.length);
        expect(new Set(kept.map((e) => e.messageId)).size).toBe(kept.length);
      }),
    );
  });

  it('removes exactly the retries the demo generator planted', () => {
    const shop = generateShop({ customers: 150, days: 7, seed: 5, endDate: Date.UTC(2024, 5, 1) });
    const events = shop.events.flatMap((batch, b) =>
      batch.batch.map((m, i): EventInput => ({
        id: `${b}:${i}`,
        messageId: m.messageId,
        type: m.type,
        event: m.event ?? m.name ?? null,
        userId: m.userId ?? null,
        anonymousId: m.anonymousId ?? null,
        timestamp: Date.parse(m.timestamp),
        properties: m.properties ?? null,
      })),
    );
    const { removed, report } = dedupeEvents(events);
    const planted = shop.truth.planted.duplicateMessageIds;
    expect(planted.length).toBeGreaterThan(0);
    expect(removed.map((r) => r.event.messageId).sort()).toEqual([...planted].sort());
    expect(touchedBy(report, 'near_duplicate')).toBe(0);
  });
});
