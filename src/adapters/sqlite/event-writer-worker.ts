import { parentPort, workerData } from 'node:worker_threads';
import type { EventRow } from '../sql/sql-event-store.js';
import { openSqliteConnection, type SqliteOptions } from './open-sqlite.js';
import { createSqliteEventAppender } from './sqlite-event-appender.js';

/**
 * The SQLite event writer thread: its own connection, so a commit's fsync blocks this thread and never the
 * server's event loop.
 */
export interface AppendRequest {
  id: number;
  rows: EventRow[];
}

export type AppendReply = { id: number; inserted: number } | { id: number; error: string };

const port = parentPort;
if (!port) throw new Error('event-writer-worker must run in a worker thread');
const connection = openSqliteConnection(workerData as SqliteOptions);
const append = createSqliteEventAppender(connection);

port.on('message', (message: AppendRequest | 'close') => {
  if (message === 'close') {
    connection.close();
    port.close();
    return;
  }
  try {
    port.postMessage({ id: message.id, inserted: append(message.rows) } satisfies AppendReply);
  } catch (error) {
    port.postMessage({
      id: message.id,
      error: error instanceof Error ? error.message : String(error),
    } satisfies AppendReply);
  }
});
