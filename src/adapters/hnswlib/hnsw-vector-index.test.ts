import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/index.js';
import { runVectorIndexContract } from '../../text/vector-index.contract.js';
import { createHnswIndex } from './hnsw-vector-index.js';

runVectorIndexContract('hnswlib', (dims) => createHnswIndex(dims, { maxElements: 16 }), { exact: false });
runVectorIndexContract('hnswlib (defaults)', (dims) => createHnswIndex(dims), { exact: false });

describe('createHnswIndex', () => {
  it('rejects bad options', () => {
    expect(() => createHnswIndex(8, { m: 0 })).toThrow(RangeError);
    expect(() => createHnswIndex(8, { efSearch: 1.5 })).toThrow(RangeError);
    expect(() => createHnswIndex(8, { maxElements: -1 })).toThrow(RangeError);
    expect(() => createHnswIndex(8, { seed: -1 })).toThrow(RangeError);
  });

  it('builds the same graph, and answers the same, for the same seed and inserts', () => {
    const dims = 8;
    const n = 400;
    const ids = Array.from({ length: n }, (_, i) => `v${i}`);
    const rng = createRng('hnsw-determinism');
    const vectors = Float32Array.from({ length: n * dims }, () => rng.normal());
    const answers = [1, 2].map(() => {
      const index = createHnswIndex(dims, { seed: 7, m: 4, efConstruction: 8, efSearch: 4 });
      index.add(ids, vectors);
      return Array.from({ length: 20 }, (_, q) =>
        index.search(vectors.subarray(q * dims, (q + 1) * dims), 5),
      );
    });
    expect(answers[0]).toEqual(answers[1]);
  });
});
