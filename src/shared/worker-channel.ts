import { stat } from 'node:fs';
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { AppError } from './app-error.js';

/** What a worker sends back: a reply to one call, a failed call, or a notice nobody asked for. */
export type WorkerMessage<Res, Notice> =
  | { kind: 'reply'; id: number; value: Res }
  | { kind: 'failed'; id: number; error: string }
  | { kind: 'notice'; notice: Notice };

/** What the owner sends: a call (answered once), a one-way message, or `close`. */
export type OwnerMessage<Req, Msg> =
  { kind: 'call'; id: number; request: Req } | { kind: 'tell'; message: Msg } | { kind: 'close' };

export interface WorkerChannel<Req, Res, Msg> {
  call(request: Req): Promise<Res>;
  tell(message: Msg): void;
  /** Asks the worker to close and waits until its thread has exited. */
  close(): Promise<void>;
  /** Stops the thread at once, mid-call if need be (calls in flight fail); for shutting down long jobs. */
  terminate(): Promise<void>;
}

/**
 * A worker module next to `callerUrl` (pass `import.meta.url`) named `name`. From the built `dist/` the worker is
 * plain JavaScript; from TypeScript sources (tsx, vitest) a tiny bootstrap registers tsx's loader inside the
 * worker first, because Node 20 does not pass `--import` on to worker threads.
 */
export interface WorkerModule {
  callerUrl: string;
  name: string;
}

let threadPoolStarted = false;

/**
 * libuv starts the process's one thread pool (file system, crypto, zlib, DNS) on its first use, from whichever thread
 * uses it first, and its threads inherit that thread's nice value. Background threads lower their own priority
 * (lowerThreadPriority), so the main thread starts the pool before it starts any of them.
 */
function startThreadPool(): void {
  if (threadPoolStarted || !isMainThread) return;
  threadPoolStarted = true;
  stat('.', () => {});
}

function spawn({ callerUrl, name }: WorkerModule, workerData: unknown): Worker {
  startThreadPool();
  if (!callerUrl.endsWith('.ts')) return new Worker(new URL(`./${name}.js`, callerUrl), { workerData });
  const target = new URL(`./${name}.ts`, callerUrl).href;
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(target)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/**
 * The owner's side of a request/reply channel to a worker thread. Once the worker dies or errors, every call in
 * flight and every later call fails with `storage_unavailable`, naming what broke.
 */
export async function openWorkerChannel<Req, Res, Msg, Notice>(
  module: WorkerModule,
  workerData: unknown,
  onNotice: (notice: Notice) => void = () => {},
): Promise<WorkerChannel<Req, Res, Msg>> {
  const { name } = module;
  const worker = spawn(module, workerData);
  const pending = new Map<number, { resolve(v: Res): void; reject(e: unknown): void }>();
  let nextId = 0;
  let failure: Error | null = null;
  let closing = false;

  const unavailable = (why: string, cause?: unknown) =>
    new AppError('storage_unavailable', `${name}: ${why}`, undefined, cause ? { cause } : undefined);
  const failAll = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(unavailable(failure.message, failure));
    pending.clear();
  };

  worker.on('message', (message: WorkerMessage<Res, Notice>) => {
    if (message.kind === 'notice') {
      onNotice(message.notice);
      return;
    }
    const p = pending.get(message.id);
    if (!p) return;
    pending.delete(message.id);
    if (message.kind === 'failed') p.reject(unavailable(message.error));
    else p.resolve(message.value);
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => {
    if (!closing || pending.size > 0) failAll(new Error(`thread exited with code ${code}`));
  });
  await new Promise<void>((resolve, reject) => {
    worker.once('online', resolve);
    worker.once('error', reject);
  });

  return {
    call(request) {
      if (failure) return Promise.reject(unavailable(failure.message, failure));
      if (closing) return Promise.reject(unavailable('closed'));
      const id = nextId++;
      return new Promise<Res>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ kind: 'call', id, request } satisfies OwnerMessage<Req, Msg>);
      });
    },
    tell(message) {
      if (!failure) worker.postMessage({ kind: 'tell', message } satisfies OwnerMessage<Req, Msg>);
    },
    async close() {
      if (closing) return;
      closing = true;
      if (failure) {
        await worker.terminate();
        return;
      }
      await new Promise<void>((resolve) => {
        worker.once('exit', () => resolve());
        worker.postMessage({ kind: 'close' } satisfies OwnerMessage<Req, Msg>);
      });
    },
    async terminate() {
      closing = true;
      await worker.terminate();
    },
  };
}

/** The worker's side: answers calls with `handle` (sync or async), passes one-way messages to `onTell`. */
export function serveWorkerChannel<Req, Res, Msg, Notice>(handlers: {
  handle(request: Req): Res | Promise<Res>;
  onTell?(message: Msg): void;
  onClose(): void | Promise<void>;
}): { notify(notice: Notice): void } {
  const port = parentPort;
  if (!port) throw new Error('this module must run in a worker thread');
  const send = (message: WorkerMessage<Res, Notice>) => port.postMessage(message);
  port.on('message', (message: OwnerMessage<Req, Msg>) => {
    if (message.kind === 'close') {
      void Promise.resolve(handlers.onClose()).finally(() => port.close());
      return;
    }
    if (message.kind === 'tell') {
      handlers.onTell?.(message.message);
      return;
    }
    const { id } = message;
    try {
      const result = handlers.handle(message.request);
      if (result instanceof Promise)
        result.then(
          (value) => send({ kind: 'reply', id, value }),
          (error: unknown) => send({ kind: 'failed', id, error: describe(error) }),
        );
      else send({ kind: 'reply', id, value: result });
    } catch (error) {
      send({ kind: 'failed', id, error: describe(error) });
    }
  });
  return { notify: (notice) => send({ kind: 'notice', notice }) };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
