import type { Kysely } from 'kysely';
import type { ProductRecord, ProductStore } from '../../commerce/ports.js';
import { chunk, fromJson, num, rowHash, toJson } from './json.js';
import type { Database, ProductsTable } from './schema.js';
import { classifyByHash } from './upsert-by-hash.js';

function toRow(p: ProductRecord): ProductsTable {
  const attributes = toJson(p.attributes);
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    category: p.category,
    price: p.price,
    currency: p.currency,
    stock: p.stock,
    attributes,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    row_hash: rowHash([p.name, p.description, p.category, p.price, p.currency, p.stock, attributes]),
  };
}

function fromRow(r: ProductsTable): ProductRecord {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    category: r.category,
    price: r.price === null ? null : num(r.price),
    currency: r.currency,
    stock: r.stock === null ? null : num(r.stock),
    attributes: fromJson(r.attributes, {}),
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

export function createSqlProductStore(db: Kysely<Database>): ProductStore {
  return {
    async upsert(products, options) {
      if (products.length === 0) return { inserted: 0, updated: 0 };
      return db.transaction().execute(async (trx) => {
        const { fresh, changed } = await classifyByHash(trx, 'products', products.map(toRow));
        for (const part of chunk(fresh, 500)) await trx.insertInto('products').values(part).execute();
        if (options?.onConflict === 'keep') return { inserted: fresh.length, updated: 0 };
        for (const row of changed) {
          const { id, created_at: _created, ...rest } = row;
          await trx.updateTable('products').set(rest).where('id', '=', id).execute();
        }
        return { inserted: fresh.length, updated: changed.length };
      });
    },
    async get(id) {
      const row = await db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async list({ limit, afterId, category }) {
      let query = db.selectFrom('products').selectAll();
      if (category !== undefined) query = query.where('category', '=', category);
      if (afterId !== undefined) query = query.where('id', '>', afterId);
      return (await query.orderBy('id').limit(limit).execute()).map(fromRow);
    },
    async count() {
      const row = await db
        .selectFrom('products')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return num(row.n);
    },
  };
}
