import type { Kysely } from 'kysely';
import type { ReviewRecord, ReviewStore } from '../../commerce/ports.js';
import { chunk, num, rowHash } from './json.js';
import type { Database, ReviewsTable } from './schema.js';
import { REVIEW_ANALYSIS_VERSION, storedReviewAnalysis } from '../../text/index.js';
import { classifyByHash } from './upsert-by-hash.js';

function toRow(r: ReviewRecord): ReviewsTable {
  return {
    id: r.id,
    customer_id: r.customerId,
    product_id: r.productId,
    rating: r.rating,
    title: r.title,
    body: r.body,
    created_at: r.createdAt,
    source: r.source,
    row_hash: rowHash([r.customerId, r.productId, r.rating, r.title, r.body, r.createdAt, r.source]),
    analysis: r.analysis ? JSON.stringify(r.analysis) : null,
  };
}

function fromRow(r: ReviewsTable): ReviewRecord {
  return {
    id: r.id,
    customerId: r.customer_id,
    productId: r.product_id,
    rating: r.rating === null ? null : num(r.rating),
    title: r.title,
    body: r.body,
    createdAt: num(r.created_at),
    source: r.source,
    analysis: storedReviewAnalysis(r.analysis),
  };
}

export function createSqlReviewStore(db: Kysely<Database>): ReviewStore {
  const listBy = async (column: 'product_id' | 'customer_id', value: string, limit: number) =>
    (
      await db
        .selectFrom('reviews')
        .selectAll()
        .where(column, '=', value)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute()
    ).map(fromRow);
  return {
    async upsert(reviews) {
      if (reviews.length === 0) return { inserted: 0, updated: 0 };
      return db.transaction().execute(async (trx) => {
        const { fresh, changed } = await classifyByHash(trx, 'reviews', reviews.map(toRow));
        for (const part of chunk(fresh, 500)) await trx.insertInto('reviews').values(part).execute();
        for (const { id, ...rest } of changed)
          await trx.updateTable('reviews').set(rest).where('id', '=', id).execute();
        // Unchanged reviews stored without an analysis of the current version (before analyses were stored, or
        // by an older lexicon) take the one that came with them: a re-import fills them in.
        const written = new Set([...fresh, ...changed].map((r) => r.id));
        const current = `{"v":${REVIEW_ANALYSIS_VERSION},%`;
        const rest = reviews.filter((r) => r.analysis && !written.has(r.id));
        for (const part of chunk(rest, 500)) {
          const stale = await trx
            .selectFrom('reviews')
            .select('id')
            .where(
              'id',
              'in',
              part.map((r) => r.id),
            )
            .where((eb) => eb.or([eb('analysis', 'is', null), eb('analysis', 'not like', current)]))
            .execute();
          const byId = new Map(part.map((r) => [r.id, r]));
          for (const { id } of stale)
            await trx
              .updateTable('reviews')
              .set({ analysis: JSON.stringify(byId.get(id)!.analysis) })
              .where('id', '=', id)
              .execute();
        }
        return { inserted: fresh.length, updated: changed.length };
      });
    },
    listByProduct: (productId, { limit }) => listBy('product_id', productId, limit),
    listByCustomer: (customerId, { limit }) => listBy('customer_id', customerId, limit),
    async count() {
      const row = await db
        .selectFrom('reviews')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return num(row.n);
    },
  };
}
