import { randomBytes } from 'node:crypto';
import pg from 'pg';

const ADMIN_URL = process.env.RAPPORT_TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Refuses any database that is not on 127.0.0.1:5432 or whose name lacks `test`. */
export function assertTestDatabaseUrl(url: string): void {
  const parsed = new URL(url);
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  if (!name.toLowerCase().includes('test'))
    throw new Error(`refusing database "${name}": its name lacks "test"`);
  if (!['127.0.0.1', 'localhost'].includes(parsed.hostname) || (parsed.port || '5432') !== '5432') {
    throw new Error(`refusing database host ${parsed.host}: tests only use 127.0.0.1:5432`);
  }
}

/** Creates a fresh database `rapport_test_<random>` and returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `rapport_test_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  assertTestDatabaseUrl(url.toString());
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
