import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStores } from './open-stores.js';
import { openSqliteSegmentDatabase, runSegmentStoreContract } from './segment-store.contract.js';
import { runStoresContract } from './stores.contract.js';

for (const eventWriter of ['inline', 'worker', 'journal'] as const) {
  runStoresContract(`sqlite (${eventWriter} event writer)`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-sqlite-'));
    const stores = await openStores({
      kind: 'sqlite',
      file: path.join(dir, 'test.db'),
      synchronous: 'normal',
      eventWriter,
    });
    return { stores, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  });
}

runSegmentStoreContract('sqlite', openSqliteSegmentDatabase);
