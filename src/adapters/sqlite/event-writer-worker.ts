import { workerData } from 'node:worker_threads';
import type { EventRow } from '../sql/sql-event-store.js';
import { openSqliteConnection, type SqliteOptions } from './open-sqlite.js';
import { createSqliteEventAppender } from './sqlite-event-appender.js';
import { serveWorkerChannel } from '../../shared/worker-channel.js';

/**
 * The SQLite event writer thread (`RAPPORT_SQLITE_EVENT_WRITER=worker`): indexed appends on its own connection,
 * so a commit's fsync blocks this thread and never the server's event loop.
 */
export type AppendRequest = EventRow[];
export type AppendReply = number;

const connection = openSqliteConnection(workerData as SqliteOptions);
const append = createSqliteEventAppender(connection);

serveWorkerChannel<AppendRequest, AppendReply, never, never>({
  handle: (rows) => append(rows),
  onClose() {
    connection.close();
  },
});
