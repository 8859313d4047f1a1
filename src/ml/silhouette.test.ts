import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { matrixFromRows } from './matrix.js';
import { chooseK, silhouetteSamples, silhouetteScore } from './silhouette.js';
import { gaussianBlobs, samePartition } from './test-kit.js';

const column = (xs: number[]) => matrixFromRows(xs.map((x) => [x]));

describe('silhouetteSamples', () => {
  it('matches a hand-computed example', () => {
    // x = 0, 1 | 4, 6 | 10 (labels 0, 0, 1, 1, 2). a = mean distance within the own cluster, b = the lowest mean
    // distance to another cluster, s = (b − a) / max(a, b):
    //   x=0:  a = 1,  b = min((4 + 6) / 2, 10) = 5,          s = (5 − 1) / 5     = 0.8
    //   x=1:  a = 1,  b = min((3 + 5) / 2, 9)  = 4,          s = (4 − 1) / 4     = 0.75
    //   x=4:  a = 2,  b = min((4 + 3) / 2, 6)  = 3.5,        s = (3.5 − 2) / 3.5 = 3/7
    //   x=6:  a = 2,  b = min((6 + 5) / 2, 4)  = 4,          s = (4 − 2) / 4     = 0.5
    //   x=10: alone in its cluster,                          s = 0
    // mean = (0.8 + 0.75 + 3/7 + 0.5 + 0) / 5 = 0.495714…
    const data = column([0, 1, 4, 6, 10]);
    const labels = [0, 0, 1, 1, 2];
    const s = silhouetteSamples(data, labels);
    [0.8, 0.75, 3 / 7, 0.5, 0].forEach((v, i) => expect(s[i]).toBeCloseTo(v, 12));
    expect(silhouetteScore(data, labels, createRng(1))).toBeCloseTo((0.8 + 0.75 + 3 / 7 + 0.5) / 5, 12);
  });

  it("matches scikit-learn's test_cluster_size_1", () => {
    // sklearn/metrics/cluster/tests/test_unsupervised.py::test_cluster_size_1 asserts exactly these values:
    // the singleton scores 0; x=2 is as far from its own cluster as from {3, 3}, so 0; the 3s have a = 0, so 1.
    const s = silhouetteSamples(column([0, 1, 1, 2, 3, 3]), [0, 1, 1, 1, 2, 2]);
    expect(Array.from(s)).toEqual([0, 0.5, 0.5, 0, 1, 1]);
  });

  it('ignores label names and empty label values', () => {
    const data = column([0, 1, 4, 6, 10]);
    const a = silhouetteSamples(data, [0, 0, 1, 1, 2]);
    const b = silhouetteSamples(data, [7, 7, 0, 0, 3]);
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('refuses fewer than two clusters and malformed labels', () => {
    expect(() => silhouetteSamples(column([1, 2, 3]), [0, 0, 0])).toThrow(/two non-empty clusters/);
    expect(() => silhouetteSamples(column([1, 2]), [0, -1])).toThrow(/non-negative integer/);
    expect(() => silhouetteSamples(column([1, 2]), [0])).toThrow(/labels for 2 rows/);
  });
});

describe('silhouetteScore', () => {
  it('is near 1 for tight, far-apart clusters and near 0 for a random split', () => {
    const { data, truth } = gaussianBlobs(
      createRng('score'),
      [
        [0, 0],
        [20, 0],
      ],
      100,
      1,
    );
    expect(silhouetteScore(data, truth, createRng(1))).toBeGreaterThan(0.9);
    const coin = createRng('coin');
    const random = Int32Array.from(truth, () => coin.int(0, 2));
    expect(Math.abs(silhouetteScore(data, random, createRng(1)))).toBeLessThan(0.05);
  });

  it('samples deterministically above sampleSize, close to the exact value', () => {
    const { data, truth } = gaussianBlobs(
      createRng('sampled'),
      [
        [0, 0],
        [3, 0],
        [0, 3],
      ],
      800,
      1,
    );
    const exact = silhouetteScore(data, truth, createRng(1), { sampleSize: 2400 });
    const a = silhouetteScore(data, truth, createRng(5), { sampleSize: 600 });
    const b = silhouetteScore(data, truth, createRng(5), { sampleSize: 600 });
    const c = silhouetteScore(data, truth, createRng(6), { sampleSize: 600 });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    // Per-row silhouettes here have sd ≈ 0.25 (mean ≈ 0.39), so a 600-row mean has a standard error of ≈ 0.01;
    // ±0.03 leaves room for a and b being estimated from the sample too.
    expect(Math.abs(a - exact)).toBeLessThan(0.03);
    expect(Math.abs(c - exact)).toBeLessThan(0.03);
  });

  it('is NaN when the sample misses all but one cluster', () => {
    // One far outlier among 500 rows; a 10-row sample without it (p = 0.98) has a single cluster.
    const xs = Array.from({ length: 500 }, (_, i) => (i === 499 ? 1000 : i % 7));
    const labels = xs.map((x) => (x === 1000 ? 1 : 0));
    expect(silhouetteScore(column(xs), labels, createRng(2), { sampleSize: 10 })).toBeNaN();
  });
});

describe('chooseK', () => {
  const three = gaussianBlobs(
    createRng('three'),
    [
      [0, 0],
      [8, 0],
      [4, 7],
    ],
    100,
    1,
  );

  it('picks 3 on three blobs, exactly and with a sample', () => {
    for (const sampleSize of [2000, 120]) {
      const result = chooseK(three.data, { kMin: 2, kMax: 8, sampleSize }, createRng('k'));
      expect(result.k).toBe(3);
      expect(result.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
      expect(samePartition(result.clustering.labels, three.truth)).toBe(true);
      const best = Math.max(...result.candidates.map((c) => c.silhouette));
      expect(result.silhouette).toBe(best);
    }
  });

  it('scores each k the same whatever range is tried', () => {
    const wide = chooseK(three.data, { kMin: 2, kMax: 6 }, createRng('range'));
    const narrow = chooseK(three.data, { kMin: 4, kMax: 5 }, createRng('range'));
    expect(narrow.candidates).toEqual(wide.candidates.filter((c) => c.k === 4 || c.k === 5));
  });

  it('caps kMax at rows − 1 and rejects an empty range', () => {
    const small = column([0, 0.1, 5, 5.1]);
    expect(chooseK(small, { kMax: 8 }, createRng(1)).candidates.map((c) => c.k)).toEqual([2, 3]);
    expect(() => chooseK(small, { kMin: 1 }, createRng(1))).toThrow(/kMin/);
    expect(() => chooseK(small, { kMin: 4 }, createRng(1))).toThrow(/no k to try/);
  });
});
