import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { easeWeights, fitEase } from './ease.js';
import { buildMatrix } from './matrix.js';
import { denseBinary, gaussJordanInverse, maxAbsDiff, randomMatrix } from './test-kit.js';

/** B by the definition, through a brute-force dense inverse (the reference). */
function referenceB(x: Float64Array, users: number, n: number, lambda: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = i === j ? lambda : 0;
      for (let u = 0; u < users; u++) s += x[u * n + i]! * x[u * n + j]!;
      g[i * n + j] = s;
    }
  }
  const p = gaussJordanInverse(g, n);
  return p.map((v, k) => (k % n === Math.floor(k / n) ? 0 : -v / p[(k % n) * n + (k % n)]!));
}

describe('easeWeights', () => {
  it('computes B by hand for two items', () => {
    // Users {0, 1} and {0}; λ = 1: G = [[3, 1], [1, 2]], P = [[2, −1], [−1, 3]] / 5,
    // B[0][1] = −P01 / P11 = 1/3, B[1][0] = −P10 / P00 = 1/2, diagonal 0.
    const b = easeWeights(buildMatrix(2, 2, [0, 0, 1], [0, 1, 0]), { lambda: 1 });
    expect(maxAbsDiff(b, [0, 1 / 3, 1 / 2, 0])).toBeLessThan(1e-7);
  });

  it('matches the definition with a dense inverse on a random matrix (1e-6)', () => {
    const matrix = randomMatrix(createRng('ease'), 60, 23, 0.2);
    const expected = referenceB(denseBinary(matrix), 60, 23, 3);
    expect(maxAbsDiff(easeWeights(matrix, { lambda: 3, blockSize: 5 }), expected)).toBeLessThan(1e-6);
    expect(maxAbsDiff(easeWeights(matrix, { lambda: 3 }), expected)).toBeLessThan(1e-6);
  });

  it('treats the matrix as binary and rejects λ ≤ 0', () => {
    const counts = buildMatrix(2, 2, [0, 0, 1], [0, 1, 0], [5, 2, 7]);
    const ones = buildMatrix(2, 2, [0, 0, 1], [0, 1, 0]);
    expect(Array.from(easeWeights(counts, { lambda: 1 }))).toEqual(
      Array.from(easeWeights(ones, { lambda: 1 })),
    );
    expect(() => easeWeights(ones, { lambda: 0 })).toThrow(/lambda/);
    expect(() => easeWeights(ones, { lambda: NaN })).toThrow(/lambda/);
  });

  it('reports a Gram matrix that rounding leaves singular', () => {
    // Two items with the same single user: G = [[1, 1], [1, 1]] + 1e-300·I; the second pivot 1 + 1e-300 − 1
    // rounds to 0.
    const twins = buildMatrix(1, 2, [0, 0], [0, 1]);
    expect(() => easeWeights(twins, { lambda: 1e-300 })).toThrow(
      expect.objectContaining({
        code: 'invalid_training_data',
        message: expect.stringMatching(/positive definite/),
      }),
    );
  });
});

describe('fitEase', () => {
  it("scores x_u·B: the sum of B's rows over the user's items", () => {
    // With the two-item B above: user 1 (item 0) → row 0 = [0, 1/3]; user 0 (items 0, 1) → [1/2, 1/3].
    const fitted = fitEase({ matrix: buildMatrix(2, 2, [0, 0, 1], [0, 1, 0]) }, { lambda: 1 });
    const scores = new Float32Array(2);
    fitted.scoreUser(1, scores);
    expect(maxAbsDiff(scores, [0, 1 / 3])).toBeLessThan(1e-7);
    fitted.scoreUser(0, scores);
    expect(maxAbsDiff(scores, [1 / 2, 1 / 3])).toBeLessThan(1e-7);
  });
});
