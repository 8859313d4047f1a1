import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../sql/schema.js';

// BIGINT (epoch ms, sequences, counts) fits a JS number for every value Rapport stores.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface PostgresOptions {
  url: string;
  poolSize: number;
}

export function openPostgres(options: PostgresOptions): Kysely<Database> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
