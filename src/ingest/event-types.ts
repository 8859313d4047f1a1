/** The six Segment call types. */
export const eventTypes = ['track', 'identify', 'page', 'screen', 'group', 'alias'] as const;
export type EventType = (typeof eventTypes)[number];

/**
 * An event as stored: Segment's fields after validation, clock-skew correction and PII sealing.
 * Times are epoch milliseconds. PII traits never appear in `traits`/`context`; they live sealed in `pii`.
 */
export interface EventRecord {
  id: string;
  messageId: string;
  type: EventType;
  /** Track: the event name. */
  event: string | null;
  /** Page and screen: the page or screen name. */
  name: string | null;
  userId: string | null;
  anonymousId: string | null;
  groupId: string | null;
  previousId: string | null;
  /** Corrected time: receivedAt - (sentAt - originalTimestamp), or receivedAt when the client sent none. */
  timestamp: number;
  originalTimestamp: number | null;
  sentAt: number | null;
  receivedAt: number;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  integrations: Record<string, unknown>;
  /** AES-256-GCM sealed JSON of the PII fields removed from traits and context.traits. */
  pii: string | null;
  /** HMAC-SHA256 of the normalized email, when the event carried one. */
  emailHash: string | null;
  /** Where it came from: `api:<keyId>`, `import`, `demo`. */
  source: string;
}

export interface StoredEvent extends EventRecord {
  /** Monotonic insertion sequence, the basis of cursors. */
  seq: number;
}
