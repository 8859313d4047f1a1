import type { ConversationMessage, ConversationRecord } from '../commerce/ports.js';
import type { CustomerRef } from './customer-directory.js';
import { createFieldReader, isBlank, show, type FieldReader, type RowRejectCode } from './field-reader.js';
import { createKeyedSink } from './keyed-sink.js';
import { parseImportTime } from './parse-time.js';
import type { RowSink, SinkContext } from './sink.js';

export const conversationFields = [
  'id',
  'user_id',
  'channel',
  'subject',
  'status',
  'started_at',
  'topic',
  'messages',
] as const;

const roles = ['customer', 'agent', 'bot'] as const;
const statuses = ['open', 'resolved'] as const;
/** The column is a 32-bit integer in PostgreSQL. */
const MAX_SEQ = 2 ** 31 - 1;

interface ConversationDraft {
  userId: string | null;
  conversation: ConversationRecord;
}

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Messages in file order; `seq` defaults to the position (from 1), `created_at` to the conversation start. */
function readMessages(
  value: unknown,
  r: FieldReader,
): { messages: ConversationMessage[]; times: (number | null)[] } | null {
  if (isBlank(value)) return r.fail('missing_field', 'messages is required');
  if (!Array.isArray(value)) return r.fail('invalid_value', `messages must be a list, got ${show(value)}`);
  const messages: ConversationMessage[] = [];
  const times: (number | null)[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (!isDict(item)) return r.fail('invalid_value', `messages[${i}] must be an object, got ${show(item)}`);
    const m = createFieldReader(item, parseImportTime);
    const seq = m.number('seq', { integer: true, min: 0, max: MAX_SEQ }) ?? i + 1;
    const role = m.oneOf('role', roles, 'customer');
    if (isBlank(item.role)) m.fail('missing_field', 'role is required');
    const body = m.text('body', true);
    const createdAt = m.time('created_at', false);
    if (m.issue) return r.fail(m.issue.code as RowRejectCode, `messages[${i}]: ${m.issue.reason}`);
    if (seen.has(seq)) return r.fail('invalid_value', `messages[${i}]: seq ${seq} is used twice`);
    seen.add(seq);
    messages.push({ seq, role, body: body ?? '', createdAt: createdAt ?? 0 });
    times.push(createdAt);
  }
  return { messages, times };
}

/** Conversations (JSONL): `id` and `messages` required; the start defaults to the first message's time. */
export function createConversationsSink(ctx: SinkContext): RowSink {
  const { conversations } = ctx.deps.stores;
  return createKeyedSink<ConversationDraft>({
    batchSize: ctx.batchSize,
    build({ fields }, r) {
      const id = r.id('id', true);
      const userId = r.id('user_id', false);
      const channel = r.text('channel') ?? 'unknown';
      const subject = r.text('subject');
      const status = r.oneOf('status', statuses, 'open');
      const topic = r.text('topic');
      const started = r.time('started_at', false);
      const read = readMessages(fields.messages, r);
      if (r.issue || id === null || read === null) return null;
      const first = read.times.reduce<number | null>(
        (min, t) => (t !== null && (min === null || t < min) ? t : min),
        null,
      );
      const startedAt = started ?? first ?? ctx.fallbackTime;
      const messages = read.messages.map((m, i) =>
        read.times[i] === null ? { ...m, createdAt: startedAt } : m,
      );
      return {
        userId,
        conversation: { id, customerId: null, channel, subject, status, startedAt, topic, messages },
      };
    },
    key: (d) => d.conversation.id,
    async write(drafts) {
      const refs = new Map<string, CustomerRef>();
      for (const d of drafts)
        if (d.userId !== null && !refs.has(d.userId))
          refs.set(d.userId, { traits: {}, at: d.conversation.startedAt });
      const ids = await ctx.customers.ensure(refs);
      return conversations.upsert(
        drafts.map((d) => ({
          ...d.conversation,
          customerId: d.userId === null ? null : (ids.get(d.userId) ?? null),
        })),
      );
    },
    details: () => ({ customersCreated: ctx.customers.created }),
  });
}
