import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';

export interface RejectEntry {
  line: number;
  code: string;
  reason: string;
  row: unknown;
}

/** Writes rejected rows as JSONL. The file is created with the first reject only, and mode 0600: rows may hold PII. */
export interface RejectsWriter {
  write(entry: RejectEntry): Promise<void>;
  /** Closes the file; resolves to its path, or null when nothing was rejected. */
  close(): Promise<string | null>;
}

/** A rejected row is kept whole up to this size; beyond, a prefix of its JSON is kept. */
const MAX_ROW_JSON = 64 * 1024;

function serialize(entry: RejectEntry): string {
  let row = JSON.stringify(entry.row ?? null) ?? 'null';
  if (row.length > MAX_ROW_JSON) row = JSON.stringify({ truncated: true, json: row.slice(0, 1000) });
  return `{"line":${entry.line},"code":${JSON.stringify(entry.code)},"reason":${JSON.stringify(entry.reason)},"row":${row}}\n`;
}

export function createRejectsWriter(file: string): RejectsWriter {
  let stream: fs.WriteStream | null = null;
  let failure: Error | null = null;
  const open = (): fs.WriteStream => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const created = fs.createWriteStream(file, { flags: 'w', mode: 0o600 });
    created.on('error', (error) => {
      failure = error;
    });
    return created;
  };
  return {
    async write(entry) {
      if (failure) throw failure;
      stream ??= open();
      if (!stream.write(serialize(entry))) await once(stream, 'drain');
    },
    async close() {
      if (!stream) return null;
      const done = once(stream, 'finish');
      stream.end();
      await done;
      if (failure) throw failure;
      return file;
    },
  };
}
