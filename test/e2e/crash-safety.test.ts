import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createLogger, createRuntime } from '../../src/server/index.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Starts `src/server/main.ts` in its own process and resolves with its URL once it listens. */
function startServer(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/server/main.ts')], {
    cwd: root,
    env: { ...process.env, RAPPORT_DATA_DIR: dataDir, RAPPORT_PORT: '0', RAPPORT_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 30 s')), 30_000);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.msg === 'rapport listening' && entry.url) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve({ child, url: entry.url });
        }
      } catch {
        // not a log line
      }
    });
  });
}

describe('crash safety', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-crash-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('every event acknowledged before a SIGKILL is stored exactly once after restart', async () => {
    const runtime = await createRuntime(
      loadConfig({ RAPPORT_DATA_DIR: dataDir, RAPPORT_LOG_LEVEL: 'silent' }),
      createLogger('silent'),
    );
    const { key } = await runtime.access.createKey({ scope: 'write' });
    await runtime.close();

    const acked = new Set<string>();
    let attempted = 0;
    let failed = 0;

    /** Streams batches from several concurrent clients until told to stop; retries are not made, so a failure stays unacked. */
    const stream = (url: string, label: string, stopAfterMs: number) => {
      const deadline = Date.now() + stopAfterMs;
      const worker = async (w: number) => {
        for (let i = 0; Date.now() < deadline; i++) {
          const ids = Array.from({ length: 20 }, (_, j) => `${label}-${w}-${i}-${j}`);
          attempted += ids.length;
          try {
            const res = await fetch(`${url}/v1/batch`, {
              method: 'POST',
              headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
              body: JSON.stringify({
                batch: ids.map((messageId) => ({
                  type: 'track',
                  userId: `u${w}`,
                  event: 'Crash Test',
                  messageId,
                })),
              }),
            });
            if (res.status === 200) for (const id of ids) acked.add(id);
            else failed += ids.length;
          } catch {
            failed += ids.length;
            return;
          }
        }
      };
      return Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    };

    const first = await startServer(dataDir);
    children.push(first.child);
    const load = stream(first.url, 'a', 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    first.child.kill('SIGKILL');
    await load;
    const ackedBeforeKill = acked.size;
    expect(ackedBeforeKill).toBeGreaterThan(100);
    expect(failed).toBeGreaterThan(0);

    const second = await startServer(dataDir);
    children.push(second.child);
    await stream(second.url, 'b', 500);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));

    const db = new Database(path.join(dataDir, 'rapport.db'), { readonly: true });
    const rows = db
      .prepare('SELECT message_id AS id, COUNT(*) AS n FROM events GROUP BY message_id')
      .all() as { id: string; n: number }[];
    db.close();
    const stored = new Map(rows.map((r) => [r.id, r.n]));
    const missing = [...acked].filter((id) => !stored.has(id));
    expect(missing).toEqual([]);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(stored.size).toBeGreaterThanOrEqual(acked.size);
    expect(stored.size).toBeLessThanOrEqual(attempted);
  });
});
