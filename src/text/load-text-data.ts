import { parse } from 'csv-parse/sync';
import { readText } from '../ml/index.js';
import { AppError } from '../shared/index.js';

/** A labelled text file read for training or evaluation. */
export interface TextData {
  texts: string[];
  labels: string[];
}

export type TextFormat = 'csv' | 'tsv' | 'jsonl';

export interface TextDataOptions {
  format: TextFormat;
  /** Field separator of csv/tsv (default `,` for csv, tab for tsv). */
  sep?: string;
  /** False: no header row; columns are then 1-based numbers. */
  header: boolean;
  /** Column (header name, or 1-based number) or JSON field of the text. */
  textCol: string;
  labelCol: string;
}

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new AppError('invalid_training_data', message, details);

/** Format from the file name: .jsonl/.ndjson, .tsv/.txt, else csv (a trailing .gz is ignored). */
export function formatOf(file: string): TextFormat {
  const name = file.toLowerCase().replace(/\.gz$/u, '');
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.tsv') || name.endsWith('.txt')) return 'tsv';
  return 'csv';
}

function columnIndex(header: readonly string[] | null, col: string, file: string): number {
  if (header !== null) {
    const at = header.indexOf(col);
    if (at >= 0) return at;
    if (!/^\d+$/u.test(col))
      throw invalid(`no column ${JSON.stringify(col)} in ${file}`, { columns: header });
  }
  const n = Number(col);
  if (!/^\d+$/u.test(col) || n < 1)
    throw invalid(`without a header row, columns are numbers from 1: got ${JSON.stringify(col)}`);
  return n - 1;
}

/**
 * Splits delimited lines without quote handling: lines on `\n` only, fields on `sep`. A line with more fields than
 * the header (without a header: than the columns used) has separators inside its text: they stay in the text
 * column (for two columns, text then label, each line splits on its last separator).
 */
function splitLines(text: string, sep: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split(sep));
}

function fromRows(rows: string[][], header: string[] | null, o: TextDataOptions, file: string): TextData {
  const t = columnIndex(header, o.textCol, file);
  const l = columnIndex(header, o.labelCol, file);
  if (t === l) throw invalid('the text and label columns are the same column');
  // With a header, a row has the header's columns; without one, at least the columns used.
  const width = Math.max(t, l, (header?.length ?? 0) - 1) + 1;
  const texts: string[] = [];
  const labels: string[] = [];
  rows.forEach((fields, i) => {
    const line = i + (header === null ? 1 : 2);
    if (fields.length < width)
      throw invalid(`${file} line ${line}: ${fields.length} fields, expected at least ${width}`, { line });
    let f = fields;
    if (fields.length > width && o.format === 'tsv') {
      // Surplus separators belong to the text: fold them back into it.
      const extra = fields.length - width;
      const sep = o.sep ?? '\t';
      f = [...fields];
      f.splice(t, extra + 1, fields.slice(t, t + extra + 1).join(sep));
    }
    const label = (f[l] as string).trim();
    if (label === '') throw invalid(`${file} line ${line}: the label is empty`, { line });
    texts.push(f[t] as string);
    labels.push(label);
  });
  return { texts, labels };
}

function fromJsonl(text: string, o: TextDataOptions, file: string): TextData {
  const texts: string[] = [];
  const labels: string[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw invalid(`${file} line ${i + 1} is not valid JSON`, { line: i + 1 });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw invalid(`${file} line ${i + 1} is not a JSON object`, { line: i + 1 });
    const record = value as Record<string, unknown>;
    const t = record[o.textCol];
    const l = record[o.labelCol];
    if (typeof t !== 'string')
      throw invalid(`${file} line ${i + 1}: ${o.textCol} is not a string`, { line: i + 1 });
    if ((typeof l !== 'string' && typeof l !== 'number' && typeof l !== 'boolean') || String(l).trim() === '')
      throw invalid(`${file} line ${i + 1}: ${o.labelCol} is missing or not a string, number or boolean`, {
        line: i + 1,
      });
    texts.push(t);
    labels.push(String(l).trim());
  });
  return { texts, labels };
}

/** Reads labelled texts from a CSV (quote-aware), TSV (no quoting) or JSON-lines file, optionally gzipped. */
export function loadTextData(file: string, o: TextDataOptions): TextData {
  const text = readText(file).replace(/^\uFEFF/u, '');
  let data: TextData;
  if (o.format === 'jsonl') data = fromJsonl(text, o, file);
  else if (o.format === 'tsv') {
    const rows = splitLines(text, o.sep ?? '\t');
    const header = o.header ? (rows.shift() ?? []).map((h) => h.trim()) : null;
    data = fromRows(rows, header, o, file);
  } else {
    let rows: string[][];
    try {
      rows = parse(text, {
        delimiter: o.sep ?? ',',
        relax_column_count: true,
        skip_empty_lines: true,
      }) as string[][];
    } catch (cause) {
      throw invalid(`${file} is not valid CSV: ${(cause as Error).message}`, { file });
    }
    const header = o.header ? (rows.shift() ?? []).map((h) => h.trim()) : null;
    data = fromRows(rows, header, o, file);
  }
  if (data.texts.length === 0) throw invalid(`${file} holds no labelled rows`, { file });
  return data;
}
