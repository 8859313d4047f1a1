import type { InteractionMatrix } from './types.js';
import { checkCount, recommendInputError } from './validate.js';

/** A matrix built from (row, col, weight) triples, and where each triple went. */
export interface BuiltMatrix {
  readonly matrix: InteractionMatrix;
  /**
   * For each input triple, the index of the matrix entry it was summed into: aggregate any other per-triple value
   * (a timestamp, say) the same way, e.g. with `maxPerEntry`.
   */
  readonly entryOf: Int32Array;
}

/**
 * A users × items CSR matrix from coordinate triples: duplicate (user, item) pairs are summed into one entry, columns
 * ascend within each row. Weights default to 1 per triple. Two counting sorts (by item, then stably by user), so
 * O(triples + users + items).
 */
export function buildMatrixWithEntries(
  users: number,
  items: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  weights?: ArrayLike<number>,
): BuiltMatrix {
  checkCount('users', users);
  checkCount('items', items);
  const m = rows.length;
  if (cols.length !== m || (weights !== undefined && weights.length !== m)) {
    throw recommendInputError('length_mismatch', 'rows, cols and weights must be equally long', {
      lengths: [m, cols.length, weights?.length ?? m],
    });
  }
  checkIndexes('rows', rows, users);
  checkIndexes('cols', cols, items);
  if (weights !== undefined) {
    for (let t = 0; t < m; t++) {
      if (!Number.isFinite(weights[t]!)) {
        throw recommendInputError('not_finite', `weight ${weights[t]} at index ${t} is not finite`, {
          index: t,
        });
      }
    }
  }

  const byItem = countingOrder(cols, items, null);
  const byUser = countingOrder(rows, users, byItem);

  const indptr = new Int32Array(users + 1);
  const entryOf = new Int32Array(m);
  const indices = new Int32Array(m);
  const sums = new Float64Array(m);
  let nnz = 0;
  let prevRow = -1;
  let prevCol = -1;
  for (let p = 0; p < m; p++) {
    const t = byUser[p]!;
    const r = rows[t]!;
    const c = cols[t]!;
    if (r !== prevRow || c !== prevCol) {
      indices[nnz] = c;
      indptr[r + 1]!++;
      nnz++;
      prevRow = r;
      prevCol = c;
    }
    sums[nnz - 1]! += weights === undefined ? 1 : weights[t]!;
    entryOf[t] = nnz - 1;
  }
  for (let u = 0; u < users; u++) indptr[u + 1]! += indptr[u]!;
  const matrix: InteractionMatrix = {
    users,
    items,
    indptr,
    indices: indices.slice(0, nnz),
    weights: Float32Array.from(sums.subarray(0, nnz)),
  };
  return { matrix, entryOf };
}

/** `buildMatrixWithEntries` without the entry map. */
export function buildMatrix(
  users: number,
  items: number,
  rows: ArrayLike<number>,
  cols: ArrayLike<number>,
  weights?: ArrayLike<number>,
): InteractionMatrix {
  return buildMatrixWithEntries(users, items, rows, cols, weights).matrix;
}

/** Per matrix entry, the largest of the values of the triples summed into it (-Infinity for none). */
export function maxPerEntry(entryOf: Int32Array, values: ArrayLike<number>, entries: number): Float64Array {
  if (values.length !== entryOf.length) {
    throw recommendInputError('length_mismatch', `${values.length} values for ${entryOf.length} triples`);
  }
  const out = new Float64Array(entries).fill(-Infinity);
  for (let t = 0; t < entryOf.length; t++) {
    const e = entryOf[t]!;
    if (values[t]! > out[e]!) out[e] = values[t]!;
  }
  return out;
}

/** The items × users matrix (same weights); rows ascend within each column because users are walked in order. */
export function transpose(m: InteractionMatrix): InteractionMatrix {
  const { users, items, indptr, indices, weights } = m;
  const nnz = indices.length;
  const tIndptr = new Int32Array(items + 1);
  for (let e = 0; e < nnz; e++) tIndptr[indices[e]! + 1]!++;
  for (let i = 0; i < items; i++) tIndptr[i + 1]! += tIndptr[i]!;
  const next = tIndptr.slice(0, items);
  const tIndices = new Int32Array(nnz);
  const tWeights = new Float32Array(nnz);
  for (let u = 0; u < users; u++) {
    for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
      const p = next[indices[e]!]!++;
      tIndices[p] = u;
      tWeights[p] = weights[e]!;
    }
  }
  return { users: items, items: users, indptr: tIndptr, indices: tIndices, weights: tWeights };
}

/** Row `u`'s item indexes and weights, as views into the matrix (no copy). */
export function rowOf(m: InteractionMatrix, u: number): { indices: Int32Array; weights: Float32Array } {
  if (!Number.isInteger(u) || u < 0 || u >= m.users) {
    throw recommendInputError('out_of_range', `row ${u} is outside 0..${m.users - 1}`, { row: u });
  }
  const start = m.indptr[u]!;
  const end = m.indptr[u + 1]!;
  return { indices: m.indices.subarray(start, end), weights: m.weights.subarray(start, end) };
}

/** Entries per column: for a users × items matrix, the number of distinct users of each item. */
export function columnCounts(m: InteractionMatrix): Int32Array {
  const counts = new Int32Array(m.items);
  for (let e = 0; e < m.indices.length; e++) counts[m.indices[e]!]!++;
  return counts;
}

function checkIndexes(name: string, values: ArrayLike<number>, size: number): void {
  for (let t = 0; t < values.length; t++) {
    const v = values[t]!;
    if (!Number.isInteger(v) || v < 0 || v >= size) {
      throw recommendInputError('out_of_range', `${name}[${t}] = ${v} is outside 0..${size - 1}`, {
        index: t,
      });
    }
  }
}

/** Triple indexes sorted by `keys` (stable), visiting them in `within` order when given. */
function countingOrder(keys: ArrayLike<number>, size: number, within: Int32Array | null): Int32Array {
  const m = keys.length;
  const start = new Int32Array(size + 1);
  for (let t = 0; t < m; t++) start[keys[t]! + 1]!++;
  for (let k = 0; k < size; k++) start[k + 1]! += start[k]!;
  const order = new Int32Array(m);
  for (let p = 0; p < m; p++) {
    const t = within === null ? p : within[p]!;
    order[start[keys[t]!]!++] = t;
  }
  return order;
}
