import { workerData } from 'node:worker_threads';
import { JOURNAL_CACHE_KIB, prepareJournal } from './event-journal.js';
import { openSqliteConnection, type SqliteOptions } from './open-sqlite.js';
import { serveWorkerChannel } from '../../shared/worker-channel.js';

/**
 * The journal writer thread: one INSERT and one commit (fsync under synchronous=full) per group commit, off the
 * server's event loop. It also deletes journal rows the indexer has stored for good.
 */
export type JournalWriterRequest =
  | { op: 'open' }
  | { op: 'append'; events: number; payload: string; at: number }
  | { op: 'truncate'; through: number };
export type JournalWriterReply = { journalId: string; head: number } | { seq: number } | { deleted: number };

// Appends only: the journal needs no big page cache.
const connection = openSqliteConnection({ ...(workerData as SqliteOptions), cacheKiB: JOURNAL_CACHE_KIB });
const opened = prepareJournal(connection);
const insert = connection.prepare(
  'INSERT INTO event_journal (events, appended_at, payload) VALUES (?, ?, ?)',
);
const truncate = connection.prepare('DELETE FROM event_journal WHERE seq <= ?');

serveWorkerChannel<JournalWriterRequest, JournalWriterReply, never, never>({
  handle(request) {
    switch (request.op) {
      case 'open':
        return opened;
      case 'append':
        return { seq: Number(insert.run(request.events, request.at, request.payload).lastInsertRowid) };
      case 'truncate':
        return { deleted: truncate.run(request.through).changes };
    }
  },
  onClose() {
    connection.close();
  },
});
