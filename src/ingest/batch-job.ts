import secureJson from 'secure-json-parse';
import type { FieldCipher } from '../privacy/index.js';
import { readBatchBody } from './batch-body.js';
import { serializeWithTouches, type SerializedEvents } from './event-chunks.js';
import type { EventType } from './event-types.js';
import type { DeadLetterRecord } from './ports.js';
import { prepareMessages, type RejectedEvent } from './prepare-messages.js';

export interface BatchJob {
  text: string;
  receivedAt: number;
  source: string;
  origin: string;
}

export type BatchResult =
  | {
      kind: 'ok';
      events: SerializedEvents;
      byType: [EventType, number][];
      rejected: RejectedEvent[];
      letters: DeadLetterRecord[];
    }
  | { kind: 'invalid_json'; message: string }
  | { kind: 'invalid_request' | 'empty_batch'; message?: string };

/**
 * Everything the collect API does to a `/v1/batch` body before the commit: parse the JSON (with the server
 * parser's prototype-poisoning rules), read the Segment envelope, judge and normalize every message, seal PII
 * and dead-letter payloads, serialise the accepted events for the journal, and read their
 * touches for the server's consumers (so the event loop never parses the batch again). Runs on a batch worker thread.
 */
export function runBatchJob(
  job: BatchJob,
  deps: { cipher: FieldCipher; maxEventBytes: number },
): BatchResult {
  if (job.text.length === 0) return { kind: 'invalid_json', message: 'The body is empty.' };
  let body: unknown;
  try {
    body = secureJson.parse(job.text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    return { kind: 'invalid_json', message: error instanceof Error ? error.message : String(error) };
  }
  const envelope = readBatchBody(body);
  if (!envelope.ok)
    return { kind: envelope.code, ...(envelope.message ? { message: envelope.message } : {}) };
  const { valid, byType, rejected, letters } = prepareMessages(
    { ...envelope.request, source: job.source, origin: job.origin },
    { receivedAt: job.receivedAt, cipher: deps.cipher, maxEventBytes: deps.maxEventBytes },
  );
  return { kind: 'ok', events: serializeWithTouches(valid), byType, rejected, letters };
}
