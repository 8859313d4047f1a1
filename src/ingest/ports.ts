import type { SerializedEvents } from './event-chunks.js';
import type { EventRecord, EventType, StoredEvent } from './event-types.js';

export interface EventQuery {
  userId?: string;
  anonymousId?: string;
  type?: EventType;
  event?: string;
  /** Inclusive lower bound on `timestamp` (epoch ms). */
  since?: number;
  /** Exclusive upper bound on `timestamp` (epoch ms). */
  until?: number;
  limit: number;
  /** Opaque: the `seq` after which (ascending) or before which (descending) to continue. */
  afterSeq?: number;
  order: 'asc' | 'desc';
}

export interface EventStats {
  total: number;
  byType: { type: string; count: number }[];
  /** Events per UTC day (day = floor(timestamp / 86 400 000)), oldest first. */
  perDay: { day: string; count: number }[];
  topEvents: { event: string; count: number }[];
}

/** How far a store that indexes behind a journal has got (counts since the store was opened). */
export interface EventIndexProgress {
  /** Acknowledged events not yet readable. */
  pendingEvents: number;
  indexedEvents: number;
  /** Indexed events that were new (the rest were retried duplicates). */
  storedEvents: number;
}

/**
 * Append-only event log; duplicates by messageId are stored once. `append` resolves once the events are durable.
 * `inserted` says how many were new, or is null for a store that deduplicates later, while indexing behind a
 * journal. Reads see every append that resolved before them.
 */
export interface EventStore {
  append(events: readonly EventRecord[]): Promise<{ inserted: number | null }>;
  /** Present on stores that keep events as JSON (the SQLite journal): takes them already serialised. */
  appendJson?(events: SerializedEvents): Promise<{ inserted: number | null }>;
  /** Resolves once every append that resolved before the call is readable (at once for direct stores). */
  settle(): Promise<void>;
  /** Present on stores that index behind a journal. */
  indexProgress?(): EventIndexProgress;
  /**
   * Events dropped since the database was created because their messageId was already stored (retries), kept in
   * a durable counter written in the same transaction as the inserts. Present on SQL-backed stores; a journaled
   * store settles first, since it deduplicates while indexing.
   */
  duplicatesDropped?(): Promise<number>;
  list(query: EventQuery): Promise<StoredEvent[]>;
  getByMessageId(messageId: string): Promise<StoredEvent | null>;
  count(): Promise<number>;
  /** Earliest and latest event `timestamp`, or null when there are no events. */
  timeRange(): Promise<{ min: number; max: number } | null>;
  stats(options: { since?: number; until?: number }): Promise<EventStats>;
}

export interface DeadLetterRecord {
  id: string;
  receivedAt: number;
  /** `api:/v1/track`, `import:<file>`, … */
  source: string;
  code: string;
  message: string;
  details: Record<string, unknown>;
  /** The rejected input, truncated to 64 KB and sealed (it may hold PII). */
  payload: string;
}

export interface StoredDeadLetter extends DeadLetterRecord {
  seq: number;
}

export interface DeadLetterStore {
  add(entries: readonly DeadLetterRecord[]): Promise<void>;
  list(query: { limit: number; afterSeq?: number; code?: string }): Promise<StoredDeadLetter[]>;
  count(): Promise<number>;
  countByCode(): Promise<{ code: string; count: number }[]>;
}
