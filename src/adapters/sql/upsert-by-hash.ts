import type { Kysely, Transaction } from 'kysely';
import { chunk } from './json.js';
import type { Database } from './schema.js';

type HashedTable = 'customers' | 'products' | 'orders' | 'reviews' | 'conversations' | 'kb_documents';

export interface HashedRow {
  id: string;
  row_hash: string;
}

/**
 * Splits rows into new, changed and unchanged by comparing their content hash with the stored one, in the
 * caller's transaction. Portable across dialects, and it lets callers report exact insert/update counts.
 */
export async function classifyByHash<R extends HashedRow>(
  trx: Transaction<Database> | Kysely<Database>,
  table: HashedTable,
  rows: readonly R[],
): Promise<{ fresh: R[]; changed: R[] }> {
  const latest = new Map<string, R>();
  for (const row of rows) latest.set(row.id, row);
  const stored = new Map<string, string>();
  for (const ids of chunk([...latest.keys()], 500)) {
    const found = await trx.selectFrom(table).select(['id', 'row_hash']).where('id', 'in', ids).execute();
    for (const r of found) stored.set(r.id, r.row_hash);
  }
  const fresh: R[] = [];
  const changed: R[] = [];
  for (const row of latest.values()) {
    const hash = stored.get(row.id);
    if (hash === undefined) fresh.push(row);
    else if (hash !== row.row_hash) changed.push(row);
  }
  return { fresh, changed };
}
