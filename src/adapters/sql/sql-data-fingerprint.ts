import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DataFingerprintReads, TableFingerprint } from '../../pipeline/ports.js';
import { num } from './json.js';
import { keysetPages } from './keyset-pages.js';
import type { Database } from './schema.js';

type DigestedTable = 'customers' | 'products' | 'orders' | 'reviews' | 'conversations';

const short = (hash: ReturnType<typeof createHash>) => hash.digest('hex').slice(0, 16);

/**
 * The pipeline's data fingerprint over the SQL schema: one aggregate over `events` (count, last seq, last
 * timestamp) and, per imported table, a digest of `id` and `row_hash` read in primary-key pages (two narrow columns,
 * no JSON), so that an in-place change of an imported row changes the fingerprint as surely as a new row does.
 */
export function createSqlDataFingerprint(
  db: Kysely<Database>,
  options: { pageSize?: number } = {},
): DataFingerprintReads {
  const PAGE = options.pageSize ?? 10_000;
  const table = async (name: DigestedTable): Promise<TableFingerprint> => {
    const hash = createHash('sha256');
    let rows = 0;
    const pages = keysetPages<{ id: string; row_hash: string }, string | null>(
      null,
      (after) => {
        let query = db.selectFrom(name).select(['id', 'row_hash']);
        if (after !== null) query = query.where('id', '>', after);
        return query.orderBy('id').limit(PAGE).execute();
      },
      (last) => last.id,
      PAGE,
    );
    for await (const page of pages) {
      for (const r of page) hash.update(`${r.id}\t${r.row_hash}\n`);
      rows += page.length;
    }
    return { rows, digest: short(hash) };
  };
  return {
    async read() {
      const e = await db
        .selectFrom('events')
        .select((eb) => [
          eb.fn.countAll().as('rows'),
          eb.fn.max('seq').as('last_seq'),
          eb.fn.max('timestamp').as('last_at'),
        ])
        .executeTakeFirstOrThrow();
      const events = {
        rows: num(e.rows),
        lastSeq: e.last_seq === null ? null : num(e.last_seq),
        lastAt: e.last_at === null ? null : num(e.last_at),
      };
      const customers = await table('customers');
      const products = await table('products');
      const orders = await table('orders');
      const reviews = await table('reviews');
      const conversations = await table('conversations');
      const all = createHash('sha256').update(
        JSON.stringify([events, customers, products, orders, reviews, conversations]),
      );
      return { events, customers, products, orders, reviews, conversations, digest: short(all) };
    },
  };
}
