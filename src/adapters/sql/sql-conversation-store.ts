import type { Kysely } from 'kysely';
import type { ConversationMessage, ConversationRecord, ConversationStore } from '../../commerce/ports.js';
import { chunk, num, rowHash } from './json.js';
import type { ConversationMessagesTable, ConversationsTable, Database } from './schema.js';
import { classifyByHash } from './upsert-by-hash.js';

interface ConversationRows extends ConversationsTable {
  messages: ConversationMessagesTable[];
}

function toRows(c: ConversationRecord): ConversationRows {
  const messages = c.messages.map((m) => ({
    conversation_id: c.id,
    seq: m.seq,
    role: m.role,
    body: m.body,
    created_at: m.createdAt,
  }));
  return {
    id: c.id,
    customer_id: c.customerId,
    channel: c.channel,
    subject: c.subject,
    status: c.status,
    started_at: c.startedAt,
    topic: c.topic ?? null,
    // The topic joins the hash only when present, so conversations imported before topics existed keep theirs.
    row_hash: rowHash(
      c.topic == null
        ? [c.customerId, c.channel, c.subject, c.status, c.startedAt, messages]
        : [c.customerId, c.channel, c.subject, c.status, c.startedAt, messages, c.topic],
    ),
    intent: null,
    intent_confidence: null,
    intent_model: null,
    messages,
  };
}

export function createSqlConversationStore(db: Kysely<Database>): ConversationStore {
  const hydrate = async (rows: ConversationsTable[]): Promise<ConversationRecord[]> => {
    if (rows.length === 0) return [];
    const messages = await db
      .selectFrom('conversation_messages')
      .selectAll()
      .where(
        'conversation_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('conversation_id')
      .orderBy('seq')
      .execute();
    const byId = new Map<string, ConversationMessage[]>();
    for (const m of messages) {
      const list = byId.get(m.conversation_id) ?? [];
      list.push({
        seq: num(m.seq),
        role: m.role as ConversationMessage['role'],
        body: m.body,
        createdAt: num(m.created_at),
      });
      byId.set(m.conversation_id, list);
    }
    return rows.map((r) => ({
      id: r.id,
      customerId: r.customer_id,
      channel: r.channel,
      subject: r.subject,
      status: r.status as ConversationRecord['status'],
      startedAt: num(r.started_at),
      topic: r.topic,
      messages: byId.get(r.id) ?? [],
      intent:
        r.intent === null
          ? null
          : {
              intent: r.intent,
              confidence: r.intent_confidence === null ? 0 : num(r.intent_confidence),
              model: r.intent_model ?? '',
            },
      version: r.row_hash,
    }));
  };
  return {
    async upsert(conversations) {
      if (conversations.length === 0) return { inserted: 0, updated: 0 };
      return db.transaction().execute(async (trx) => {
        const { fresh, changed } = await classifyByHash(trx, 'conversations', conversations.map(toRows));
        const header = ({ messages: _m, ...rest }: ConversationRows): ConversationsTable => rest;
        for (const part of chunk(fresh, 500))
          await trx.insertInto('conversations').values(part.map(header)).execute();
        for (const row of changed) {
          const { id, ...rest } = header(row);
          await trx.updateTable('conversations').set(rest).where('id', '=', id).execute();
          await trx.deleteFrom('conversation_messages').where('conversation_id', '=', id).execute();
        }
        const messages = [...fresh, ...changed].flatMap((c) => c.messages);
        for (const part of chunk(messages, 1000))
          await trx.insertInto('conversation_messages').values(part).execute();
        return { inserted: fresh.length, updated: changed.length };
      });
    },
    async get(id) {
      const row = await db.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? ((await hydrate([row]))[0] ?? null) : null;
    },
    async listByCustomer(customerId, { limit }) {
      const rows = await db
        .selectFrom('conversations')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('started_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return hydrate(rows);
    },
    async setIntents(updates) {
      if (updates.size === 0) return 0;
      return db.transaction().execute(async (trx) => {
        let changed = 0;
        for (const [id, { version, model, intent }] of updates) {
          const result = await trx
            .updateTable('conversations')
            .set({
              intent: model === null ? null : (intent?.intent ?? null),
              intent_confidence: model === null ? null : (intent?.confidence ?? null),
              intent_model: model,
            })
            .where('id', '=', id)
            .where('row_hash', '=', version)
            .executeTakeFirst();
          changed += Number(result.numUpdatedRows);
        }
        return changed;
      });
    },
    async count() {
      const row = await db
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return num(row.n);
    },
  };
}
