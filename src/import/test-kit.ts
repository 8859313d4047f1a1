import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { openStores, type Stores } from '../adapters/index.js';
import { appendChunksTo, createGroupCommitter, createIngestor } from '../ingest/index.js';
import { createFieldCipher, type FieldCipher } from '../privacy/index.js';
import { fixedClock } from '../shared/index.js';
import { importFile } from './import-file.js';
import type { ImportDeps, ImportOptions, ImportReport } from './types.js';

/** Test support (not a test): an import over a fresh SQLite database in a temp directory. */
export interface ImportHarness {
  dir: string;
  stores: Stores;
  cipher: FieldCipher;
  deps: ImportDeps;
  /** Writes a fixture file into the temp directory; `.gz` names are gzipped. */
  write(name: string, content: string | Buffer): string;
  run(options: Omit<ImportOptions, 'rejectsDir'> & { rejectsDir?: string }): Promise<ImportReport>;
  rejects(report: ImportReport): { line: number; code: string; reason: string; row: unknown }[];
  close(): Promise<void>;
}

export const TEST_NOW = Date.UTC(2026, 10, 1);

export async function createHarness(): Promise<ImportHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-import-'));
  const stores = await openStores({ kind: 'sqlite', file: path.join(dir, 'test.db'), synchronous: 'normal' });
  const cipher = createFieldCipher(randomBytes(32));
  const clock = fixedClock(TEST_NOW);
  const committer = createGroupCommitter(appendChunksTo(stores.events), {
    maxBatch: 5_000,
    maxWaitMs: 0,
  });
  const ingestor = createIngestor({
    committer,
    deadLetters: stores.deadLetters,
    cipher,
    clock,
    maxEventBytes: 32 * 1024,
  });
  const deps: ImportDeps = { stores, ingestor, cipher, clock };
  return {
    dir,
    stores,
    cipher,
    deps,
    write(name, content) {
      const file = path.join(dir, name);
      fs.writeFileSync(file, name.endsWith('.gz') ? zlib.gzipSync(content) : content);
      return file;
    },
    run: (options) => importFile({ rejectsDir: dir, ...options }, deps),
    rejects(report) {
      if (report.rejectsFile === null) return [];
      return fs
        .readFileSync(report.rejectsFile, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as { line: number; code: string; reason: string; row: unknown });
    },
    async close() {
      await committer.drain();
      await stores.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** JSONL text of some rows. */
export function jsonl(rows: readonly unknown[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}
