import { dedupeEvents } from '../dedupe.js';
import { summarizeNumeric } from '../distribution.js';
import type { EventTimingRow, RecentEventRow } from '../ports.js';
import { checkTimestamp } from '../timestamp.js';
import { createSection } from './section.js';
import type { QualityRule, SourceQualityReport } from './types.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * An event received more than an hour after it happened is late: hourly aggregates computed on time missed it.
 * On-time deliveries take seconds; client libraries flush every few seconds or 20 events, server-side senders at
 * most hourly.
 */
export const LATE_AFTER_MS = HOUR;
/** Events collected live carry `api:<keyId>`; an imported event's received_at is its import time, not its arrival. */
export const LIVE_SOURCE_PREFIX = 'api:';
/**
 * Segment's correction moves a timestamp by the gap between the client's `sentAt` and the server's receipt:
 * network time (under a second) for a correct clock. Beyond a minute, the client's clock was off.
 */
export const SKEW_TOLERANCE_MS = MINUTE;
/** How far past its receipt an event may claim to have happened (prep's default clock slack). */
export const FUTURE_TOLERANCE_MS = 5 * MINUTE;
/** Same customer, type, name and properties this close in time: one action recorded twice (prep's default). */
export const NEAR_DUPLICATE_MS = 2_000;

export const eventRules = {
  duplicate_delivery_dropped:
    'Events dropped at ingest because their messageId was already stored (retries), from the durable counter kept since migration 0004; they were never stored, so there are no examples.',
  late_arrival:
    'Collected through the API more than 1 h after it happened (received_at − timestamp > 1 h, after skew correction); imported events are not judged, their received_at being their import time.',
  clock_skew_corrected:
    "Segment's clock-skew correction moved the timestamp by more than 1 min (|timestamp − original_timestamp| > 60 s): the client's clock was off. counts.batches groups them by (sent_at, received_at).",
  'timestamp:in_future':
    'Happened more than 5 min after the server received it, or imported it (timestamp > received_at + 5 min).',
  'timestamp:before_shop_start': 'Happened before the shop existed (timestamp < shopStart).',
  duplicate_content:
    'Among the newest events scanned: the same type, name, user, anonymousId, timestamp and properties as an earlier stored event under another messageId.',
  near_duplicate:
    'Among the newest events scanned: the same customer, type, name and properties as an event kept less than 2 s before it (prep dedupeEvents).',
} as const;

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

function duration(ms: number): string {
  const a = Math.abs(ms);
  if (a >= 86_400_000) return `${(a / 86_400_000).toFixed(1)} d`;
  if (a >= HOUR) return `${(a / HOUR).toFixed(1)} h`;
  if (a >= MINUTE) return `${(a / MINUTE).toFixed(1)} min`;
  return `${(a / 1000).toFixed(1)} s`;
}

export interface EventCheck {
  addTimings(rows: readonly EventTimingRow[]): void;
  /** The newest events, for the near-duplicate scan and the arrival-delay distribution. */
  setRecent(rows: readonly RecentEventRow[], limit: number): void;
  setDuplicatesDropped(count: number | null): void;
  build(): SourceQualityReport;
}

export function createEventCheck(options: { maxExamples: number; shopStart: number | null }): EventCheck {
  const section = createSection('events', options.maxExamples, eventRules);
  const shopStart = options.shopStart === null ? {} : { shopStart: options.shopStart };
  const lateBatches = new Set<string>();
  const skewBatches = new Set<string>();
  let rows = 0;
  let recent: { count: number; limit: number } | null = null;
  const extras: Record<string, Omit<Partial<QualityRule>, 'rule'>> = {};
  const notes: string[] = [];

  return {
    addTimings(batch) {
      for (const e of batch) {
        const example = { row: rows, id: e.id, column: 'timestamp' };
        const batchKey = `${e.sentAt ?? ''}|${e.receivedAt}`;
        const delay = e.receivedAt - e.timestamp;
        if (delay > LATE_AFTER_MS && e.source.startsWith(LIVE_SOURCE_PREFIX)) {
          lateBatches.add(batchKey);
          section.touch('late_arrival', {
            ...example,
            before: iso(e.timestamp),
            note: `received ${iso(e.receivedAt)}, ${duration(delay)} later`,
          });
        }
        if (e.originalTimestamp !== null && Math.abs(e.timestamp - e.originalTimestamp) > SKEW_TOLERANCE_MS) {
          skewBatches.add(batchKey);
          const ahead = e.originalTimestamp > e.timestamp;
          section.touch('clock_skew_corrected', {
            ...example,
            before: iso(e.originalTimestamp),
            after: iso(e.timestamp),
            note: `client clock ${duration(e.originalTimestamp - e.timestamp)} ${ahead ? 'ahead' : 'behind'}`,
          });
        }
        // Judged against its own receipt, not the wall clock: history imported or replayed later stays plausible.
        const verdict = checkTimestamp(e.timestamp, {
          now: e.receivedAt,
          futureToleranceMs: FUTURE_TOLERANCE_MS,
          ...shopStart,
        });
        if (!verdict.ok && (verdict.reason === 'in_future' || verdict.reason === 'before_shop_start'))
          section.touch(`timestamp:${verdict.reason}`, {
            ...example,
            before: iso(e.timestamp),
            note: verdict.message,
          });
        rows++;
      }
    },

    setRecent(events, limit) {
      const { report } = dedupeEvents(events, {
        toleranceMs: NEAR_DUPLICATE_MS,
        maxExamples: options.maxExamples,
      });
      for (const rule of ['duplicate_content', 'near_duplicate'] as const) {
        const found = report.rules.find((r) => r.rule === rule);
        extras[rule] = {
          touched: found?.touched ?? 0,
          examples: found?.examples ?? [],
          counts: { scanned: events.length },
        };
      }
      const delays = events
        .filter((e) => e.source.startsWith(LIVE_SOURCE_PREFIX))
        .map((e) => (e.receivedAt - e.timestamp) / 1000);
      section.column(
        'arrival_delay_seconds',
        summarizeNumeric(delays),
        summarizeNumeric(delays.map((d) => (d * 1000 > LATE_AFTER_MS ? null : d))),
      );
      recent = { count: events.length, limit };
    },

    setDuplicatesDropped(count) {
      extras.duplicate_delivery_dropped = { touched: count ?? 0 };
      if (count === null) notes.push('This event store keeps no count of the duplicates it drops.');
    },

    build() {
      if (recent !== null)
        notes.push(
          `Timing rules cover all ${rows} stored events; duplicate_content, near_duplicate and arrival_delay_seconds cover the newest ${recent.count} (at most ${recent.limit}).`,
        );
      if (options.shopStart === null)
        notes.push('No shop start is known, so timestamp:before_shop_start checks nothing.');
      extras.late_arrival = { counts: { batches: lateBatches.size } };
      extras.clock_skew_corrected = { counts: { batches: skewBatches.size } };
      return section.build(rows, extras, notes);
    },
  };
}
