import { createTestDatabase } from '../../test/helpers/postgres.js';
import { openStores } from './open-stores.js';
import { runStoresContract } from './stores.contract.js';

runStoresContract('postgres', async () => {
  const db = await createTestDatabase();
  const stores = await openStores({ kind: 'postgres', url: db.url, poolSize: 4 });
  return { stores, cleanup: () => db.drop() };
});
