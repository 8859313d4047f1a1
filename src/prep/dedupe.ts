import { canonicalKey } from './canonical-key.js';
import { createReportBuilder, displayValue, type QualityReport } from './quality-report.js';

/** An event as the prepare stage de-duplicates it: the fields of a stored Segment event that decide identity. */
export interface EventInput {
  /** Rapport's own id of the stored row. */
  id: string;
  messageId: string;
  type: string;
  event?: string | null;
  userId?: string | null;
  anonymousId?: string | null;
  /** Epoch ms. */
  timestamp: number;
  properties?: Readonly<Record<string, unknown>> | null;
  /** Ignored when comparing content, like `messageId` and `sentAt`. */
  receivedAt?: number | null;
  sentAt?: number | null;
}

export type DedupeRule = 'duplicate_message_id' | 'duplicate_content' | 'near_duplicate';

export interface DedupeOptions {
  /** Two events of the same customer, name and properties this close in time are one event; 2,000 ms by default. */
  toleranceMs?: number;
  maxExamples?: number;
}

export interface RemovedEvent<T> {
  event: T;
  rule: DedupeRule;
  /** The id of the event that was kept in its place. */
  keptId: string;
}

export interface DedupeResult<T> {
  /** Survivors, in input order. */
  kept: T[];
  removed: RemovedEvent<T>[];
  report: QualityReport;
}

interface Entry<T> {
  event: T;
  index: number;
  timestamp: number;
  content: string;
}

/** NaN sorts after every number, so the order stays total. */
function compareNumbers(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A total order on content, so which copy survives never depends on input order. */
function compareEntries<T extends EventInput>(a: Entry<T>, b: Entry<T>): number {
  return (
    compareNumbers(a.timestamp, b.timestamp) ||
    compareStrings(a.event.messageId, b.event.messageId) ||
    compareStrings(a.event.id, b.event.id) ||
    compareStrings(a.content, b.content)
  );
}

function identityOf(e: EventInput): string | null {
  if (typeof e.userId === 'string' && e.userId !== '') return `u:${e.userId}`;
  if (typeof e.anonymousId === 'string' && e.anonymousId !== '') return `a:${e.anonymousId}`;
  return null;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string | null): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups.values()];
}

/**
 * Removes duplicate events in three passes: the same `messageId` (a client retry); the same content apart from
 * `messageId`, `receivedAt` and `sentAt` (a double send); and near-duplicates: the same customer (userId, else
 * anonymousId), type, event name and properties within `toleranceMs` of the last event kept for that key.
 * The earliest copy (by timestamp, then messageId, id and content) survives, so the result does not depend on
 * input order and applying it twice removes nothing more.
 */
export function dedupeEvents<T extends EventInput>(
  events: readonly T[],
  options: DedupeOptions = {},
): DedupeResult<T> {
  const toleranceMs = options.toleranceMs ?? 2000;
  if (!(toleranceMs >= 0)) throw new RangeError(`toleranceMs must be ≥ 0, got ${toleranceMs}`);
  const report = createReportBuilder('dedupe', options.maxExamples);
  const rules: DedupeRule[] = ['duplicate_message_id', 'duplicate_content', 'near_duplicate'];
  rules.forEach((rule) => report.declare(rule));
  const removed = new Map<number, RemovedEvent<T>>();
  const drop = (loser: Entry<T>, winner: Entry<T>, rule: DedupeRule): void => {
    removed.set(loser.index, { event: loser.event, rule, keptId: winner.event.id });
    report.touch(rule, {
      row: loser.index,
      id: loser.event.id,
      before: displayValue(loser.event.messageId),
      note: `kept ${winner.event.id}${rule === 'near_duplicate' ? `, ${loser.timestamp - winner.timestamp} ms apart` : ''}`,
    });
  };
  let alive: Entry<T>[] = events.map((event, index) => ({
    event,
    index,
    timestamp: event.timestamp,
    content: canonicalKey([
      event.type,
      event.event ?? null,
      event.userId ?? null,
      event.anonymousId ?? null,
      event.timestamp,
      event.properties ?? {},
    ]),
  }));
  const keepFirst = (key: (e: Entry<T>) => string | null, rule: DedupeRule): void => {
    for (const group of groupBy(alive, key)) {
      if (group.length < 2) continue;
      group.sort(compareEntries);
      for (const loser of group.slice(1)) drop(loser, group[0] as Entry<T>, rule);
    }
    alive = alive.filter((e) => !removed.has(e.index));
  };
  keepFirst((e) => `m:${e.event.messageId}`, 'duplicate_message_id');
  keepFirst((e) => e.content, 'duplicate_content');
  const nearKey = (e: Entry<T>): string | null => {
    const identity = identityOf(e.event);
    return identity === null || !Number.isFinite(e.timestamp)
      ? null
      : canonicalKey([identity, e.event.type, e.event.event ?? null, e.event.properties ?? {}]);
  };
  for (const group of groupBy(alive, nearKey)) {
    group.sort(compareEntries);
    let last = group[0] as Entry<T>;
    for (const entry of group.slice(1)) {
      if (entry.timestamp - last.timestamp <= toleranceMs) drop(entry, last, 'near_duplicate');
      else last = entry;
    }
  }
  const kept = events.filter((_e, i) => !removed.has(i));
  const removedList = [...removed.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  return { kept, removed: removedList, report: report.build(events.length, kept.length) };
}
