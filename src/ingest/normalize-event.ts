import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import type { FieldCipher } from '../privacy/index.js';
import { emailLookupHash, splitPii } from '../privacy/index.js';
import type { ErrorCode } from '../shared/index.js';
import { inspectJson, MAX_DEPTH } from './depth.js';
import { eventTypes, type EventRecord, type EventType } from './event-types.js';
import { parseIsoTime } from './parse-time.js';
import { messageSchemas } from './segment-schema.js';

const checks = Object.fromEntries(
  Object.entries(messageSchemas).map(([type, schema]) => [type, TypeCompiler.Compile(schema as TSchema)]),
) as Record<EventType, TypeCheck<TSchema>>;

export interface NormalizeContext {
  receivedAt: number;
  /** Batch-level `sentAt` (ISO string as sent), used when the message has none. */
  batchSentAt?: unknown;
  batchContext?: Record<string, unknown>;
  batchIntegrations?: Record<string, unknown>;
  /** Type implied by the route (`/v1/track` → track); overrides the message's own. */
  routeType?: EventType;
  /** Segment's clock-skew correction from sentAt; off for file imports, whose sentAt is history, not now. */
  correctSkew?: boolean;
  source: string;
  maxEventBytes: number;
  cipher: FieldCipher;
  newId(): string;
  newMessageId(): string;
}

export type NormalizeResult =
  | { kind: 'ok'; event: EventRecord }
  | { kind: 'dlq'; code: ErrorCode; message: string; details: Record<string, unknown> };

const reject = (
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): NormalizeResult => ({
  kind: 'dlq',
  code,
  message,
  details,
});

const hasNul = (text: string) => text.includes('\u0000');

/** Lone UTF-16 surrogates cannot be stored as UTF-8 text; they become U+FFFD (as JSON bodies already keep them escaped). */
function wellFormed(text: string): string {
  return (text as string & { toWellFormed(): string }).toWellFormed();
}

/** Segment ids are strings; numbers are accepted and stringified; anything else counts as absent. */
function idOf(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : wellFormed(value);
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : null;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Validates one Segment message and turns it into the stored form: ids, clock-skew-corrected timestamp,
 * PII split off and sealed, email lookup hash. Invalid input becomes a dead-letter verdict, never a throw.
 */
export function normalizeEvent(raw: unknown, ctx: NormalizeContext): NormalizeResult {
  if (!isDict(raw)) return reject('invalid_event', 'An event must be a JSON object.');
  // Depth first: serialising a very deep value to measure it would overflow the stack.
  const shape = inspectJson(raw, MAX_DEPTH);
  if (shape.tooDeep)
    return reject('payload_too_deep', `The event nests deeper than ${MAX_DEPTH} levels.`, {
      maxDepth: MAX_DEPTH,
    });
  // A single-event route's body limit already bounds the event; a batch item is measured here, exactly when
  // the cheap bound says it might be over the limit.
  const bytes =
    ctx.routeType === undefined && shape.maxBytes > ctx.maxEventBytes
      ? Buffer.byteLength(JSON.stringify(raw))
      : 0;
  if (bytes > ctx.maxEventBytes) {
    return reject('event_too_large', `The event is ${bytes} bytes; the limit is ${ctx.maxEventBytes}.`, {
      bytes,
      limit: ctx.maxEventBytes,
    });
  }

  const type = ctx.routeType ?? raw.type;
  if (typeof type !== 'string' || !(eventTypes as readonly string[]).includes(type)) {
    return reject(
      'invalid_event_type',
      'The event type must be one of track, identify, page, screen, group, alias.',
      {
        type: typeof type === 'string' ? type.slice(0, 50) : typeof type,
      },
    );
  }
  const eventType = type as EventType;
  const check = checks[eventType];
  const message = ctx.routeType === undefined ? raw : { ...raw, type: eventType };
  if (!check.Check(message)) {
    const first = check.Errors(message).First();
    const at = first?.path || '/';
    return reject(
      'invalid_event',
      `Invalid ${eventType} event at ${at}: ${first?.message ?? 'unexpected value'}.`,
      { path: at, type: eventType },
    );
  }

  const userId = idOf(raw.userId);
  const anonymousId = idOf(raw.anonymousId);
  if (userId === null && anonymousId === null)
    return reject('missing_identity', 'The event needs a userId or an anonymousId.');
  const event = typeof raw.event === 'string' ? wellFormed(raw.event) : null;
  const groupId = idOf(raw.groupId);
  const previousId = idOf(raw.previousId);
  for (const [field, value] of [
    ['userId', userId],
    ['anonymousId', anonymousId],
    ['event', event],
    ['groupId', groupId],
    ['previousId', previousId],
    ['messageId', typeof raw.messageId === 'string' ? raw.messageId : null],
  ] as const) {
    if (value !== null && hasNul(value))
      return reject('invalid_event', `${field} must not contain NUL characters.`, { path: `/${field}` });
  }

  const times: Record<'timestamp' | 'originalTimestamp' | 'sentAt', number | null> = {
    timestamp: null,
    originalTimestamp: null,
    sentAt: null,
  };
  for (const field of ['timestamp', 'originalTimestamp', 'sentAt'] as const) {
    const value = field === 'sentAt' ? (raw.sentAt ?? ctx.batchSentAt) : raw[field];
    if (value === undefined || value === null) continue;
    const ms = typeof value === 'string' ? parseIsoTime(value) : null;
    if (ms === null)
      return reject('invalid_timestamp', `${field} is not an ISO-8601 date.`, { path: `/${field}` });
    times[field] = ms;
  }
  // Segment's skew correction: the device clock may be wrong, but the gap between the event and sending it is not.
  const original = times.timestamp ?? times.originalTimestamp;
  const timestamp =
    original === null
      ? ctx.receivedAt
      : times.sentAt === null || ctx.correctSkew === false
        ? original
        : ctx.receivedAt - (times.sentAt - original);

  const context: Record<string, unknown> = ctx.batchContext
    ? { ...ctx.batchContext, ...(isDict(raw.context) ? raw.context : {}) }
    : isDict(raw.context)
      ? raw.context
      : {};
  const integrations = ctx.batchIntegrations
    ? { ...ctx.batchIntegrations, ...(isDict(raw.integrations) ? raw.integrations : {}) }
    : isDict(raw.integrations)
      ? raw.integrations
      : {};

  const traitsSplit = splitPii(isDict(raw.traits) ? raw.traits : {});
  const contextTraits = isDict(context.traits) ? splitPii(context.traits) : null;
  const ip = context.ip;
  let cleanContext = context;
  if (contextTraits?.pii || ip !== undefined) {
    cleanContext = { ...context };
    if (contextTraits?.pii) cleanContext.traits = contextTraits.clean;
    delete cleanContext.ip;
  }
  const piiParts: Record<string, unknown> = {};
  if (traitsSplit.pii) piiParts.traits = traitsSplit.pii;
  if (contextTraits?.pii) piiParts.contextTraits = contextTraits.pii;
  if (ip !== undefined) piiParts.ip = ip;
  const email = traitsSplit.email ?? contextTraits?.email ?? null;

  return {
    kind: 'ok',
    event: {
      id: ctx.newId(),
      messageId: typeof raw.messageId === 'string' ? wellFormed(raw.messageId) : ctx.newMessageId(),
      type: eventType,
      event,
      name: typeof raw.name === 'string' ? wellFormed(raw.name) : null,
      userId,
      anonymousId,
      groupId,
      previousId,
      timestamp,
      originalTimestamp: original,
      sentAt: times.sentAt,
      receivedAt: ctx.receivedAt,
      properties: isDict(raw.properties) ? raw.properties : {},
      traits: traitsSplit.clean,
      context: cleanContext,
      integrations,
      pii: Object.keys(piiParts).length > 0 ? ctx.cipher.sealJson(piiParts) : null,
      emailHash: email === null ? null : emailLookupHash(ctx.cipher, email),
      source: ctx.source,
    },
  };
}
