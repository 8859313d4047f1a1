import { createFieldReader, type FieldReader } from './field-reader.js';
import { parseImportTime } from './parse-time.js';
import type { MappedRow } from './row-mapper.js';
import { tally, type RowSink } from './sink.js';

export interface KeyedSinkOptions<T> {
  batchSize: number;
  /** The record of one row, or null with the reader holding the issue. */
  build(row: MappedRow, reader: FieldReader): T | null;
  key(record: T): string;
  /** Writes one batch of distinct records; resolves when durable. */
  write(records: T[]): Promise<{ inserted: number; updated: number }>;
  details?(): Record<string, number>;
}

/**
 * The sink of record types keyed by id (products, reviews, …): rows become records, a batch holds each id once
 * (the file's last row for it wins), and each batch is one upsert.
 */
export function createKeyedSink<T>(options: KeyedSinkOptions<T>): RowSink {
  let batch = new Map<string, T>();
  const total = { inserted: 0, updated: 0, unchanged: 0 };
  return {
    add(row) {
      const reader = createFieldReader(row.fields, parseImportTime);
      const record = options.build(row, reader);
      if (reader.issue !== null || record === null)
        return reader.issue ?? { code: 'invalid_value', reason: 'the row holds no record' };
      const key = options.key(record);
      batch.delete(key); // keep file order: a repeated id moves to the end
      batch.set(key, record);
      return null;
    },
    get full() {
      return batch.size >= options.batchSize;
    },
    async flush() {
      if (batch.size === 0) return [];
      const records = [...batch.values()];
      batch = new Map();
      tally(total, records.length, await options.write(records));
      return [];
    },
    summary() {
      return { ...total, details: options.details?.() ?? {} };
    },
  };
}
