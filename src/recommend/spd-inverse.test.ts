import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { invertSpd } from './spd-inverse.js';
import { gaussJordanInverse, maxAbsDiff, randomSpd } from './test-kit.js';

describe('invertSpd', () => {
  it('inverts a 2 × 2 matrix', () => {
    // [[4, 2], [2, 3]]⁻¹ = [[3, −2], [−2, 4]] / 8.
    const a = Float64Array.of(4, 2, 2, 3);
    invertSpd(a, 2);
    expect(maxAbsDiff(a, [0.375, -0.25, -0.25, 0.5])).toBeLessThan(1e-15);
  });

  it('matches a Gauss-Jordan inverse across block edges', () => {
    const rng = createRng('spd');
    // Sizes and block sizes that cover one block, many blocks, ragged last blocks and the 4 × 3 tile edges.
    for (const [n, blockSize] of [
      [1, 96],
      [3, 1],
      [7, 2],
      [37, 4],
      [38, 5],
      [61, 12],
      [130, 96],
    ] as const) {
      const g = randomSpd(rng, n);
      const expected = gaussJordanInverse(g, n);
      for (const simd of [true, false]) {
        const a = Float64Array.from(g);
        invertSpd(a, n, { blockSize, simd });
        expect(maxAbsDiff(a, expected), `n = ${n}, block ${blockSize}, simd ${simd}`).toBeLessThan(1e-9);
      }
    }
  });

  it('reads only the lower triangle', () => {
    const a = Float64Array.of(4, 99, 2, 3); // the upper 99 is ignored
    invertSpd(a, 2);
    expect(maxAbsDiff(a, [0.375, -0.25, -0.25, 0.5])).toBeLessThan(1e-15);
  });

  it('refuses a matrix that is not positive definite', () => {
    // [[1, 2], [2, 1]] has eigenvalues 3 and −1: the second pivot is 1 − 4 = −3.
    expect(() => invertSpd(Float64Array.of(1, 2, 2, 1), 2)).toThrow(
      expect.objectContaining({
        code: 'invalid_training_data',
        details: expect.objectContaining({ pivot: 1 }),
      }),
    );
    expect(() => invertSpd(Float64Array.of(NaN, 0, 0, 1), 2)).toThrow(/not positive definite/);
    expect(() => invertSpd(new Float64Array(3), 2)).toThrow(/needs 4 values/);
  });
});
