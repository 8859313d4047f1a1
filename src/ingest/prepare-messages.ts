import { newId, type ErrorCode } from '../shared/index.js';
import type { FieldCipher } from '../privacy/index.js';
import type { EventRecord, EventType } from './event-types.js';
import { normalizeEvent } from './normalize-event.js';
import type { DeadLetterRecord } from './ports.js';

export interface RejectedEvent {
  index: number;
  messageId: string | null;
  code: ErrorCode;
  message: string;
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

export const MAX_DEAD_LETTER_PAYLOAD = 64 * 1024;

export function truncatePayload(text: string): string {
  return text.length > MAX_DEAD_LETTER_PAYLOAD ? text.slice(0, MAX_DEAD_LETTER_PAYLOAD) : text;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export interface PreparedMessages {
  valid: EventRecord[];
  /** Accepted events by type, in first-seen order. */
  byType: [EventType, number][];
  rejected: RejectedEvent[];
  /** One per rejected message, payload sealed. */
  letters: DeadLetterRecord[];
}

/**
 * Judges every message of a request: the valid ones normalized for storage, the invalid ones as rejections and
 * dead letters with their reasons. Pure apart from ids and encryption, so it runs on any thread.
 */
export function prepareMessages(
  request: IngestRequest,
  deps: { receivedAt: number; cipher: FieldCipher; maxEventBytes: number },
): PreparedMessages {
  const { receivedAt, cipher } = deps;
  const valid: EventRecord[] = [];
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
      ...(request.batchIntegrations !== undefined ? { batchIntegrations: request.batchIntegrations } : {}),
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
      payload: cipher.seal(truncatePayload(safeStringify(raw))),
    });
  }
  const byType = new Map<EventType, number>();
  for (const e of valid) byType.set(e.type, (byType.get(e.type) ?? 0) + 1);
  return { valid, byType: [...byType], rejected, letters };
}
