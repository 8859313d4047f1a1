import { parentPort, workerData } from 'node:worker_threads';
import { appendEventRows, type EventRow } from '../sql/sql-event-store.js';
import { openSqlite, type SqliteOptions } from './open-sqlite.js';

/**
 * The SQLite event writer thread: runs the same Kysely append as every other adapter, on its own connection, so
 * a commit's fsync blocks this thread and never the server's event loop.
 */
export interface AppendRequest {
  id: number;
  rows: EventRow[];
}

export type AppendReply = { id: number; inserted: number } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('event-writer-worker must run in a worker thread');
const db = openSqlite(workerData as SqliteOptions);

port.on('message', (message: AppendRequest | 'close') => {
  if (message === 'close') {
    void db.destroy().then(() => port.close());
    return;
  }
  appendEventRows(db, message.rows).then(
    ({ inserted }) => port.postMessage({ id: message.id, inserted } satisfies AppendReply),
    (error: unknown) =>
      port.postMessage({
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies AppendReply),
  );
});
