import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStores, openStores } from './open-stores.js';
import { runProfileStoresContract } from './profile-stores.contract.js';
import { openSqliteSegmentDatabase, runSegmentStoreContract } from './segment-store.contract.js';
import { migrateToLatest } from './sql/migrate.js';
import { openSqlite } from './sqlite/open-sqlite.js';
import { runStoresContract } from './stores.contract.js';

for (const eventWriter of ['inline', 'worker', 'journal'] as const) {
  const open = async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-sqlite-'));
    const stores = await openStores({
      kind: 'sqlite',
      file: path.join(dir, 'test.db'),
      synchronous: 'normal',
      eventWriter,
    });
    return { stores, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  };
  runStoresContract(`sqlite (${eventWriter} event writer)`, open);
  runProfileStoresContract(`sqlite (${eventWriter} event writer)`, open);
}

// The generic Kysely stores on SQLite: the reference the prepared-statement overrides must match row for row.
runProfileStoresContract('sqlite (generic Kysely stores)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-sqlite-'));
  const db = openSqlite({ file: path.join(dir, 'test.db'), synchronous: 'normal' });
  await migrateToLatest(db, 'sqlite');
  const stores = createStores(db, 'sqlite');
  return { stores, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
});

runSegmentStoreContract('sqlite', openSqliteSegmentDatabase);
