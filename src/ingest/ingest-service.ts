import { newId, type Clock, type ErrorCode } from '../shared/index.js';
import type { FieldCipher } from '../privacy/index.js';
import type { EventType } from './event-types.js';
import type { GroupCommitter } from './group-commit.js';
import { normalizeEvent } from './normalize-event.js';
import type { DeadLetterRecord, DeadLetterStore } from './ports.js';

export interface RejectedEvent {
  index: number;
  messageId: string | null;
  code: ErrorCode;
  message: string;
}

export interface IngestOutcome {
  accepted: number;
  rejected: RejectedEvent[];
}

export interface IngestRequest {
  messages: readonly unknown[];
  source: string;
  /** For dead letters: where the input came in (`api:/v1/batch`, `import:file.jsonl`). */
  origin: string;
  routeType?: EventType;
  /** Apply Segment's clock-skew correction (default true: live deliveries). File imports turn it off. */
  correctSkew?: boolean;
  batchSentAt?: unknown;
  batchContext?: Record<string, unknown>;
  batchIntegrations?: Record<string, unknown>;
}

export interface IngestObserver {
  accepted(type: EventType, count: number): void;
  rejected(code: ErrorCode, count: number): void;
}

export interface Ingestor {
  /** Validates, dead-letters the invalid, and resolves once the valid events are durable. */
  ingest(request: IngestRequest): Promise<IngestOutcome>;
  /** Dead-letters input rejected before it could be parsed into events (malformed JSON, oversize body). */
  deadLetter(entry: {
    origin: string;
    code: ErrorCode;
    message: string;
    details?: Record<string, unknown>;
    payload: string;
  }): Promise<void>;
}

export const MAX_DEAD_LETTER_PAYLOAD = 64 * 1024;

function truncate(text: string): string {
  return text.length > MAX_DEAD_LETTER_PAYLOAD ? text.slice(0, MAX_DEAD_LETTER_PAYLOAD) : text;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export interface IngestorDeps {
  committer: GroupCommitter;
  deadLetters: DeadLetterStore;
  cipher: FieldCipher;
  clock: Clock;
  maxEventBytes: number;
  observer?: IngestObserver;
}

export function createIngestor(deps: IngestorDeps): Ingestor {
  const { committer, deadLetters, cipher, clock, observer } = deps;
  return {
    async ingest(request) {
      const receivedAt = clock.now();
      const valid = [];
      const rejected: RejectedEvent[] = [];
      const letters: DeadLetterRecord[] = [];
      for (let index = 0; index < request.messages.length; index++) {
        const raw = request.messages[index];
        const result = normalizeEvent(raw, {
          receivedAt,
          source: request.source,
          maxEventBytes: deps.maxEventBytes,
          cipher,
          newId: () => newId('evt', receivedAt),
          newMessageId: () => newId('msg', receivedAt),
          ...(request.routeType !== undefined ? { routeType: request.routeType } : {}),
          ...(request.correctSkew !== undefined ? { correctSkew: request.correctSkew } : {}),
          ...(request.batchSentAt !== undefined ? { batchSentAt: request.batchSentAt } : {}),
          ...(request.batchContext !== undefined ? { batchContext: request.batchContext } : {}),
          ...(request.batchIntegrations !== undefined
            ? { batchIntegrations: request.batchIntegrations }
            : {}),
        });
        if (result.kind === 'ok') {
          valid.push(result.event);
          continue;
        }
        const messageId =
          raw !== null &&
          typeof raw === 'object' &&
          typeof (raw as { messageId?: unknown }).messageId === 'string'
            ? ((raw as { messageId: string }).messageId.slice(0, 255) as string)
            : null;
        rejected.push({ index, messageId, code: result.code, message: result.message });
        letters.push({
          id: newId('dlq', receivedAt),
          receivedAt,
          source: request.origin,
          code: result.code,
          message: result.message,
          details: { ...result.details, index, messageId },
          payload: cipher.seal(truncate(safeStringify(raw))),
        });
      }
      // Dead letters first: a rejection is recorded before the request is answered, whatever happens next.
      if (letters.length > 0) await deadLetters.add(letters);
      await committer.write(valid);
      if (observer) {
        const byType = new Map<EventType, number>();
        for (const e of valid) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
        for (const [type, n] of byType) observer.accepted(type, n);
        const byCode = new Map<ErrorCode, number>();
        for (const r of rejected) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
        for (const [code, n] of byCode) observer.rejected(code, n);
      }
      return { accepted: valid.length, rejected };
    },
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
          payload: cipher.seal(truncate(entry.payload)),
        },
      ]);
      observer?.rejected(entry.code, 1);
    },
  };
}
