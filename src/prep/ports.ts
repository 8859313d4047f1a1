import type { EventInput } from './dedupe.js';

/** A stored customer as the quality report reads it: traits and the PII already opened (never shown in clear). */
export interface CustomerQualityRow {
  /** Rapport's customer id (`cus_…`): what examples quote. */
  id: string;
  traits: Readonly<Record<string, unknown>>;
  /** The opened PII traits (email, phone, names, …), or null when the customer has none. */
  pii: Readonly<Record<string, unknown>> | null;
}

export interface ProductQualityRow {
  id: string;
  name: string | null;
  description: string | null;
  category: string | null;
  price: number | null;
}

export interface OrderLineQualityRow {
  orderId: string;
  lineNo: number;
  productId: string;
  /** `order`, `cancellation` or `adjustment`. */
  kind: string;
  quantity: number;
  unitPrice: number;
}

/** The times of one stored event (epoch ms): enough to judge lateness, clock skew and plausibility. */
export interface EventTimingRow {
  id: string;
  messageId: string;
  /** The stored time, after Segment's clock-skew correction. */
  timestamp: number;
  /** The time the client sent, before correction. */
  originalTimestamp: number | null;
  sentAt: number | null;
  /** When the server received it; for an imported event, when it was imported. */
  receivedAt: number;
  /** `api:<keyId>` for events collected live, `import`, `demo`, … for imported ones. */
  source: string;
}

export interface RecentEventRow extends EventInput {
  receivedAt: number;
  source: string;
}

/** Reads the quality report needs that no other store answers: narrow scans in pages. */
export interface QualityReads {
  /** Every order line with its order's kind, in (order id, line number) order. */
  orderLines(): AsyncIterable<readonly OrderLineQualityRow[]>;
  /** Every event's times, oldest stored first. */
  eventTimings(): AsyncIterable<readonly EventTimingRow[]>;
  /** The earliest product listing, customer signup or order in the store (epoch ms), or null when empty. */
  earliestRecord(): Promise<number | null>;
}

/** Everything the data-quality report reads, through ports; the report itself does no I/O. */
export interface QualityReportSource extends QualityReads {
  /** Resolves once every acknowledged event is readable. */
  settle(): Promise<void>;
  customers(): AsyncIterable<readonly CustomerQualityRow[]>;
  products(): AsyncIterable<readonly ProductQualityRow[]>;
  /** The newest `limit` events, newest first. */
  recentEvents(limit: number): Promise<RecentEventRow[]>;
  /** The durable count of events dropped at ingest as messageId duplicates, or null when the store keeps none. */
  duplicatesDropped(): Promise<number | null>;
}
