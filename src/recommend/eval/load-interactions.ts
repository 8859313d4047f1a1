import { parse } from 'csv-parse/sync';
import { readText } from '../../ml/index.js';
import { AppError } from '../../shared/index.js';

export interface LoadInteractionsOptions {
  /** Field separator (default `,`; `\t` for TSV). */
  sep?: string;
  /** The first row names the columns (default true). Without one, columns are named by 0-based position. */
  header?: boolean;
  userCol: string;
  itemCol: string;
  /** Column of the interaction time (ISO 8601 or epoch seconds/milliseconds); needed by temporal splits. */
  timeCol?: string;
}

/** Interaction rows in file order (header excluded). */
export interface LoadedInteractions {
  users: string[];
  items: string[];
  /** Epoch ms per row, or null when no time column was named. */
  times: Float64Array | null;
  /** Every row, as read: for protocol presets that need more columns. */
  records: string[][];
  header: string[];
}

function invalid(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('invalid_training_data', message, details);
}

/** Delimited text into rows of strings (quotes honoured, BOM dropped). */
export function parseDelimited(text: string, file: string, sep: string): string[][] {
  try {
    return parse(text, {
      delimiter: sep,
      skip_empty_lines: true,
      bom: true,
      relax_quotes: true,
    }) as string[][];
  } catch (cause) {
    throw invalid(`${file} is not valid delimited text: ${(cause as Error).message}`, { file });
  }
}

/** ISO 8601 (a space between date and time is accepted, no zone = UTC) or epoch seconds / milliseconds. */
export function parseTime(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const n = Number(t);
    return n < 1e11 ? n * 1000 : n;
  }
  const iso = t.includes('T') || !t.includes(' ') ? t : t.replace(' ', 'T');
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) || !iso.includes('T') ? iso : `${iso}Z`;
  const ms = Date.parse(withZone.length === 10 ? `${withZone}T00:00:00Z` : withZone);
  return ms;
}

function columnAt(header: string[], name: string, file: string, hasHeader: boolean): number {
  const at = hasHeader ? header.indexOf(name) : Number(name);
  if (!Number.isInteger(at) || at < 0 || at >= header.length)
    throw invalid(
      hasHeader
        ? `no column ${JSON.stringify(name)} in ${file}`
        : `column ${JSON.stringify(name)}: without a header, name columns by 0-based position (0–${header.length - 1})`,
      { columns: header },
    );
  return at;
}

/** Reads user–item interactions from a delimited file (optionally gzipped). */
export function loadInteractions(file: string, options: LoadInteractionsOptions): LoadedInteractions {
  const sep = options.sep ?? ',';
  const hasHeader = options.header ?? true;
  const records = parseDelimited(readText(file), file, sep);
  const first = records[0];
  if (first === undefined) throw invalid(`${file} has no rows`, { file });
  const header = hasHeader ? first : first.map((_, i) => String(i));
  const rows = hasHeader ? records.slice(1) : records;
  if (rows.length === 0) throw invalid(`${file} has no data rows`, { file });
  const u = columnAt(header, options.userCol, file, hasHeader);
  const it = columnAt(header, options.itemCol, file, hasHeader);
  const tc = options.timeCol === undefined ? -1 : columnAt(header, options.timeCol, file, hasHeader);
  const users: string[] = new Array(rows.length);
  const items: string[] = new Array(rows.length);
  const times = tc < 0 ? null : new Float64Array(rows.length);
  rows.forEach((row, r) => {
    const line = r + (hasHeader ? 2 : 1);
    const user = row[u]?.trim() ?? '';
    const item = row[it]?.trim() ?? '';
    if (user === '' || item === '')
      throw invalid(`${file} line ${line}: empty ${user === '' ? 'user' : 'item'}`, { line });
    users[r] = user;
    items[r] = item;
    if (times) {
      const t = parseTime(row[tc] ?? '');
      if (!Number.isFinite(t))
        throw invalid(`${file} line ${line}: ${JSON.stringify(row[tc] ?? '')} is not a time`, { line });
      times[r] = t;
    }
  });
  return { users, items, times, records: rows, header };
}
