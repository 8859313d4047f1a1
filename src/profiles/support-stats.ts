import { isSafeKey } from './profile-state.js';

/** Conversations with one intent and when the latest of them started. */
export interface IntentStats {
  n: number;
  lastAt: number;
}

/**
 * What the features need from a customer's support conversations (plain JSON, stored in the profile's state). The
 * intent of a conversation is the help desk's own label when it has one, else the support-intent model's prediction;
 * conversations with neither count as contacts only.
 */
export interface SupportStats {
  count: number;
  firstAt: number | null;
  lastAt: number | null;
  /** The intent of the latest conversation that has one, and when it started. */
  lastIntent: string | null;
  lastIntentAt: number | null;
  intents: Record<string, IntentStats>;
}

/** Longest intent name kept: labels come from imports and models, and land in profiles and segment rules. */
const MAX_INTENT_CHARS = 64;

export function emptySupportStats(): SupportStats {
  return { count: 0, firstAt: null, lastAt: null, lastIntent: null, lastIntentAt: null, intents: {} };
}

/** The intent a conversation counts under: its label, else its prediction; trimmed, and null when unusable. */
export function conversationIntent(c: { topic: string | null; intent: string | null }): string | null {
  for (const value of [c.topic, c.intent]) {
    const name = value?.trim() ?? '';
    if (name !== '' && name.length <= MAX_INTENT_CHARS && isSafeKey(name)) return name;
  }
  return null;
}

function addIntent(into: Record<string, IntentStats>, intent: string, n: number, lastAt: number): void {
  if (!isSafeKey(intent)) return;
  const known = Object.hasOwn(into, intent) ? into[intent] : undefined;
  if (known === undefined) into[intent] = { n, lastAt };
  else {
    known.n += n;
    known.lastAt = Math.max(known.lastAt, lastAt);
  }
}

export function addConversation(stats: SupportStats, startedAt: number, intent: string | null): void {
  stats.count++;
  stats.firstAt = stats.firstAt === null ? startedAt : Math.min(stats.firstAt, startedAt);
  stats.lastAt = stats.lastAt === null ? startedAt : Math.max(stats.lastAt, startedAt);
  if (intent === null) return;
  addIntent(stats.intents, intent, 1, startedAt);
  if (stats.lastIntentAt === null || startedAt > stats.lastIntentAt) {
    stats.lastIntent = intent;
    stats.lastIntentAt = startedAt;
  }
}

/** Adds a merged-away profile's conversations. */
export function mergeSupportStats(into: SupportStats, from: SupportStats): void {
  into.count += from.count;
  if (from.firstAt !== null)
    into.firstAt = into.firstAt === null ? from.firstAt : Math.min(into.firstAt, from.firstAt);
  if (from.lastAt !== null)
    into.lastAt = into.lastAt === null ? from.lastAt : Math.max(into.lastAt, from.lastAt);
  for (const [intent, s] of Object.entries(from.intents)) addIntent(into.intents, intent, s.n, s.lastAt);
  if (from.lastIntentAt !== null && (into.lastIntentAt === null || from.lastIntentAt > into.lastIntentAt)) {
    into.lastIntent = from.lastIntent;
    into.lastIntentAt = from.lastIntentAt;
  }
}

const finiteOr = <T>(v: unknown, fallback: T): number | T =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The support stats of a stored state; states written before conversations were read have none (all zero). */
export function supportStatsFrom(stored: unknown): SupportStats {
  const stats = emptySupportStats();
  if (!isRecord(stored)) return stats;
  stats.count = finiteOr(stored.count, 0);
  stats.firstAt = finiteOr(stored.firstAt, null);
  stats.lastAt = finiteOr(stored.lastAt, null);
  stats.lastIntent = typeof stored.lastIntent === 'string' ? stored.lastIntent : null;
  stats.lastIntentAt = finiteOr(stored.lastIntentAt, null);
  if (isRecord(stored.intents))
    for (const [intent, s] of Object.entries(stored.intents))
      if (isRecord(s) && finiteOr(s.n, 0) > 0)
        addIntent(stats.intents, intent, finiteOr(s.n, 0), finiteOr(s.lastAt, 0));
  return stats;
}
