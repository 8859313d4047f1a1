import type { Kysely } from 'kysely';
import type { DeadLetterStore } from '../../ingest/ports.js';
import { chunk, fromJson, num, toJson } from './json.js';
import type { Database } from './schema.js';

export function createSqlDeadLetterStore(db: Kysely<Database>): DeadLetterStore {
  return {
    async add(entries) {
      if (entries.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (const part of chunk(entries, 500)) {
          await trx
            .insertInto('dead_letters')
            .values(
              part.map((e) => ({
                id: e.id,
                received_at: e.receivedAt,
                source: e.source,
                code: e.code,
                message: e.message,
                details: toJson(e.details),
                payload: e.payload,
              })),
            )
            .execute();
        }
      });
    },
    async list({ limit, afterSeq, code }) {
      let query = db.selectFrom('dead_letters').selectAll();
      if (code !== undefined) query = query.where('code', '=', code);
      if (afterSeq !== undefined) query = query.where('seq', '<', afterSeq);
      const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
      return rows.map((r) => ({
        seq: num(r.seq),
        id: r.id,
        receivedAt: num(r.received_at),
        source: r.source,
        code: r.code,
        message: r.message,
        details: fromJson(r.details, {}),
        payload: r.payload,
      }));
    },
    async count() {
      const row = await db
        .selectFrom('dead_letters')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return num(row.n);
    },
    async countByCode() {
      const rows = await db
        .selectFrom('dead_letters')
        .select(['code', (eb) => eb.fn.countAll().as('n')])
        .groupBy('code')
        .orderBy('code')
        .execute();
      return rows.map((r) => ({ code: r.code, count: num(r.n) }));
    },
  };
}
