import { Worker } from 'node:worker_threads';
import { AppError } from '../../shared/index.js';
import type { EventRecord } from '../../ingest/event-types.js';
import { eventToRow } from '../sql/sql-event-store.js';
import type { AppendReply } from './event-writer-worker.js';
import type { SqliteOptions } from './open-sqlite.js';

export interface SqliteEventWriter {
  append(events: readonly EventRecord[]): Promise<{ inserted: number }>;
  close(): Promise<void>;
}

/**
 * From the built `dist/` the worker is plain JavaScript. From TypeScript sources (tsx, vitest) a tiny bootstrap
 * registers tsx's loader inside the worker first: Node 20 does not pass `--import` on to worker threads.
 */
function createWorker(options: SqliteOptions): Worker {
  const self = import.meta.url;
  if (!self.endsWith('.ts'))
    return new Worker(new URL('./event-writer-worker.js', self), { workerData: options });
  const target = new URL('./event-writer-worker.ts', self).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: options });
}

/**
 * Appends events on a dedicated worker thread with its own SQLite connection (WAL allows it beside the main one).
 * Requests are answered in order; the group committer keeps at most one append in flight, so commits stay large.
 */
export async function startSqliteEventWriter(options: SqliteOptions): Promise<SqliteEventWriter> {
  const worker = createWorker(options);
  const pending = new Map<number, { resolve(v: { inserted: number }): void; reject(e: unknown): void }>();
  let nextId = 0;
  let failure: Error | null = null;

  const failAll = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) {
      p.reject(
        new AppError('storage_unavailable', `Event writer failed: ${failure.message}`, undefined, {
          cause: failure,
        }),
      );
    }
    pending.clear();
  };
  worker.on('message', (reply: AppendReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if ('error' in reply)
      p.reject(new AppError('storage_unavailable', `Event append failed: ${reply.error}`));
    else p.resolve({ inserted: reply.inserted });
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => {
    if (pending.size > 0 || code !== 0) failAll(new Error(`event writer thread exited with code ${code}`));
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('online', resolve);
    worker.once('error', reject);
  });

  return {
    append(events) {
      if (events.length === 0) return Promise.resolve({ inserted: 0 });
      if (failure)
        return Promise.reject(new AppError('storage_unavailable', `Event writer failed: ${failure.message}`));
      const id = nextId++;
      const rows = events.map(eventToRow);
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, rows });
      });
    },
    async close() {
      if (failure) return;
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage('close');
      });
    },
  };
}
