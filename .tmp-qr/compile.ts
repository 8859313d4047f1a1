import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { bumpCounter } from '../src/adapters/sql/ingest-counters.js';
const k = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
const c = bumpCounter(k, 'x', 0).compile();
console.log(c.sql, c.parameters);
