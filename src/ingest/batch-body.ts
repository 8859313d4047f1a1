import type { ErrorCode } from '../shared/index.js';
import type { IngestRequest } from './prepare-messages.js';

export type BatchBody =
  | {
      ok: true;
      request: Pick<IngestRequest, 'messages' | 'batchSentAt' | 'batchContext' | 'batchIntegrations'>;
    }
  | { ok: false; code: Extract<ErrorCode, 'invalid_request' | 'empty_batch'>; message?: string };

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Segment's batch envelope: `{ batch: [...], sentAt?, context?, integrations? }`. */
export function readBatchBody(body: unknown): BatchBody {
  if (!isDict(body) || !Array.isArray(body.batch))
    return {
      ok: false,
      code: 'invalid_request',
      message: 'The body must be an object with a `batch` array.',
    };
  if (body.batch.length === 0) return { ok: false, code: 'empty_batch' };
  return {
    ok: true,
    request: {
      messages: body.batch,
      ...(body.sentAt !== undefined ? { batchSentAt: body.sentAt } : {}),
      ...(isDict(body.context) ? { batchContext: body.context } : {}),
      ...(isDict(body.integrations) ? { batchIntegrations: body.integrations } : {}),
    },
  };
}
