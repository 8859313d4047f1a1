import type { StoredDeadLetter } from '../ingest/index.js';

/** A dead letter as lists show it: what was rejected, when, where and why (never the payload). */
export function deadLetterSummary(d: StoredDeadLetter) {
  return {
    id: d.id,
    receivedAt: new Date(d.receivedAt).toISOString(),
    source: d.source,
    code: d.code,
    message: d.message,
  };
}
