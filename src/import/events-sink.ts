import type { ErrorCode } from '../shared/index.js';
import { hashId } from '../shared/index.js';
import { parseImportTime } from './parse-time.js';
import type { MappedRow } from './row-mapper.js';
import { setOwn } from './safe-json.js';
import type { LateReject, RowSink, SinkContext } from './sink.js';

/** CSV columns of an event; `properties.X`, `traits.X` and `context.X` (dots nest) fill those objects. */
export const eventFields = [
  'type',
  'event',
  'user_id',
  'anonymous_id',
  'group_id',
  'previous_id',
  'timestamp',
  'message_id',
  'name',
] as const;
const prefixes = ['properties.', 'traits.', 'context.'] as const;
/** CSV column → Segment message field. */
const segmentNames = new Map<string, string>([
  ['type', 'type'],
  ['event', 'event'],
  ['user_id', 'userId'],
  ['anonymous_id', 'anonymousId'],
  ['group_id', 'groupId'],
  ['previous_id', 'previousId'],
  ['timestamp', 'timestamp'],
  ['message_id', 'messageId'],
  ['name', 'name'],
]);
const TIME_FIELDS = ['timestamp', 'originalTimestamp', 'sentAt'] as const;

export function isEventField(name: string): boolean {
  return (
    (eventFields as readonly string[]).includes(name) ||
    prefixes.some((p) => name.startsWith(p) && name.length > p.length)
  );
}

interface Pending {
  line: number;
  raw: unknown;
  message: unknown;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Sets `a.b.c` in `target`, creating objects on the way (a non-object in the way is replaced). */
function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (let i = 0; i < parts.length - 1; i++) {
    const key = parts[i] as string;
    const next = Object.hasOwn(node, key) ? node[key] : undefined;
    if (isDict(next)) node = next;
    else {
      const created: Record<string, unknown> = {};
      setOwn(node, key, created);
      node = created;
    }
  }
  setOwn(node, parts[parts.length - 1] as string, value);
}

/** A Segment message from a CSV row. Cells stay strings: JSONL keeps numbers and booleans. */
export function messageFromRow({ fields, extras }: MappedRow): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) {
    const key = segmentNames.get(field);
    if (key !== undefined) {
      message[key] = value;
      continue;
    }
    const dot = field.indexOf('.');
    const group = field.slice(0, dot);
    const inner = isDict(message[group]) ? (message[group] as Record<string, unknown>) : {};
    message[group] = inner;
    setPath(inner, field.slice(dot + 1), value);
  }
  const extraTarget = message.type === 'identify' || message.type === 'group' ? 'traits' : 'properties';
  for (const [key, value] of Object.entries(extras)) {
    const inner = isDict(message[extraTarget]) ? (message[extraTarget] as Record<string, unknown>) : {};
    message[extraTarget] = inner;
    if (!Object.hasOwn(inner, key)) setOwn(inner, key, value);
  }
  return message;
}

/**
 * Makes an imported message deterministic: a message without `messageId` gets one from its content (so a
 * re-import is deduplicated by the event store), and times the importer understands but the Segment contract
 * does not (`YYYY-MM-DD HH:MM:SS` as UTC, epoch ms) become ISO-8601. Anything else is left for the ingestor
 * to judge.
 */
export function prepareMessage(message: Record<string, unknown>): Record<string, unknown> {
  const out = { ...message };
  if (out.messageId === undefined || out.messageId === null || out.messageId === '') {
    out.messageId = `imp-${hashId(JSON.stringify(message), 26)}`;
  }
  for (const field of TIME_FIELDS) {
    const value = out[field];
    if (value === undefined || value === null) continue;
    const ms = parseImportTime(value);
    if (ms !== null) out[field] = new Date(ms).toISOString();
  }
  return out;
}

/**
 * Events go through the ingestor, the same path as the collect API: it validates, dead-letters the invalid
 * and resolves once the valid are durable; its rejects come back as rejected rows.
 */
export function createEventsSink(ctx: SinkContext, options: { jsonl: boolean }): RowSink {
  const { ingestor, stores } = ctx.deps;
  let batch: Pending[] = [];
  const total = { inserted: 0, updated: 0, unchanged: 0 };
  const details = { deadLettered: 0 };
  return {
    add(row, line, raw) {
      // A JSONL line is a Segment message as the collect API would get it; the ingestor judges even non-objects.
      const message = options.jsonl ? raw : messageFromRow(row);
      batch.push({ line, raw, message: isDict(message) ? prepareMessage(message) : message });
      return null;
    },
    get full() {
      return batch.length >= ctx.batchSize;
    },
    async flush() {
      if (batch.length === 0) return [];
      const pending = batch;
      batch = [];
      // The ingestor does not say which events were duplicates; look them up first to report inserted/unchanged.
      const seen = new Set<string>();
      const known: boolean[] = [];
      for (const p of pending) {
        const id = isDict(p.message) ? p.message.messageId : undefined;
        if (typeof id !== 'string') {
          known.push(false);
          continue;
        }
        known.push(seen.has(id) || (await stores.events.getByMessageId(id)) !== null);
        seen.add(id);
      }
      const outcome = await ingestor.ingest({
        messages: pending.map((p) => p.message),
        source: ctx.source,
        origin: ctx.origin,
        // A file holds history: its sentAt is when it was sent then, not a clock to correct against now.
        correctSkew: false,
      });
      const rejected = new Set<number>();
      const late: LateReject[] = outcome.rejected.map((r) => {
        rejected.add(r.index);
        const p = pending[r.index] as Pending;
        return { line: p.line, code: r.code, reason: r.message, row: p.raw };
      });
      details.deadLettered += late.length;
      for (let i = 0; i < pending.length; i++) {
        if (rejected.has(i)) continue;
        if (known[i]) total.unchanged++;
        else total.inserted++;
      }
      return late;
    },
    summary() {
      return { ...total, details: { ...details } };
    },
  };
}

/** Dead-letters a row the importer refused before the ingestor saw it (malformed JSON, broken CSV). */
export async function deadLetterRow(
  ctx: SinkContext,
  code: ErrorCode,
  message: string,
  payload: string,
): Promise<void> {
  await ctx.deps.ingestor.deadLetter({ origin: ctx.origin, code, message, payload });
}
