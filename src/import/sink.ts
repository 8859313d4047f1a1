import type { MappedRow } from './row-mapper.js';
import type { RowIssue } from './field-reader.js';
import type { ImportDeps } from './types.js';
import type { CustomerDirectory } from './customer-directory.js';
import type { ProductDirectory } from './product-directory.js';
import type { ImportPreset } from './presets.js';

/** A row rejected only when its batch was written (events the ingestor refused). */
export interface LateReject {
  line: number;
  code: string;
  reason: string;
  row: unknown;
}

export interface SinkSummary {
  inserted: number;
  updated: number;
  unchanged: number;
  details: Record<string, number>;
}

/** Turns mapped rows of one import type into records and writes them in batches. */
export interface RowSink {
  /** Validates one row and buffers it; a problem is returned, never thrown. */
  add(row: MappedRow, line: number, raw: unknown): RowIssue | null;
  /** Enough rows wait for a write. */
  readonly full: boolean;
  /** Writes what is ready, everything when `final`; resolves once it is durable. */
  flush(final: boolean): Promise<LateReject[]>;
  summary(): SinkSummary;
}

export interface SinkContext {
  deps: ImportDeps;
  batchSize: number;
  source: string;
  /** `import:<file name>`, where dead letters say they came from. */
  origin: string;
  /**
   * Time for records whose row has none (a product without created_at): the file's modification time, so
   * re-importing the same file gives the same records. The clock is never used for data times.
   */
  fallbackTime: number;
  preset: ImportPreset | null;
  customers: CustomerDirectory;
  products: ProductDirectory;
}

/** Counts of one upsert into the running totals; records sent but neither inserted nor updated were unchanged. */
export function tally(
  total: { inserted: number; updated: number; unchanged: number },
  sent: number,
  result: { inserted: number; updated: number },
): void {
  total.inserted += result.inserted;
  total.updated += result.updated;
  total.unchanged += sent - result.inserted - result.updated;
}
