import { createMatrix, type Matrix } from './matrix.js';
import { mlInputError } from './validate.js';

/** One column of a table: numbers (NaN = missing) or category labels (null = missing). */
export type TabularColumn =
  | { name: string; kind: 'numeric'; values: Float64Array }
  | { name: string; kind: 'categorical'; values: readonly (string | null)[] };

export interface Tabular {
  rows: number;
  columns: readonly TabularColumn[];
}

/** What was learned from the training rows, and applied unchanged to any later rows (plain JSON). */
export type ColumnFit =
  | { name: string; kind: 'numeric'; mean: number; sd: number; missing: boolean }
  | { name: string; kind: 'categorical'; categories: string[] };

export interface TabularFit {
  columns: ColumnFit[];
}

export interface FitOptions {
  /** Most frequent categories kept per categorical column (the rest share "other"). Default 254. */
  maxCategories?: number;
}

/** Rows in `rows` (all when undefined). */
function* indices(n: number, rows: ArrayLike<number> | undefined): Generator<number> {
  if (rows === undefined) for (let i = 0; i < n; i++) yield i;
  else for (let k = 0; k < rows.length; k++) yield rows[k] as number;
}

/**
 * Learns the encoding from the training rows only: mean and population sd of numeric columns (over their
 * non-missing values), whether they have missing values, and the categories of categorical columns (most frequent
 * first, ties by name).
 */
export function fitTabular(data: Tabular, rows?: ArrayLike<number>, options: FitOptions = {}): TabularFit {
  if (data.columns.length === 0) throw mlInputError('empty_input', 'the table has no feature columns');
  const maxCategories = options.maxCategories ?? 254;
  const columns = data.columns.map((c): ColumnFit => {
    if (c.kind === 'numeric') {
      let n = 0;
      let sum = 0;
      let sumSq = 0;
      let missing = false;
      for (const i of indices(data.rows, rows)) {
        const v = c.values[i] as number;
        if (Number.isNaN(v)) missing = true;
        else {
          n++;
          sum += v;
          sumSq += v * v;
        }
      }
      const mean = n === 0 ? 0 : sum / n;
      const variance = n === 0 ? 0 : Math.max(0, sumSq / n - mean * mean);
      return { name: c.name, kind: 'numeric', mean, sd: Math.sqrt(variance), missing };
    }
    const counts = new Map<string, number>();
    for (const i of indices(data.rows, rows)) {
      const v = c.values[i];
      if (v !== null && v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const categories = [...counts]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, maxCategories)
      .map(([k]) => k);
    return { name: c.name, kind: 'categorical', categories };
  });
  return { columns };
}

function columnsMatch(fit: TabularFit, data: Tabular): void {
  if (fit.columns.length !== data.columns.length)
    throw mlInputError(
      'length_mismatch',
      `the fit has ${fit.columns.length} columns, the data ${data.columns.length}`,
    );
  fit.columns.forEach((f, j) => {
    const c = data.columns[j] as TabularColumn;
    if (c.name !== f.name || c.kind !== f.kind)
      throw mlInputError(
        'invalid_option',
        `column ${j} is ${c.kind} ${c.name}, the fit expects ${f.kind} ${f.name}`,
      );
  });
}

/**
 * Names of the linear encoding's columns: each numeric column (standardised), `name=missing` after a numeric column
 * that had missing values in training, and one `name=category` indicator per kept category.
 */
export function linearColumnNames(fit: TabularFit): string[] {
  const names: string[] = [];
  for (const f of fit.columns) {
    if (f.kind === 'numeric') {
      names.push(f.name);
      if (f.missing) names.push(`${f.name}=missing`);
    } else for (const c of f.categories) names.push(`${f.name}=${c}`);
  }
  return names;
}

/**
 * The encoding linear models need: numeric columns standardised with the training mean and sd (a constant column
 * becomes 0), missing values set to the training mean (0 after standardising) with an indicator column, and
 * categories one-hot (unseen or missing: all indicators 0).
 */
export function encodeLinear(fit: TabularFit, data: Tabular, rows?: ArrayLike<number>): Matrix {
  columnsMatch(fit, data);
  const n = rows === undefined ? data.rows : rows.length;
  const width = linearColumnNames(fit).length;
  const out = createMatrix(n, width);
  const x = out.data;
  let offset = 0;
  fit.columns.forEach((f, j) => {
    const c = data.columns[j] as TabularColumn;
    if (f.kind === 'numeric' && c.kind === 'numeric') {
      const scale = f.sd > 0 ? 1 / f.sd : 0;
      let r = 0;
      for (const i of indices(data.rows, rows)) {
        const v = c.values[i] as number;
        const missing = Number.isNaN(v);
        x[r * width + offset] = missing ? 0 : (v - f.mean) * scale;
        if (f.missing) x[r * width + offset + 1] = missing ? 1 : 0;
        r++;
      }
      offset += f.missing ? 2 : 1;
    } else if (f.kind === 'categorical' && c.kind === 'categorical') {
      const position = new Map(f.categories.map((k, p) => [k, p]));
      let r = 0;
      for (const i of indices(data.rows, rows)) {
        const v = c.values[i];
        const p = v === null || v === undefined ? undefined : position.get(v);
        if (p !== undefined) x[r * width + offset + p] = 1;
        r++;
      }
      offset += f.categories.length;
    }
  });
  return out;
}

/** Positions of the categorical columns in the tree encoding. */
export function categoricalIndices(fit: TabularFit): number[] {
  return fit.columns.flatMap((f, j) => (f.kind === 'categorical' ? [j] : []));
}

/**
 * The encoding trees need: numeric values as they are (NaN = missing), categories as their index in the training
 * categories (unseen or missing: -1, which the trees treat as "other"). Returns the categorical column indices.
 */
export function encodeTrees(
  fit: TabularFit,
  data: Tabular,
  rows?: ArrayLike<number>,
): { x: Matrix; categorical: number[] } {
  columnsMatch(fit, data);
  const n = rows === undefined ? data.rows : rows.length;
  const width = fit.columns.length;
  const out = createMatrix(n, width);
  const x = out.data;
  const categorical: number[] = [];
  fit.columns.forEach((f, j) => {
    const c = data.columns[j] as TabularColumn;
    if (f.kind === 'categorical') categorical.push(j);
    const position = f.kind === 'categorical' ? new Map(f.categories.map((k, p) => [k, p])) : null;
    let r = 0;
    for (const i of indices(data.rows, rows)) {
      if (c.kind === 'numeric') x[r * width + j] = c.values[i] as number;
      else {
        const v = c.values[i];
        x[r * width + j] = (v === null || v === undefined ? undefined : position?.get(v)) ?? -1;
      }
      r++;
    }
  });
  return { x: out, categorical };
}
