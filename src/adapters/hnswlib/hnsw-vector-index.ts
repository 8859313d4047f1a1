import { createRequire } from 'node:module';
import type * as Hnswlib from 'hnswlib-node';
import { checkVectorShape, normalizeRow, type VectorHit, type VectorIndex } from '../../text/index.js';

export interface HnswIndexOptions {
  /** Initial capacity; the index doubles it when full. Default 1024. */
  maxElements?: number;
  /** Graph degree (hnswlib `M`). Default 16. */
  m?: number;
  /** Candidate list size while building. Default 200. */
  efConstruction?: number;
  /** Candidate list size while searching; at least `k` is used. Default 64. */
  efSearch?: number;
  /** Seeds hnswlib's level generator, so the same inserts build the same graph. Default 100. */
  seed?: number;
}

// The native addon loads on first use, so importing the adapters never fails where it is not built.
const require = createRequire(import.meta.url);
let hnswlib: typeof Hnswlib | undefined;
const loadHnswlib = (): typeof Hnswlib => (hnswlib ??= require('hnswlib-node') as typeof Hnswlib);

function positiveInt(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`${name} must be a positive integer`);
  return value;
}

const before = (a: VectorHit, b: VectorHit) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The approximate index: hnswlib's HNSW graph in inner-product space over vectors we l2-normalize first (as the
 * exact index does), so `1 − distance` is the cosine. String ids map to numeric labels; a removed id's label is
 * marked deleted and handed to the next new id, which hnswlib then updates in place.
 */
export function createHnswIndex(dims: number, options: HnswIndexOptions = {}): VectorIndex {
  positiveInt('dims', dims);
  const m = positiveInt('m', options.m ?? 16);
  const efConstruction = positiveInt('efConstruction', options.efConstruction ?? 200);
  const efSearch = positiveInt('efSearch', options.efSearch ?? 64);
  let capacity = positiveInt('maxElements', options.maxElements ?? 1024);
  const seed = options.seed ?? 100;
  if (!(Number.isInteger(seed) && seed >= 0)) throw new RangeError('seed must be a non-negative integer');

  const hnsw = new (loadHnswlib().HierarchicalNSW)('ip', dims);
  hnsw.initIndex({ maxElements: capacity, m, efConstruction, randomSeed: seed });
  hnsw.setEf(efSearch);

  const labelOf = new Map<string, number>();
  const idOf: (string | undefined)[] = []; // label → id; undefined for a removed (deleted-marked) label
  const free: number[] = [];
  const row = new Float32Array(dims);

  /** Makes room for the new ids in `ids` before anything is inserted. */
  function reserve(ids: readonly string[]): void {
    const fresh = new Set(ids.filter((id) => !labelOf.has(id))).size;
    const needed = idOf.length + Math.max(0, fresh - free.length);
    if (needed <= capacity) return;
    capacity = Math.max(capacity * 2, needed);
    hnsw.resizeIndex(capacity);
  }

  return {
    dims,
    get size() {
      return labelOf.size;
    },
    add(ids, vectors) {
      checkVectorShape(ids, vectors, dims);
      reserve(ids);
      ids.forEach((id, i) => {
        row.set(vectors.subarray(i * dims, (i + 1) * dims));
        normalizeRow(row);
        const label = labelOf.get(id) ?? free.pop() ?? idOf.length;
        // An existing label (live, or deleted and reused) is updated in place and un-deleted by hnswlib.
        hnsw.addPoint(Array.from(row), label);
        labelOf.set(id, label);
        idOf[label] = id;
      });
    },
    remove(id) {
      const label = labelOf.get(id);
      if (label === undefined) return false;
      hnsw.markDelete(label);
      labelOf.delete(id);
      idOf[label] = undefined;
      free.push(label);
      return true;
    },
    search(query, k) {
      if (query.length !== dims) throw new RangeError(`the query has ${query.length} values, not ${dims}`);
      const n = Math.min(Math.floor(k), labelOf.size);
      if (!(n > 0)) return [];
      const q = Float32Array.from(query);
      normalizeRow(q);
      // hnswlib searches with max(efSearch, n) candidates and skips deleted labels. Only a degenerate graph
      // (m ≈ 2) leaves live labels unreachable and answers short; a wider search does not help it.
      const { distances, neighbors } = hnsw.searchKnn(Array.from(q), n);
      const hits: VectorHit[] = [];
      neighbors.forEach((label, i) => {
        const id = idOf[label];
        if (id !== undefined) hits.push({ id, score: 1 - distances[i]! });
      });
      return hits.sort(before);
    },
  };
}
