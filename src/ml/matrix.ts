/**
 * A dense row-major matrix over a Float64Array: element (i, j) is `data[i * cols + j]`. A plain record, not a
 * class, so it crosses `worker_threads` (and `SharedArrayBuffer`) unchanged.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/** A matrix over `data` (not copied) or over a new zero-filled buffer. */
export function createMatrix(rows: number, cols: number, data?: Float64Array): Matrix {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new RangeError(`matrix shape must be non-negative integers, got ${rows} x ${cols}`);
  }
  const buffer = data ?? new Float64Array(rows * cols);
  if (buffer.length !== rows * cols) {
    throw new RangeError(`matrix ${rows} x ${cols} needs ${rows * cols} values, got ${buffer.length}`);
  }
  return { rows, cols, data: buffer };
}

/** Copies an array of equally long rows into a matrix. */
export function matrixFromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const m = createMatrix(rows.length, cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) throw new RangeError(`row ${i} has ${row.length} values, expected ${cols}`);
    m.data.set(row, i * cols);
  });
  return m;
}

/** The rows as plain arrays (for JSON and tests). */
export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Row `i` as a view into the matrix's buffer (writes go through). */
export function rowView(m: Matrix, i: number): Float64Array {
  if (!Number.isInteger(i) || i < 0 || i >= m.rows)
    throw new RangeError(`row ${i} out of range 0..${m.rows - 1}`);
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Copies the given rows, in the given order, into a new matrix. */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = createMatrix(indices.length, m.cols);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r]!;
    out.data.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), r * m.cols);
  }
  return out;
}

/** Throws when any value is NaN or infinite: every kernel here would silently turn one into garbage. */
export function assertFinite(m: Matrix, what = 'matrix'): void {
  const { data, cols } = m;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new RangeError(
        `${what} has a non-finite value at row ${Math.floor(i / cols)}, column ${i % cols}`,
      );
    }
  }
}

/** Mean of each column. */
export function columnMeans(m: Matrix): Float64Array {
  const { rows, cols, data } = m;
  const means = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const off = i * cols;
    for (let j = 0; j < cols; j++) means[j]! += data[off + j]!;
  }
  if (rows > 0) for (let j = 0; j < cols; j++) means[j]! /= rows;
  return means;
}

/** Squared Euclidean distance between row `i` of `a` and row `j` of `b` (both with `dim` columns). */
export function squaredDistance(a: Float64Array, i: number, b: Float64Array, j: number, dim: number): number {
  const ao = i * dim;
  const bo = j * dim;
  let s = 0;
  for (let t = 0; t < dim; t++) {
    const diff = a[ao + t]! - b[bo + t]!;
    s += diff * diff;
  }
  return s;
}
