import type { Kysely } from 'kysely';
import type { KnowledgeBaseStore, KnowledgeDocRecord } from '../../commerce/ports.js';
import { chunk, fromJson, num, rowHash, toJson } from './json.js';
import type { Database, KbDocumentsTable } from './schema.js';
import { classifyByHash } from './upsert-by-hash.js';

function toRow(d: KnowledgeDocRecord): KbDocumentsTable {
  const tags = toJson(d.tags);
  return {
    id: d.id,
    title: d.title,
    body: d.body,
    tags,
    updated_at: d.updatedAt,
    row_hash: rowHash([d.title, d.body, tags, d.updatedAt]),
  };
}

function fromRow(r: KbDocumentsTable): KnowledgeDocRecord {
  return { id: r.id, title: r.title, body: r.body, tags: fromJson(r.tags, []), updatedAt: num(r.updated_at) };
}

export function createSqlKnowledgeBaseStore(db: Kysely<Database>): KnowledgeBaseStore {
  return {
    async upsert(docs) {
      if (docs.length === 0) return { inserted: 0, updated: 0 };
      return db.transaction().execute(async (trx) => {
        const { fresh, changed } = await classifyByHash(trx, 'kb_documents', docs.map(toRow));
        for (const part of chunk(fresh, 500)) await trx.insertInto('kb_documents').values(part).execute();
        for (const { id, ...rest } of changed)
          await trx.updateTable('kb_documents').set(rest).where('id', '=', id).execute();
        return { inserted: fresh.length, updated: changed.length };
      });
    },
    async get(id) {
      const row = await db.selectFrom('kb_documents').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async list({ limit, afterId }) {
      let query = db.selectFrom('kb_documents').selectAll();
      if (afterId !== undefined) query = query.where('id', '>', afterId);
      return (await query.orderBy('id').limit(limit).execute()).map(fromRow);
    },
    async count() {
      const row = await db
        .selectFrom('kb_documents')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return num(row.n);
    },
  };
}
