/**
 * Nearest-neighbour search over embeddings by cosine similarity. The exact index here scans every vector (right
 * for up to some tens of thousands); `src/adapters/hnswlib` implements the same port approximately with HNSW for
 * large collections. Vectors are l2-normalized on the way in, so scores are cosines in [−1, 1].
 */

export interface VectorHit {
  id: string;
  score: number;
}

export interface VectorIndex {
  readonly dims: number;
  readonly size: number;
  /** Adds or replaces vectors by id; `vectors` holds ids.length × dims values, row-major. */
  add(ids: readonly string[], vectors: Float32Array): void;
  remove(id: string): boolean;
  /** The `k` nearest vectors to `query`, best first (ties by id). */
  search(query: Float32Array, k: number): VectorHit[];
}

/** Scales `v` (or its row `at`) to unit length in place; a zero vector stays zero. */
export function normalizeRow(v: Float32Array, at = 0, dims = v.length): void {
  let s = 0;
  for (let j = at; j < at + dims; j++) s += v[j]! * v[j]!;
  if (s === 0) return;
  const inv = 1 / Math.sqrt(s);
  for (let j = at; j < at + dims; j++) v[j]! *= inv;
}

function checkShape(ids: readonly string[], vectors: Float32Array, dims: number): void {
  if (vectors.length !== ids.length * dims)
    throw new RangeError(`${ids.length} ids need ${ids.length * dims} values, got ${vectors.length}`);
}

export { checkShape as checkVectorShape };

/** The exact index: a growing row-major Float32Array, a linear scan per query. */
export function createExactIndex(dims: number): VectorIndex {
  if (!(Number.isInteger(dims) && dims > 0)) throw new RangeError('dims must be a positive integer');
  let data = new Float32Array(dims * 64);
  const ids: string[] = [];
  const rowOf = new Map<string, number>();
  return {
    dims,
    get size() {
      return ids.length;
    },
    add(newIds, vectors) {
      checkShape(newIds, vectors, dims);
      newIds.forEach((id, i) => {
        let row = rowOf.get(id);
        if (row === undefined) {
          row = ids.length;
          if ((row + 1) * dims > data.length) {
            const grown = new Float32Array(data.length * 2);
            grown.set(data);
            data = grown;
          }
          ids.push(id);
          rowOf.set(id, row);
        }
        data.set(vectors.subarray(i * dims, (i + 1) * dims), row * dims);
        normalizeRow(data, row * dims, dims);
      });
    },
    remove(id) {
      const row = rowOf.get(id);
      if (row === undefined) return false;
      // Move the last row into the hole.
      const last = ids.length - 1;
      if (row !== last) {
        data.copyWithin(row * dims, last * dims, (last + 1) * dims);
        const moved = ids[last]!;
        ids[row] = moved;
        rowOf.set(moved, row);
      }
      ids.pop();
      rowOf.delete(id);
      return true;
    },
    search(query, k) {
      if (query.length !== dims) throw new RangeError(`the query has ${query.length} values, not ${dims}`);
      const q = Float32Array.from(query);
      normalizeRow(q);
      // The best k so far, best first; a row enters only if it beats the worst kept.
      const best: VectorHit[] = [];
      const before = (a: VectorHit, b: VectorHit) =>
        a.score > b.score || (a.score === b.score && a.id < b.id);
      const want = Math.floor(k);
      if (!(want > 0)) return best;
      for (let r = 0; r < ids.length; r++) {
        let s = 0;
        const base = r * dims;
        for (let j = 0; j < dims; j++) s += q[j]! * data[base + j]!;
        const hit = { id: ids[r]!, score: s };
        if (best.length === want && !before(hit, best[want - 1]!)) continue;
        let at = best.length === want ? want - 1 : best.length;
        while (at > 0 && before(hit, best[at - 1]!)) {
          best[at] = best[at - 1]!;
          at--;
        }
        best[at] = hit;
      }
      return best;
    },
  };
}
