import { newId, type Clock, type ErrorCode } from '../shared/index.js';
import type { FieldCipher } from '../privacy/index.js';
import type { EventType } from './event-types.js';
import type { GroupCommitter } from './group-commit.js';
import {
  MAX_DEAD_LETTER_PAYLOAD,
  prepareMessages,
  truncatePayload,
  type IngestRequest,
  type RejectedEvent,
} from './prepare-messages.js';
import type { DeadLetterRecord, DeadLetterStore } from './ports.js';
import { chunkSize, type EventChunk, type SerializedEvents } from './event-chunks.js';

export { MAX_DEAD_LETTER_PAYLOAD, type IngestRequest, type RejectedEvent };

export interface IngestOutcome {
  accepted: number;
  rejected: RejectedEvent[];
}

export interface IngestObserver {
  accepted(type: EventType, count: number): void;
  rejected(code: ErrorCode, count: number): void;
}

export interface Ingestor {
  /** Validates, dead-letters the invalid, and resolves once the valid events are durable. */
  ingest(request: IngestRequest): Promise<IngestOutcome>;
  /** Commits a request already prepared elsewhere (a batch worker thread): dead letters first, then the events. */
  commitPrepared(prepared: PreparedRequest): Promise<IngestOutcome>;
  /** Dead-letters input rejected before it could be parsed into events (malformed JSON, oversize body). */
  deadLetter(entry: {
    origin: string;
    code: ErrorCode;
    message: string;
    details?: Record<string, unknown>;
    payload: string;
  }): Promise<void>;
}

/** A request judged and serialised off the event loop (batch-job.ts). */
export interface PreparedRequest {
  events: SerializedEvents;
  byType: readonly (readonly [EventType, number])[];
  rejected: RejectedEvent[];
  letters: DeadLetterRecord[];
}

export interface IngestorDeps {
  committer: GroupCommitter;
  deadLetters: DeadLetterStore;
  cipher: FieldCipher;
  clock: Clock;
  maxEventBytes: number;
  observer?: IngestObserver;
  /** Told of every committed chunk, after the commit and before the reply (e.g. to publish it on the bus). */
  onCommitted?: (events: EventChunk) => void;
}

export function createIngestor(deps: IngestorDeps): Ingestor {
  const { committer, deadLetters, cipher, clock, observer } = deps;
  const commit = async (
    events: EventChunk,
    byType: Iterable<readonly [EventType, number]>,
    rejected: RejectedEvent[],
    letters: DeadLetterRecord[],
  ): Promise<IngestOutcome> => {
    // Dead letters first: a rejection is recorded before the request is answered, whatever happens next.
    if (letters.length > 0) await deadLetters.add(letters);
    await committer.write(events);
    deps.onCommitted?.(events);
    if (observer) {
      for (const [type, n] of byType) observer.accepted(type, n);
      const byCode = new Map<ErrorCode, number>();
      for (const r of rejected) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
      for (const [code, n] of byCode) observer.rejected(code, n);
    }
    return { accepted: chunkSize(events), rejected };
  };

  return {
    async ingest(request) {
      const { valid, byType, rejected, letters } = prepareMessages(request, {
        receivedAt: clock.now(),
        cipher,
        maxEventBytes: deps.maxEventBytes,
      });
      return commit(valid, byType, rejected, letters);
    },
    commitPrepared: (p) => commit(p.events, p.byType, p.rejected, p.letters),
    async deadLetter(entry) {
      const receivedAt = clock.now();
      await deadLetters.add([
        {
          id: newId('dlq', receivedAt),
          receivedAt,
          source: entry.origin,
          code: entry.code,
          message: entry.message,
          details: entry.details ?? {},
          payload: cipher.seal(truncatePayload(entry.payload)),
        },
      ]);
      observer?.rejected(entry.code, 1);
    },
  };
}
