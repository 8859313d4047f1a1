import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/index.js';
import { createLogger, createRuntime, startServer } from '../../../src/server/index.js';

export interface TestServer {
  baseUrl: string;
  dataDir: string;
  writeKey: string;
  readKey: string;
  adminKey: string;
  loginUrl(): Promise<string>;
  close(): Promise<void>;
}

/** A real server on an ephemeral port over a fresh SQLite data directory, with one key of each scope. */
export async function startTestServer(
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-e2e-'));
  const config = loadConfig({
    RAPPORT_DATA_DIR: dataDir,
    RAPPORT_LOG_LEVEL: 'silent',
    RAPPORT_SQLITE_SYNCHRONOUS: 'normal',
    ...options.env,
  });
  const runtime = await createRuntime(config, createLogger('silent'));
  const server = await startServer(runtime, { host: '127.0.0.1', port: 0 });
  const key = async (scope: 'write' | 'read' | 'admin') =>
    (await runtime.access.createKey({ scope, name: `e2e-${scope}` })).key;
  const [writeKey, readKey, adminKey] = [await key('write'), await key('read'), await key('admin')];
  return {
    baseUrl: server.url,
    dataDir,
    writeKey,
    readKey,
    adminKey,
    loginUrl: async () => `${server.url}/login?token=${await runtime.access.createLoginToken()}`,
    async close() {
      await server.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
