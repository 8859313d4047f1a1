import { describe, expect, it } from 'vitest';
import { matrixFromRows, matrixToRows } from './matrix.js';
import { applyStandardize, standardize } from './standardize.js';

describe('standardize', () => {
  it('gives z-scores with the population sd and zeros for a constant column', () => {
    // Column 0: 2, 4, 4, 4, 5, 5, 7, 9 — the textbook set with mean 5 and population sd 2.
    // Column 1: 0.1 eight times; its float mean can be off by an ulp, and must still score 0, not ±1.
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    const { data, mean, sd } = standardize(matrixFromRows(xs.map((x) => [x, 0.1])));
    expect(mean[0]).toBe(5);
    expect(sd[0]).toBe(2);
    expect(sd[1]).toBe(0);
    expect(matrixToRows(data)).toEqual(xs.map((x) => [(x - 5) / 2, 0]));
  });

  it('applies fitted stats to new rows', () => {
    const { mean, sd } = standardize(matrixFromRows([[0], [10]]));
    expect(matrixToRows(applyStandardize(matrixFromRows([[15]]), { mean, sd }))).toEqual([[2]]);
    expect(() => applyStandardize(matrixFromRows([[1, 2]]), { mean, sd })).toThrow(/columns/);
  });
});
