import type { EventRecord } from '../../ingest/event-types.js';
import { eventToRow } from '../sql/sql-event-store.js';
import type { AppendReply, AppendRequest } from './event-writer-worker.js';
import type { SqliteOptions } from './open-sqlite.js';
import { openWorkerChannel } from '../../shared/worker-channel.js';

export interface SqliteEventWriter {
  append(events: readonly EventRecord[]): Promise<{ inserted: number }>;
  close(): Promise<void>;
}

/**
 * Appends events on a dedicated worker thread with its own SQLite connection (WAL allows it beside the main one).
 * Requests are answered in order; the group committer keeps at most one append in flight, so commits stay large.
 */
export async function startSqliteEventWriter(options: SqliteOptions): Promise<SqliteEventWriter> {
  const channel = await openWorkerChannel<AppendRequest, AppendReply, never, never>(
    { callerUrl: import.meta.url, name: 'event-writer-worker' },
    options,
  );
  return {
    async append(events) {
      if (events.length === 0) return { inserted: 0 };
      return { inserted: await channel.call(events.map(eventToRow)) };
    },
    close: () => channel.close(),
  };
}
