import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../sql/schema.js';

// BIGINT (epoch ms, sequences, counts) fits a JS number for every value Rapport stores.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface PostgresOptions {
  url: string;
  poolSize: number;
  /** An idle pooled connection failed (server restart, network cut, terminated backend); the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

export function openPostgres(options: PostgresOptions): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
  // Without a listener, pg re-throws an idle client's error as an uncaught exception and the process dies.
  pool.on('error', (error) => options.onIdleError?.(error));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
