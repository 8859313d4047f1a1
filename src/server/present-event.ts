import type { StoredEvent } from '../ingest/index.js';
import { maskRecord, type FieldCipher } from '../privacy/index.js';

interface SealedPii {
  traits?: Record<string, unknown>;
  contextTraits?: Record<string, unknown>;
  ip?: unknown;
}

/** An event as the API shows it: PII put back in place, decrypted for admin keys and masked otherwise. */
export function presentEvent(e: StoredEvent, cipher: FieldCipher, reveal: boolean): Record<string, unknown> {
  let traits = e.traits;
  let context = e.context;
  if (e.pii !== null) {
    const pii = cipher.openJson<SealedPii>(e.pii);
    const show = (r: Record<string, unknown>) => (reveal ? r : maskRecord(r));
    if (pii.traits) traits = { ...traits, ...show(pii.traits) };
    if (pii.contextTraits || pii.ip !== undefined) {
      context = { ...context };
      if (pii.contextTraits)
        context.traits = {
          ...((context.traits as Record<string, unknown>) ?? {}),
          ...show(pii.contextTraits),
        };
      if (pii.ip !== undefined) context.ip = reveal ? pii.ip : '***';
    }
  }
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: e.id,
    messageId: e.messageId,
    type: e.type,
    event: e.event,
    name: e.name,
    userId: e.userId,
    anonymousId: e.anonymousId,
    groupId: e.groupId,
    previousId: e.previousId,
    timestamp: iso(e.timestamp),
    originalTimestamp: iso(e.originalTimestamp),
    sentAt: iso(e.sentAt),
    receivedAt: iso(e.receivedAt),
    properties: e.properties,
    traits,
    context,
    integrations: e.integrations,
    source: e.source,
  };
}
