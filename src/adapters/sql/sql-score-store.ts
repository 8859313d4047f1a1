import type { Kysely } from 'kysely';
import type { ActiveScore, ModelScore, ScoreDetail, ScoreStore } from '../../scores/ports.js';
import { chunk, fromJson, num } from './json.js';
import type { Database } from './schema.js';

/** Rows per INSERT: 4 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const ROWS_PER_INSERT = 2000;
/** Ids per IN list. */
const IDS_PER_QUERY = 500;

export function createSqlScoreStore(db: Kysely<Database>): ScoreStore {
  return {
    async write(modelId: string, scores: readonly ModelScore[]): Promise<number> {
      const last = new Map<string, ModelScore>();
      for (const s of scores) {
        if (!Number.isFinite(s.value))
          throw new RangeError(`score of ${s.customerId} is not a finite number`);
        last.set(s.customerId, s);
      }
      // One transaction per part, not one for all: scores are written before their version is registered, when no
      // reader sees them yet, so a long write never holds the database's write lock (SQLite) for its whole length.
      await db.deleteFrom('model_scores').where('model_id', '=', modelId).execute();
      for (const part of chunk([...last.values()], ROWS_PER_INSERT))
        await db
          .insertInto('model_scores')
          .values(
            part.map((s) => ({
              model_id: modelId,
              customer_id: s.customerId,
              value: s.value,
              detail: JSON.stringify(s.detail),
            })),
          )
          .execute();
      return last.size;
    },

    async prune(name: string, keep: number): Promise<number> {
      // One statement, so a version's status is read when its rows are deleted: a version promoted meanwhile keeps
      // its scores.
      const newest = db
        .selectFrom('models')
        .select((eb) => eb.fn.max('version').as('v'))
        .where('name', '=', name);
      const result = await db
        .deleteFrom('model_scores')
        .where('model_id', 'in', (eb) =>
          eb
            .selectFrom('models')
            .select('id')
            .where('name', '=', name)
            .where('status', '<>', 'active')
            .where((w) => w('version', '<=', w(newest, '-', keep))),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async count(modelId: string): Promise<number> {
      const row = await db
        .selectFrom('model_scores')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('model_id', '=', modelId)
        .executeTakeFirst();
      return num(row?.n ?? 0);
    },

    async activeFor(customerId: string): Promise<ActiveScore[]> {
      const rows = await db
        .selectFrom('model_scores as s')
        .innerJoin('models as m', 'm.id', 's.model_id')
        .select(['m.name', 'm.id', 'm.version', 'm.window_as_of', 's.value', 's.detail'])
        .where('s.customer_id', '=', customerId)
        .where('m.status', '=', 'active')
        .orderBy('m.name')
        .execute();
      return rows.map((r) => ({
        name: r.name,
        modelId: r.id,
        version: num(r.version),
        asOf: num(r.window_as_of),
        customerId,
        value: num(r.value),
        detail: fromJson<ScoreDetail>(r.detail, {}),
      }));
    },

    async activeValues(customerIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
      const out = new Map<string, Record<string, number>>();
      for (const ids of chunk([...new Set(customerIds)], IDS_PER_QUERY)) {
        const rows = await db
          .selectFrom('model_scores as s')
          .innerJoin('models as m', 'm.id', 's.model_id')
          .select(['s.customer_id', 'm.name', 's.value'])
          .where('s.customer_id', 'in', ids)
          .where('m.status', '=', 'active')
          .execute();
        for (const r of rows) {
          const scores = out.get(r.customer_id) ?? {};
          scores[r.name] = num(r.value);
          out.set(r.customer_id, scores);
        }
      }
      return out;
    },
  };
}
