import { serializeEvents, type SerializedEvents } from '../../ingest/event-chunks.js';
import type { EventIndexProgress, EventStore } from '../../ingest/ports.js';
import type {
  IndexerNotice,
  IndexerOptions,
  IndexerReply,
  IndexerRequest,
  IndexerTell,
} from './event-indexer-worker.js';
import { journalFileFor } from './event-journal.js';
import type { JournalWriterReply, JournalWriterRequest } from './journal-writer-worker.js';
import { openWorkerChannel } from '../../shared/worker-channel.js';

export interface JournaledEventStoreOptions {
  file: string;
  synchronous: 'full' | 'normal';
  /** Share of one core the indexer may use while ingest is busy (see event-indexer-worker). */
  indexBusyShare: number;
  /** Nice value of the indexer thread (0: the process's own), see lowerThreadPriority. */
  backgroundNice?: number;
  /** Told when the indexer fails a transaction (it retries). */
  onIndexError?: (message: string) => void;
  /** Indexed journal rows are deleted at most this often (default 1 s), so deletes stay off most commits. */
  truncateEveryMs?: number;
}

/**
 * The SQLite event store with a journal in front (`RAPPORT_SQLITE_EVENT_WRITER=journal`, the default).
 *
 * `append` is durable when it resolves: the events are one row of the ingest journal, committed by the journal
 * writer thread. The indexer thread moves them into `events` behind it, where messageId deduplication happens,
 * which is why `append` cannot say how many were new (`inserted: null`). Every read first waits until what was
 * acknowledged before it is indexed (`settle`), so readers see their writes.
 */
export async function openJournaledEventStore(
  indexed: EventStore,
  options: JournaledEventStoreOptions,
): Promise<EventStore & { close(): Promise<void> }> {
  const journalFile = journalFileFor(options.file);
  const truncateEveryMs = options.truncateEveryMs ?? 1_000;
  const writer = await openWorkerChannel<JournalWriterRequest, JournalWriterReply, never, never>(
    { callerUrl: import.meta.url, name: 'journal-writer-worker' },
    { file: journalFile, synchronous: options.synchronous },
  );
  const opened = (await writer.call({ op: 'open' })) as { journalId: string; head: number };

  let acknowledged = opened.head;
  let indexedThrough = 0;
  let truncatedThrough = 0;
  let lastTruncate = 0;
  const progress: EventIndexProgress = { pendingEvents: 0, indexedEvents: 0, storedEvents: 0 };

  const truncate = () => {
    const now = Date.now();
    if (indexedThrough <= truncatedThrough || now - lastTruncate < truncateEveryMs) return;
    lastTruncate = now;
    const through = indexedThrough;
    writer.call({ op: 'truncate', through }).then(
      () => (truncatedThrough = Math.max(truncatedThrough, through)),
      () => {}, // the next progress notice retries
    );
  };
  const indexerOptions: IndexerOptions = {
    file: options.file,
    journalFile,
    synchronous: options.synchronous,
    busyShare: options.indexBusyShare,
    nice: options.backgroundNice ?? 0,
  };
  let indexer;
  try {
    indexer = await openWorkerChannel<IndexerRequest, IndexerReply, IndexerTell, IndexerNotice>(
      { callerUrl: import.meta.url, name: 'event-indexer-worker' },
      indexerOptions,
      (notice) => {
        if (notice.kind === 'error') {
          options.onIndexError?.(notice.message);
          return;
        }
        indexedThrough = Math.max(indexedThrough, notice.through);
        progress.pendingEvents -= notice.events;
        progress.indexedEvents += notice.events;
        progress.storedEvents += notice.inserted;
        truncate();
      },
    );
  } catch (error) {
    await writer.close();
    throw error;
  }
  const start = (await indexer.call({ op: 'open' })) as { checkpoint: number; pendingEvents: number };
  indexedThrough = Math.max(indexedThrough, start.checkpoint);
  progress.pendingEvents += start.pendingEvents;

  /** One journal row: the events as a JSON array. */
  const appendJson = async ({ count, json }: SerializedEvents) => {
    if (count === 0) return { inserted: null };
    const payload = `[${json}]`;
    const reply = (await writer.call({ op: 'append', events: count, payload, at: Date.now() })) as {
      seq: number;
    };
    acknowledged = Math.max(acknowledged, reply.seq);
    progress.pendingEvents += count;
    indexer.tell({ op: 'head', seq: reply.seq });
    return { inserted: null };
  };

  const settle = async () => {
    if (indexedThrough >= acknowledged) return;
    const reply = (await indexer.call({ op: 'settle', through: acknowledged })) as { through: number };
    indexedThrough = Math.max(indexedThrough, reply.through);
  };

  const duplicatesDropped = indexed.duplicatesDropped?.bind(indexed);
  return {
    append: (events) => appendJson(serializeEvents(events)),
    appendJson,
    settle,
    indexProgress: () => ({ ...progress }),
    list: async (query) => (await settle(), indexed.list(query)),
    getByMessageId: async (messageId) => (await settle(), indexed.getByMessageId(messageId)),
    count: async () => (await settle(), indexed.count()),
    timeRange: async () => (await settle(), indexed.timeRange()),
    stats: async (range) => (await settle(), indexed.stats(range)),
    ...(duplicatesDropped ? { duplicatesDropped: async () => (await settle(), duplicatesDropped()) } : {}),
    async close() {
      try {
        await settle();
      } finally {
        await indexer.close();
        await writer.close();
      }
    },
  };
}
