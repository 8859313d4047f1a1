import { setTimeout as sleep } from 'node:timers/promises';
import { workerData } from 'node:worker_threads';
import type { EventRecord } from '../../ingest/event-types.js';
import { eventToRow, type EventRow } from '../sql/sql-event-store.js';
import { JOURNAL_CACHE_KIB, pendingEvents, readJournalHead } from './event-journal.js';
import { openSqliteConnection } from './open-sqlite.js';
import { createSqliteEventAppender } from './sqlite-event-appender.js';
import { lowerThreadPriority } from '../../shared/thread-priority.js';
import { serveWorkerChannel } from '../../shared/worker-channel.js';

/**
 * The indexer thread: moves acknowledged events from the ingest journal into the indexed `events` table in
 * large transactions, deduplicating by messageId there, and records how far it got in the same transaction.
 *
 * Pacing. While events keep arriving it uses at most `busyShare` of a core (it sleeps in proportion to the time
 * each transaction took), so the request path keeps the CPU it needs; the backlog waits durably in the journal.
 * When ingest goes quiet, when a reader waits for it (`settle`), or on close, it runs flat out.
 */
export interface IndexerOptions {
  file: string;
  journalFile: string;
  synchronous: 'full' | 'normal';
  /** Share of one core (0–1] the indexer may use while ingest is busy. */
  busyShare: number;
  /** Nice value of this thread (0: the process's own). */
  nice: number;
}

export type IndexerRequest = { op: 'open' } | { op: 'settle'; through: number };
export type IndexerReply = { checkpoint: number; pendingEvents: number } | { through: number };
/** The journal's head moved: a commit up to `seq` is durable there. */
export type IndexerTell = { op: 'head'; seq: number };
export type IndexerNotice =
  | { kind: 'progress'; through: number; events: number; inserted: number }
  | { kind: 'error'; message: string };

/** Ingest counts as busy while heads arrive closer together than this. */
const BUSY_WINDOW_MS = 250;
/**
 * While ingest is busy, the indexer lets events gather this long before a transaction, so that transactions stay
 * large (chasing every commit with a tiny one costs several times the CPU per event). Reads do not wait for it:
 * a reader wakes the indexer at once.
 */
const BUSY_LINGER_MS = 200;
/**
 * Transaction length. Long transactions index far more events per CPU second (a page dirtied by many rows is
 * written to the WAL once: 400 ms indexed 2.3× faster than 50 ms here), but they hold the main file's write
 * lock, and a write from the server thread (a dead letter, a login) waits for it. While ingest is busy they stay
 * short; catching up with the server quiet, or with a reader waiting, they run long.
 */
const BUSY_TRANSACTION_MS = 100;
const CATCH_UP_TRANSACTION_MS = 400;
const MIN_CHUNK = 100;
const MAX_CHUNK = 20_000;

const options = workerData as IndexerOptions;
// Indexing is background work: the request path (HTTP, the journal writer) gets the CPU first.
lowerThreadPriority(options.nice);
const main = openSqliteConnection({ file: options.file, synchronous: options.synchronous });
// Reads the journal front to back once: no big page cache.
const journal = openSqliteConnection({
  file: options.journalFile,
  synchronous: options.synchronous,
  cacheKiB: JOURNAL_CACHE_KIB,
});
const opened = readJournalHead(journal);
const { journalId } = opened;
let head = opened.head;
let checkpoint =
  (main.prepare('SELECT seq FROM event_index_checkpoints WHERE journal_id = ?').pluck().get(journalId) as
    number | undefined) ?? 0;

const append = createSqliteEventAppender(main);
const readJournal = journal.prepare('SELECT seq, payload FROM event_journal WHERE seq > ? ORDER BY seq');
const saveCheckpoint = main.prepare(
  `INSERT INTO event_index_checkpoints (journal_id, seq, updated_at) VALUES (?, ?, ?)
   ON CONFLICT (journal_id) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at`,
);
// One transaction: the new rows, the duplicates-dropped counter (bumped by the appender when the chunk held
// retries) and the checkpoint, so a chunk re-indexed after a crash is neither stored nor counted twice.
const storeChunk = main.transaction((rows: readonly EventRow[], through: number) => {
  const inserted = append(rows);
  saveCheckpoint.run(journalId, through, Date.now());
  return inserted;
});

/** One transaction: journal rows after the checkpoint, whole rows, until at least `limit` events. */
function indexOnce(limit: number): { through: number; events: number; inserted: number } | null {
  const rows: EventRow[] = [];
  let through = checkpoint;
  for (const row of readJournal.iterate(checkpoint) as Iterable<{ seq: number; payload: string }>) {
    for (const event of JSON.parse(row.payload) as EventRecord[]) rows.push(eventToRow(event));
    through = row.seq;
    if (rows.length >= limit) break;
  }
  if (through === checkpoint) return null;
  const inserted = storeChunk(rows, through);
  checkpoint = through;
  return { through, events: rows.length, inserted };
}

interface Waiter {
  through: number;
  resolve(value: IndexerReply): void;
  reject(error: unknown): void;
}
const waiters: Waiter[] = [];
let lastHeadAt = Number.NEGATIVE_INFINITY;
/** Set when two heads arrived within BUSY_WINDOW_MS. */
let headsClose = false;
let wake: (() => void) | null = null;

const ingestBusy = () => headsClose && performance.now() - lastHeadAt < BUSY_WINDOW_MS;

/** A sleep that a waiting reader or close cuts short. */
const pause = (ms: number) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      wake = null;
      resolve();
    };
    const timer = setTimeout(done, ms);
    wake = done;
  });
/** Events indexed per ms of transaction, smoothed; sizes the next transaction. */
let eventsPerMs = 10;
let stopping = false;
let loop: Promise<void> | null = null;

const settleWaiters = (error?: unknown) => {
  for (let i = waiters.length - 1; i >= 0; i--) {
    const w = waiters[i] as Waiter;
    if (error !== undefined) w.reject(error);
    else if (w.through <= checkpoint) w.resolve({ through: checkpoint });
    else continue;
    waiters.splice(i, 1);
  }
};

const channel = serveWorkerChannel<IndexerRequest, IndexerReply, IndexerTell, IndexerNotice>({
  handle(request) {
    if (request.op === 'open') {
      // Indexing starts here, not at load: the owner must learn the backlog before the first progress notice.
      const opened = { checkpoint, pendingEvents: pendingEvents(journal, checkpoint) };
      kick();
      return opened;
    }
    if (request.through <= checkpoint) return { through: checkpoint };
    head = Math.max(head, request.through);
    const settled = new Promise<IndexerReply>((resolve, reject) =>
      waiters.push({ through: request.through, resolve, reject }),
    );
    wake?.();
    kick();
    return settled;
  },
  onTell(message) {
    head = Math.max(head, message.seq);
    const now = performance.now();
    headsClose = now - lastHeadAt < BUSY_WINDOW_MS;
    lastHeadAt = now;
    kick();
  },
  async onClose() {
    stopping = true;
    wake?.();
    await loop;
    main.close();
    journal.close();
  },
});

function kick(): void {
  loop ??= run().finally(() => {
    loop = null;
    if (!stopping && checkpoint < head) kick();
  });
}

async function run(): Promise<void> {
  let took = 0;
  while (!stopping && checkpoint < head) {
    if (ingestBusy() && waiters.length === 0) {
      // Let a transaction's worth gather, and keep within busyShare of a core.
      await pause(Math.max(BUSY_LINGER_MS, took * (1 / options.busyShare - 1)));
      if (stopping) break;
    }
    const busy = ingestBusy() && waiters.length === 0;
    const targetMs = busy ? BUSY_TRANSACTION_MS : CATCH_UP_TRANSACTION_MS;
    const chunk = Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, Math.round(eventsPerMs * targetMs)));
    const started = performance.now();
    let result: ReturnType<typeof indexOnce>;
    try {
      result = indexOnce(chunk);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      channel.notify({ kind: 'error', message });
      settleWaiters(new Error(`event indexer: ${message}`));
      await sleep(1_000);
      continue;
    }
    took = performance.now() - started;
    if (result === null) {
      // Nothing left in the journal after the checkpoint: the head we were told about is already covered.
      head = checkpoint;
    } else {
      channel.notify({ kind: 'progress', ...result });
      eventsPerMs = 0.7 * eventsPerMs + 0.3 * (result.events / Math.max(took, 1));
    }
    for (const w of waiters) if (w.through > head) w.through = checkpoint;
    settleWaiters();
    // Let messages in (heads, readers, close) between transactions.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  settleWaiters();
}
