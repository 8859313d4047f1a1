import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/postgres.js';
import { openStores } from './open-stores.js';
import { runProfileStoresContract } from './profile-stores.contract.js';
import { openPostgresSegmentDatabase, runSegmentStoreContract } from './segment-store.contract.js';
import { runStoresContract } from './stores.contract.js';

const openPostgresStores = async () => {
  const db = await createTestDatabase();
  const stores = await openStores({ kind: 'postgres', url: db.url, poolSize: 4 });
  return { stores, cleanup: () => db.drop() };
};
runStoresContract('postgres', openPostgresStores);
runProfileStoresContract('postgres', openPostgresStores);

runSegmentStoreContract('postgres', openPostgresSegmentDatabase);

describe('postgres pool', () => {
  it('survives the server terminating its idle connections, and reports them', async () => {
    const db = await createTestDatabase();
    const errors: Error[] = [];
    const stores = await openStores(
      { kind: 'postgres', url: db.url, poolSize: 2 },
      { onDatabaseError: (error) => errors.push(error) },
    );
    try {
      await stores.ping();
      const admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
      await admin.end();
      await expect.poll(() => errors.length, { timeout: 5_000 }).toBeGreaterThan(0);
      await stores.ping();
      expect(errors[0]?.message).toMatch(/terminat/i);
    } finally {
      await stores.close();
      await db.drop();
    }
  });
});
