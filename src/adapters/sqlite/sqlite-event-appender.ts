import type SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { bumpCounter, DUPLICATES_DROPPED } from '../sql/ingest-counters.js';
import { eventInsert, type EventRow } from '../sql/sql-event-store.js';
import type { Database } from '../sql/schema.js';

/**
 * The SQLite hot path for event appends. The statement is the one Kysely builds for every dialect
 * (`eventInsert`), compiled once; better-sqlite3 then runs it as a cached prepared statement per row inside one
 * transaction. Building and parsing a fresh multi-row INSERT per commit cost more than the inserts themselves.
 *
 * Rows skipped as duplicates are added to the `events_duplicates_dropped` counter in the same transaction (one
 * statement, only when there were any). Called inside a caller's transaction (the indexer's, which also saves its
 * checkpoint), the inner transaction is a savepoint: everything commits together.
 */
export function createSqliteEventAppender(
  connection: SqliteDatabase.Database,
): (rows: readonly EventRow[]) => number {
  const compiler = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  let statement: SqliteDatabase.Statement | null = null;
  let columns: (keyof EventRow)[] = [];
  let bump: SqliteDatabase.Statement | null = null;
  const countDuplicates = (by: number) => {
    const counter = bumpCounter(compiler, DUPLICATES_DROPPED, by).compile();
    bump ??= connection.prepare(counter.sql);
    bump.run(counter.parameters);
  };

  const appendAll = connection.transaction((rows: readonly EventRow[]) => {
    let inserted = 0;
    for (const row of rows) {
      if (statement === null) {
        columns = Object.keys(row) as (keyof EventRow)[];
        statement = connection.prepare(eventInsert(compiler, [row]).compile().sql);
      }
      inserted += statement.run(columns.map((c) => row[c])).changes;
    }
    if (inserted < rows.length) countDuplicates(rows.length - inserted);
    return inserted;
  });
  return (rows) => (rows.length === 0 ? 0 : appendAll(rows));
}
