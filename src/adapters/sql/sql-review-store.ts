import type { Kysely } from 'kysely';
import type { ReviewRecord, ReviewStore } from '../../commerce/ports.js';
import { chunk, num, rowHash } from './json.js';
import type { Database, ReviewsTable } from './schema.js';
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
