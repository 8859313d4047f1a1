/**
 * The event bus port: subjects carry batches of messages from producers (ingest) to consumers (profiles, later
 * experiments). The embedded adapter is in-process; a scale-out adapter (NATS JetStream) keeps the same contract:
 * per subject, a consumer sees batches in publish order, one handler call at a time.
 */
export interface EventBus {
  publish(subject: string, messages: readonly unknown[]): void;
  subscribe(
    subject: string,
    handler: (messages: unknown[]) => Promise<void>,
    options?: SubscribeOptions,
  ): Subscription;
  /** Lets every consumer finish what was published so far. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface SubscribeOptions {
  /** Most messages handed to one handler call (default 5,000). */
  maxBatch?: number;
  /** Weight waiting beyond this is dropped (oldest messages first) and counted; default 1,000,000. */
  maxPending?: number;
  /** A message's weight for `maxPending` and the counts (default 1 each), e.g. the events a chunk holds. */
  weigh?: (message: unknown) => number;
}

export interface Subscription {
  /** Weight (messages, unless `weigh` says otherwise) waiting for the handler. */
  pending(): number;
  /** Weight delivered and dropped because the consumer fell too far behind, and failed handler calls. */
  stats(): { delivered: number; dropped: number; failures: number };
  unsubscribe(): void;
}
