import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../shared/index.js';
import { normalizeRow, type VectorHit, type VectorIndex } from './vector-index.js';

export interface VectorIndexContractOptions {
  /** Exact implementations must return the brute-force top k; approximate ones a recall@10 of at least 0.95. */
  exact: boolean;
}

const vec = (...values: number[]) => Float32Array.from(values);
const ids = (hits: readonly VectorHit[]) => hits.map((h) => h.id);

/** `n × dims` values from N(0, 1). */
function randomVectors(rng: Rng, n: number, dims: number): Float32Array {
  return Float32Array.from({ length: n * dims }, () => rng.normal());
}

/** Draws from `count` fixed Gaussian clusters (centres N(0, 1), spread `sd`): data with neighbourhoods. */
function clusteredSource(rng: Rng, dims: number, count: number, sd = 0.35) {
  const centres = Array.from({ length: count }, () => Array.from({ length: dims }, () => rng.normal()));
  return (n: number): Float32Array => {
    const out = new Float32Array(n * dims);
    for (let i = 0; i < n; i++) {
      const centre = rng.pick(centres);
      for (let j = 0; j < dims; j++) out[i * dims + j] = centre[j]! + rng.normal(0, sd);
    }
    return out;
  };
}

function unit(v: Float32Array): Float32Array {
  const u = Float32Array.from(v);
  normalizeRow(u);
  return u;
}

/** The reference: every live vector normalized as the port promises, a full sort, ties by id. */
class BruteForce {
  readonly rows = new Map<string, Float32Array>();
  constructor(readonly dims: number) {}
  add(newIds: readonly string[], vectors: Float32Array): void {
    newIds.forEach((id, i) => {
      const row = vectors.slice(i * this.dims, (i + 1) * this.dims);
      normalizeRow(row);
      this.rows.set(id, row);
    });
  }
  cosine(id: string, query: Float32Array): number {
    return this.dot(id, unit(query));
  }
  search(query: Float32Array, k: number): VectorHit[] {
    const q = unit(query);
    return [...this.rows.keys()]
      .map((id) => ({ id, score: this.dot(id, q) }))
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .slice(0, Math.max(0, k));
  }
  private dot(id: string, q: Float32Array): number {
    const row = this.rows.get(id);
    if (!row) throw new Error(`no vector ${id}`);
    let s = 0;
    for (let j = 0; j < this.dims; j++) s += q[j]! * row[j]!;
    return s;
  }
}

/** The behaviour every VectorIndex implementation must show. */
export function runVectorIndexContract(
  name: string,
  make: (dims: number) => VectorIndex,
  options: VectorIndexContractOptions = { exact: true },
): void {
  describe(`vector index contract: ${name}`, () => {
    it('starts empty and answers an empty search with []', () => {
      const index = make(3);
      expect(index.dims).toBe(3);
      expect(index.size).toBe(0);
      expect(index.search(vec(1, 0, 0), 5)).toEqual([]);
      expect(index.remove('nobody')).toBe(false);
    });

    it('rejects dims that are not a positive integer', () => {
      expect(() => make(0)).toThrow(RangeError);
      expect(() => make(2.5)).toThrow(RangeError);
    });

    it('returns hits best first with cosine scores of vectors normalized on the way in', () => {
      const index = make(2);
      index.add(['a', 'b', 'c'], vec(10, 0, 0, 0.5, -3, 3));
      expect(index.size).toBe(3);
      const hits = index.search(vec(2, 0), 3);
      expect(ids(hits)).toEqual(['a', 'b', 'c']);
      expect(hits[0]!.score).toBeCloseTo(1, 5);
      expect(hits[1]!.score).toBeCloseTo(0, 6);
      expect(hits[2]!.score).toBeCloseTo(-Math.SQRT1_2, 5);
      for (const h of hits) expect(Math.abs(h.score)).toBeLessThanOrEqual(1 + 1e-6);
    });

    it('breaks ties by id', () => {
      const index = make(2);
      index.add(['z', 'm', 'a', 'x'], vec(1, 1, 1, 1, 1, 1, 0, 1));
      expect(ids(index.search(vec(1, 1), 4))).toEqual(['a', 'm', 'z', 'x']);
    });

    it('returns everything when k exceeds the size, and nothing when k is 0', () => {
      const index = make(2);
      index.add(['a', 'b'], vec(1, 0, 0, 1));
      expect(ids(index.search(vec(1, 0.1), 10))).toEqual(['a', 'b']);
      expect(index.search(vec(1, 0), 0)).toEqual([]);
    });

    it('replaces a vector by id: the size stays, the vector moves', () => {
      const index = make(2);
      index.add(['a', 'b', 'c'], vec(1, 0, 0.9, 0.1, 0.1, 1));
      expect(ids(index.search(vec(1, 0), 1))).toEqual(['a']);
      index.add(['a'], vec(0, -1));
      expect(index.size).toBe(3);
      expect(ids(index.search(vec(1, 0), 3))).toEqual(['b', 'c', 'a']);
      const [top] = index.search(vec(0, -5), 1);
      expect(top?.id).toBe('a');
      expect(top?.score).toBeCloseTo(1, 5);
    });

    it('keeps the last of repeated ids within one add', () => {
      const index = make(2);
      index.add(['a', 'b', 'a'], vec(1, 0, 0, 1, -1, 0));
      expect(index.size).toBe(2);
      expect(index.search(vec(-1, 0), 1)[0]?.id).toBe('a');
    });

    it('removes by id', () => {
      const index = make(2);
      index.add(['a', 'b', 'c'], vec(1, 0, 0.9, 0.1, 0, 1));
      expect(index.remove('a')).toBe(true);
      expect(index.remove('a')).toBe(false);
      expect(index.size).toBe(2);
      expect(ids(index.search(vec(1, 0), 5))).toEqual(['b', 'c']);
      index.add(['a'], vec(1, 0));
      expect(index.size).toBe(3);
      expect(ids(index.search(vec(1, 0), 1))).toEqual(['a']);
      for (const id of ['a', 'b', 'c']) index.remove(id);
      expect(index.size).toBe(0);
      expect(index.search(vec(1, 0), 3)).toEqual([]);
    });

    it('scores a zero vector 0 against any query', () => {
      const index = make(2);
      index.add(['zero', 'one'], vec(0, 0, 1, 0));
      const hits = index.search(vec(0.5, 0.5), 2);
      expect(ids(hits)).toEqual(['one', 'zero']);
      expect(hits[1]!.score).toBe(0);
    });

    it('throws RangeError for wrong dimensions', () => {
      const index = make(3);
      expect(() => index.add(['a'], vec(1, 2))).toThrow(RangeError);
      expect(() => index.add(['a', 'b'], vec(1, 2, 3))).toThrow(RangeError);
      expect(index.size).toBe(0);
      index.add(['a'], vec(1, 2, 3));
      expect(() => index.search(vec(1, 2), 1)).toThrow(RangeError);
      expect(() => index.search(vec(1, 2, 3, 4), 1)).toThrow(RangeError);
    });

    it('grows past any initial capacity', () => {
      const dims = 4;
      const index = make(dims);
      const rng = createRng('vector-index-grow');
      const n = 3000;
      const all = Array.from({ length: n }, (_, i) => `v${i}`);
      for (let from = 0; from < n; from += 700) {
        const batch = all.slice(from, from + 700);
        index.add(batch, randomVectors(rng, batch.length, dims));
      }
      expect(index.size).toBe(n);
      const probe = vec(0.3, -1, 2, 0.5);
      index.add(['v1234'], probe);
      expect(index.search(probe, 1)[0]?.id).toBe('v1234');
    });

    if (options.exact) {
      it('returns exactly the brute-force top k, through adds, replacements and removals', () => {
        const dims = 16;
        const rng = createRng('vector-index-exact');
        const index = make(dims);
        const reference = new BruteForce(dims);
        const all = Array.from({ length: 600 }, (_, i) => `doc_${i}`);
        const vectors = randomVectors(rng, all.length, dims);
        index.add(all, vectors);
        reference.add(all, vectors);
        for (let i = 0; i < 100; i++) {
          const id = rng.pick(all);
          if (rng.bool(0.5)) {
            expect(index.remove(id)).toBe(reference.rows.delete(id));
          } else {
            const v = randomVectors(rng, 1, dims);
            index.add([id], v);
            reference.add([id], v);
          }
        }
        expect(index.size).toBe(reference.rows.size);
        for (let q = 0; q < 50; q++) {
          const query = randomVectors(rng, 1, dims);
          const k = rng.int(1, 30);
          const got = index.search(query, k);
          const want = reference.search(query, k);
          expect(ids(got)).toEqual(ids(want));
          got.forEach((h, i) => expect(h.score).toBeCloseTo(want[i]!.score, 9));
        }
      });
    }

    it('finds ≥ 95% of the true 10 nearest among 5,000 clustered 64-dim vectors, with true cosine scores', () => {
      const dims = 64;
      const n = 5000;
      const k = 10;
      const rng = createRng('vector-index-recall');
      const index = make(dims);
      const reference = new BruteForce(dims);
      const all = Array.from({ length: n }, (_, i) => `item_${i}`);
      const draw = clusteredSource(rng, dims, 50);
      const vectors = draw(n);
      index.add(all, vectors);
      reference.add(all, vectors);
      // Churn: replace 5% and remove 5%, so recall is measured on a mutated index too.
      for (let i = 0; i < n / 20; i++) {
        const id = rng.pick(all);
        const v = draw(1);
        index.add([id], v);
        reference.add([id], v);
        const gone = rng.pick(all);
        index.remove(gone);
        reference.rows.delete(gone);
      }
      expect(index.size).toBe(reference.rows.size);
      let found = 0;
      const queries = 200;
      const queryVectors = draw(queries);
      for (let q = 0; q < queries; q++) {
        const query = queryVectors.subarray(q * dims, (q + 1) * dims);
        const got = index.search(query, k);
        expect(got).toHaveLength(k);
        expect(new Set(ids(got)).size).toBe(k);
        for (let i = 0; i < got.length; i++) {
          const hit = got[i]!;
          expect(Math.abs(hit.score - reference.cosine(hit.id, query))).toBeLessThanOrEqual(1e-5);
          if (i > 0) expect(hit.score).toBeLessThanOrEqual(got[i - 1]!.score);
        }
        const truth = new Set(ids(reference.search(query, k)));
        found += got.filter((h) => truth.has(h.id)).length;
      }
      const recall = found / (queries * k);
      expect(recall).toBeGreaterThanOrEqual(options.exact ? 1 : 0.95);
    }, 60_000);
  });
}
