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

/** Append-only event log. `append` is one durable transaction; duplicates by messageId are ignored. */
export interface EventStore {
  append(events: readonly EventRecord[]): Promise<{ inserted: number }>;
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
