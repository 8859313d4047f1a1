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
  /** Messages waiting beyond this are dropped (oldest first) and counted; default 1,000,000. */
  maxPending?: number;
}

export interface Subscription {
  /** Messages waiting for the handler. */
  pending(): number;
  /** Messages dropped because the consumer fell too far behind, and handler failures. */
  stats(): { delivered: number; dropped: number; failures: number };
  unsubscribe(): void;
}
