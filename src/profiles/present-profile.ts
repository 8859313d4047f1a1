import { maskRecord, type FieldCipher } from '../privacy/index.js';
import type { ProfileMergeRecord, ProfileRecord } from './ports.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * A profile as the API and CLI show it. PII is decrypted only when `reveal` (admin keys, the local CLI with
 * --reveal) and masked otherwise (`j***@e***.com`). The builder's internal state is never shown.
 */
export function presentProfile(
  p: ProfileRecord,
  options: { cipher: FieldCipher; reveal: boolean; merges?: readonly ProfileMergeRecord[] },
): Record<string, unknown> {
  let pii: Record<string, unknown> = {};
  if (p.pii !== null) {
    const opened = options.cipher.openJson<Record<string, unknown>>(p.pii);
    pii = options.reveal ? opened : maskRecord(opened);
  }
  return {
    customerId: p.customerId,
    userId: p.userId,
    traits: { ...p.traits, ...pii },
    computedTraits: p.computed,
    features: p.features,
    rfm: p.rfm,
    firstSeenAt: iso(p.firstSeenAt),
    lastSeenAt: iso(p.lastSeenAt),
    eventCount: p.eventCount,
    builtAt: iso(p.builtAt),
    updatedAt: iso(p.updatedAt),
    ...(options.merges
      ? {
          merges: options.merges.map((m) => ({
            kept: m.keptCustomerId,
            merged: m.mergedCustomerId,
            reason: m.reason,
            at: iso(m.evidenceAt),
            messageId: m.messageId,
          })),
        }
      : {}),
  };
}
