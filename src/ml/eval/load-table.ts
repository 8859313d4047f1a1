import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../shared/index.js';
import type { Tabular, TabularColumn } from '../tabular.js';

export interface LoadTableOptions {
  /** Field separator (default `,`). */
  sep?: string;
  target: string;
  /** The target value that counts as the positive class. */
  positive: string;
  drop?: readonly string[];
  /** Columns read as categories even when every value is a number. */
  categorical?: readonly string[];
}

export interface LoadedTable {
  table: Tabular;
  /** 1 where the target equals `positive`, else 0. */
  y: Uint8Array;
  header: string[];
}

/** Empty cells and the usual spellings of "not available" are missing values. */
const MISSING = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL']);

function invalid(message: string, details: Record<string, unknown> = {}): AppError {
  return new AppError('invalid_training_data', message, details);
}

/** A data file's text, gunzipped when it ends in `.gz`; unreadable files are `invalid_training_data`. */
export function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (cause) {
    throw invalid(`cannot read ${file}: ${(cause as Error).message}`, { file });
  }
  if (file.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch (cause) {
      throw invalid(`${file} is not a valid gzip file: ${(cause as Error).message}`, { file });
    }
  }
  return bytes.toString('utf8');
}

/**
 * Reads a delimited text file (optionally gzipped) with a header row into feature columns and a binary target.
 * A column is numeric when all its present values are numbers; a column of mostly numbers with a few other values
 * is refused (garbage in a numeric column) unless it is named in `categorical`; anything else is categorical.
 */
export function loadTable(file: string, options: LoadTableOptions): LoadedTable {
  const text = readText(file);
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: options.sep ?? ',',
      relax_column_count: false,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    }) as string[][];
  } catch (cause) {
    throw invalid(`${file} is not valid delimited text: ${(cause as Error).message}`, { file });
  }
  const [header, ...rows] = records;
  if (header === undefined || rows.length === 0) throw invalid(`${file} has no data rows`, { file });
  const duplicate = header.find((h, i) => header.indexOf(h) !== i);
  if (duplicate !== undefined) throw invalid(`column ${JSON.stringify(duplicate)} appears twice`);
  const targetAt = header.indexOf(options.target);
  if (targetAt < 0)
    throw new AppError('invalid_target', `no column ${JSON.stringify(options.target)} in ${file}`, {
      columns: header,
    });
  for (const name of [...(options.drop ?? []), ...(options.categorical ?? [])])
    if (!header.includes(name))
      throw invalid(`no column ${JSON.stringify(name)} in ${file}`, { columns: header });

  const y = new Uint8Array(rows.length);
  let positives = 0;
  rows.forEach((r, i) => {
    const hit = r[targetAt] === options.positive ? 1 : 0;
    y[i] = hit;
    positives += hit;
  });
  if (positives === 0 || positives === rows.length)
    throw new AppError(
      'invalid_target',
      positives === 0
        ? `no row has ${options.target} = ${JSON.stringify(options.positive)}`
        : `every row has ${options.target} = ${JSON.stringify(options.positive)}: the target is constant`,
      { positives, rows: rows.length },
    );

  const drop = new Set([...(options.drop ?? []), options.target]);
  const forced = new Set(options.categorical ?? []);
  const columns: TabularColumn[] = [];
  header.forEach((name, j) => {
    if (drop.has(name)) return;
    const cells = rows.map((r) => r[j] as string);
    if (!forced.has(name)) {
      const numbers = new Float64Array(rows.length);
      let present = 0;
      let numeric = 0;
      let firstBad = -1;
      cells.forEach((cell, i) => {
        if (MISSING.has(cell)) {
          numbers[i] = NaN;
          return;
        }
        present++;
        const v = Number(cell);
        if (Number.isFinite(v)) {
          numbers[i] = v;
          numeric++;
        } else if (firstBad < 0) firstBad = i;
      });
      if (present > 0 && numeric === present) {
        columns.push({ name, kind: 'numeric', values: numbers });
        return;
      }
      if (numeric >= present / 2 && firstBad >= 0)
        throw invalid(
          `column ${JSON.stringify(name)} holds numbers and the non-numeric value ${JSON.stringify(cells[firstBad])} ` +
            `(data row ${firstBad + 1}); clean it or pass --categorical ${name}`,
          { column: name, row: firstBad + 1 },
        );
    }
    columns.push({ name, kind: 'categorical', values: cells.map((c) => (MISSING.has(c) ? null : c)) });
  });
  if (columns.length === 0) throw invalid('no feature columns are left after --drop and the target');
  return { table: { rows: rows.length, columns }, y, header };
}
