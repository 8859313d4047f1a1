import { assertFinite, columnMeans, createMatrix, type Matrix } from './matrix.js';

export interface ColumnStats {
  mean: Float64Array;
  /** Population standard deviation (n denominator, as scikit-learn's StandardScaler); 0 for a constant column. */
  sd: Float64Array;
}

/** Mean and population standard deviation of each column (two passes, so no cancellation on large offsets). */
export function columnStats(data: Matrix): ColumnStats {
  const { rows: n, cols: d, data: x } = data;
  const mean = columnMeans(data);
  const sd = new Float64Array(d);
  const constant = new Uint8Array(d).fill(1);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      const diff = v - mean[j]!;
      sd[j]! += diff * diff;
      if (v !== x[j]) constant[j] = 0;
    }
  }
  // A constant column's computed mean can be off by an ulp, which would leave a spurious sd of ~1e-17.
  for (let j = 0; j < d; j++) sd[j] = n > 0 && constant[j] === 0 ? Math.sqrt(sd[j]! / n) : 0;
  return { mean, sd };
}

/** Z-scores per column: (x − mean) / sd; a constant column becomes all zeros. Returns the stats to reuse. */
export function standardize(data: Matrix): ColumnStats & { data: Matrix } {
  assertFinite(data, 'standardize data');
  const stats = columnStats(data);
  return { ...stats, data: applyStandardize(data, stats) };
}

/** Applies fitted column stats to (new) rows. */
export function applyStandardize(data: Matrix, stats: ColumnStats): Matrix {
  const { rows: n, cols: d, data: x } = data;
  if (stats.mean.length !== d) throw new RangeError(`stats have ${stats.mean.length} columns, data has ${d}`);
  const out = createMatrix(n, d);
  const z = out.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const sd = stats.sd[j]!;
      z[i * d + j] = sd > 0 ? (x[i * d + j]! - stats.mean[j]!) / sd : 0;
    }
  }
  return out;
}
