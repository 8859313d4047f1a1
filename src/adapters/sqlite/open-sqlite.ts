import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../sql/schema.js';

export interface SqliteOptions {
  file: string;
  /** `full` fsyncs the WAL at every commit (durable across power loss); `normal` survives process crashes only. */
  synchronous: 'full' | 'normal';
  /** Page cache of this connection (default 64 MiB); the journal's connections need little. */
  cacheKiB?: number;
}

/** One better-sqlite3 connection in WAL mode with Rapport's pragmas. */
export function openSqliteConnection(options: SqliteOptions): SqliteDatabase.Database {
  if (options.file !== ':memory:') fs.mkdirSync(path.dirname(options.file), { recursive: true });
  const database = new SqliteDatabase(options.file);
  database.pragma('journal_mode = WAL');
  database.pragma(`synchronous = ${options.synchronous.toUpperCase()}`);
  database.pragma('busy_timeout = 10000');
  database.pragma(`cache_size = -${Math.round(options.cacheKiB ?? 65_536)}`);
  database.pragma('temp_store = MEMORY');
  return database;
}

/**
 * The connection as Kysely's SQLite dialect sees it, with prepared statements kept per SQL text (the most recently
 * used `max`): the dialect prepares every query it runs, and preparing cost as much as running the small queries of
 * request handlers. A statement still iterating (a streamed query) is busy, so the same SQL then gets a fresh one.
 */
export function withStatementCache(
  connection: SqliteDatabase.Database,
  max = 500,
): { close(): void; prepare(sql: string): SqliteDatabase.Statement } {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    close() {
      statements.clear();
      connection.close();
    },
    prepare(sql) {
      const kept = statements.get(sql);
      if (kept !== undefined) {
        if (kept.busy) return connection.prepare(sql);
        // Map order is recency: the oldest entry goes first when the cache is full.
        statements.delete(sql);
        statements.set(sql, kept);
        return kept;
      }
      const statement = connection.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > max) statements.delete(statements.keys().next().value as string);
      return statement;
    },
  };
}

/** The embedded store: one connection behind Kysely. */
export function openSqlite(options: SqliteOptions): Kysely<Database> {
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(openSqliteConnection(options)) }),
  });
}
