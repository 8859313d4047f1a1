import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/index.js';
import { createApp, createLogger, createRuntime, type Runtime } from '../../src/server/index.js';
import type { Clock } from '../../src/shared/index.js';

export interface TestApp {
  app: FastifyInstance;
  runtime: Runtime;
  keys: { write: string; read: string; admin: string };
  basic(key: string): { authorization: string };
  bearer(key: string): { authorization: string };
  close(): Promise<void>;
}

/** The real app over a fresh SQLite database in a temp directory, for `app.inject()` tests. */
export async function createTestApp(
  options: { env?: Record<string, string>; clock?: Clock } = {},
): Promise<TestApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-test-'));
  const config = loadConfig({
    RAPPORT_DATA_DIR: dir,
    RAPPORT_LOG_LEVEL: 'silent',
    RAPPORT_SQLITE_SYNCHRONOUS: 'normal',
    // A thread per app would cost each test a second of loading TypeScript sources; the live tests run both modes.
    RAPPORT_PROFILES_LIVE_THREAD: 'false',
    // Likewise for the threads of a split rebuild; their own tests turn them on.
    RAPPORT_PROFILES_BUILD_THREADS: '1',
    ...options.env,
  });
  const runtime = await createRuntime(
    config,
    createLogger('silent'),
    options.clock ? { clock: options.clock } : {},
  );
  const app = await createApp(runtime);
  const key = async (scope: 'write' | 'read' | 'admin') => (await runtime.access.createKey({ scope })).key;
  const keys = { write: await key('write'), read: await key('read'), admin: await key('admin') };
  return {
    app,
    runtime,
    keys,
    basic: (k) => ({ authorization: `Basic ${Buffer.from(`${k}:`).toString('base64')}` }),
    bearer: (k) => ({ authorization: `Bearer ${k}` }),
    async close() {
      await app.close();
      await runtime.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The two ways `/v1/batch` bodies are prepared; route tests run under both. */
export const batchModes = [
  { name: 'batches prepared on the event loop', env: { RAPPORT_INGEST_WORKERS: '0' } },
  {
    name: 'batches prepared by a worker thread',
    env: { RAPPORT_INGEST_WORKERS: '1', RAPPORT_INGEST_WORKER_MIN_BYTES: '0' },
  },
];
