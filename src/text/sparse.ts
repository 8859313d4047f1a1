/** Rows of sparse vectors in CSR form: row r's entries are `indices/values[indptr[r] .. indptr[r + 1])`. */
export interface SparseRows {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Builds CSR rows one at a time; each row's entries are sorted by column when the row is closed. */
export function createRowBuilder(cols: number): {
  add(col: number, value: number): void;
  endRow(): void;
  finish(): SparseRows;
} {
  let indices = new Int32Array(1024);
  let values = new Float32Array(1024);
  const indptr: number[] = [0];
  let nnz = 0;
  let rowStart = 0;
  const grow = () => {
    const i2 = new Int32Array(indices.length * 2);
    i2.set(indices);
    indices = i2;
    const v2 = new Float32Array(values.length * 2);
    v2.set(values);
    values = v2;
  };
  return {
    add(col, value) {
      if (nnz === indices.length) grow();
      indices[nnz] = col;
      values[nnz] = value;
      nnz++;
    },
    endRow() {
      sortRow(indices, values, rowStart, nnz);
      indptr.push(nnz);
      rowStart = nnz;
    },
    finish: () => ({
      rows: indptr.length - 1,
      cols,
      indptr: Int32Array.from(indptr),
      indices: indices.slice(0, nnz),
      values: values.slice(0, nnz),
    }),
  };
}

/** Insertion sort of one row's entries by column (rows are short). */
function sortRow(indices: Int32Array, values: Float32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const c = indices[i]!;
    const v = values[i]!;
    let j = i - 1;
    while (j >= from && indices[j]! > c) {
      indices[j + 1] = indices[j]!;
      values[j + 1] = values[j]!;
      j--;
    }
    indices[j + 1] = c;
    values[j + 1] = v;
  }
}
