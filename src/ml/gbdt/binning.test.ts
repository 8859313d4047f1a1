import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/index.js';
import { createMatrix, matrixFromRows } from '../matrix.js';
import { binMatrix, findBinning } from './binning.js';
import { buildHistogram, subtractHistogram, BIN_STRIDE } from './histogram.js';

describe('findBinning', () => {
  it('cuts few distinct values at their midpoints and gives NaN its own bin', () => {
    const x = matrixFromRows([[3], [1], [2], [NaN], [2], [1]]);
    const [b] = findBinning(x, new Set(), 255);
    expect(b).toEqual({ kind: 'numeric', edges: [1.5, 2.5], hasMissing: true });
    const data = binMatrix(x, [b!]);
    expect(Array.from(data.bins)).toEqual([2, 0, 1, 3, 1, 0]);
    expect(data.numBins[0]).toBe(4);
  });

  it('cuts many distinct values at midpoint percentiles (numpy method="midpoint")', () => {
    // 0..9 with 4 bins: percentiles 25, 50, 75 of 10 values sit at positions 2.25, 4.5, 6.75 → 2.5, 4.5, 6.5.
    const x = createMatrix(
      10,
      1,
      Float64Array.from({ length: 10 }, (_, i) => 9 - i),
    );
    expect(findBinning(x, new Set(), 4)[0]).toEqual({
      kind: 'numeric',
      edges: [2.5, 4.5, 6.5],
      hasMissing: false,
    });
  });

  it('bins every value so that x ≤ edges[b] exactly when its bin is ≤ b', () => {
    const rng = createRng('bins');
    const x = createMatrix(3000, 1);
    for (let i = 0; i < 3000; i++) x.data[i] = Math.round(rng.normal(0, 3) * 10) / 10;
    const [b] = findBinning(x, new Set(), 32);
    if (b?.kind !== 'numeric') throw new Error('numeric expected');
    expect(b.edges.length).toBeLessThanOrEqual(31);
    const { bins } = binMatrix(x, [b]);
    for (let i = 0; i < 3000; i++) {
      b.edges.forEach((e, k) => expect(x.data[i]! <= e).toBe(bins[i]! <= k));
    }
  });

  it('keeps the most frequent category codes; the rest share the "other" bin', () => {
    const x = matrixFromRows([[5], [7], [7], [5], [7], [9], [NaN], [-1], [1.5]]);
    const [b] = findBinning(x, new Set([0]), 2);
    expect(b).toEqual({ kind: 'categorical', categories: [7, 5] });
    expect(Array.from(binMatrix(x, [b!]).bins)).toEqual([1, 0, 0, 1, 0, 2, 2, 2, 2]);
  });

  it('rejects infinite training values', () => {
    expect(() => findBinning(matrixFromRows([[1], [-Infinity]]), new Set(), 255)).toThrow(RangeError);
  });
});

describe('histograms', () => {
  it("the sibling's histogram is the parent's minus the child's (subtraction trick)", () => {
    const rng = createRng('hist');
    const x = createMatrix(500, 4);
    for (let i = 0; i < x.data.length; i++)
      x.data[i] = rng.int(0, 20) + (i % 4 === 3 && rng.bool(0.1) ? NaN : 0);
    const binning = findBinning(x, new Set([2]), 255);
    const data = binMatrix(x, binning);
    const grad = Float64Array.from({ length: 500 }, () => rng.normal());
    const hess = Float64Array.from({ length: 500 }, () => rng.next());
    const order = Int32Array.from({ length: 500 }, (_, i) => (i * 7) % 500);
    const all = Int32Array.from([0, 1, 2, 3]);
    const size = data.totalBins * BIN_STRIDE;
    const [parent, child, sibling] = [new Float64Array(size), new Float64Array(size), new Float64Array(size)];
    buildHistogram(parent, data, all, order, 0, 500, grad, hess);
    buildHistogram(child, data, all, order, 0, 180, grad, hess);
    buildHistogram(sibling, data, all, order, 180, 500, grad, hess);
    subtractHistogram(parent, child, data, all);
    parent.forEach((v, j) => expect(v).toBeCloseTo(sibling[j]!, 10));
    // Counts per feature add up to the rows.
    for (let f = 0; f < 4; f++) {
      let n = 0;
      for (let b = 0; b < data.numBins[f]!; b++) n += sibling[(data.offsets[f]! + b) * BIN_STRIDE + 2]!;
      expect(n).toBe(320);
    }
  });

  it('builds the same histogram for a feature subset as for all features', () => {
    const rng = createRng('subset');
    const x = createMatrix(300, 7);
    for (let i = 0; i < x.data.length; i++) x.data[i] = rng.int(0, 9);
    const data = binMatrix(x, findBinning(x, new Set(), 255));
    const grad = Float64Array.from({ length: 300 }, () => rng.normal());
    const hess = new Float64Array(300).fill(1);
    const order = Int32Array.from({ length: 300 }, (_, i) => i);
    const full = new Float64Array(data.totalBins * BIN_STRIDE);
    const part = new Float64Array(data.totalBins * BIN_STRIDE);
    buildHistogram(full, data, Int32Array.from([0, 1, 2, 3, 4, 5, 6]), order, 10, 250, grad, hess);
    buildHistogram(part, data, Int32Array.from([5]), order, 10, 250, grad, hess);
    const from = data.offsets[5]! * BIN_STRIDE;
    const to = from + data.numBins[5]! * BIN_STRIDE;
    expect(Array.from(part.subarray(from, to))).toEqual(Array.from(full.subarray(from, to)));
  });
});
