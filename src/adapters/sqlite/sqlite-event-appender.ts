import type SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { eventInsert, type EventRow } from '../sql/sql-event-store.js';
import type { Database } from '../sql/schema.js';

/**
 * The SQLite hot path for event appends. The statement is the one Kysely builds for every dialect
 * (`eventInsert`), compiled once; better-sqlite3 then runs it as a cached prepared statement per row inside one
 * transaction. Building and parsing a fresh multi-row INSERT per commit cost more than the inserts themselves.
 */
export function createSqliteEventAppender(
  connection: SqliteDatabase.Database,
): (rows: readonly EventRow[]) => number {
  const compiler = new Kysely<Database>({ dialect: new SqliteDialect({ database: connection }) });
  let statement: SqliteDatabase.Statement | null = null;
  let columns: (keyof EventRow)[] = [];

  const appendAll = connection.transaction((rows: readonly EventRow[]) => {
    let inserted = 0;
    for (const row of rows) {
      if (statement === null) {
        columns = Object.keys(row) as (keyof EventRow)[];
        statement = connection.prepare(eventInsert(compiler, [row]).compile().sql);
      }
      inserted += statement.run(columns.map((c) => row[c])).changes;
    }
    return inserted;
  });
  return (rows) => (rows.length === 0 ? 0 : appendAll(rows));
}
