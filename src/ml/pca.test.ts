import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { symmetricEigen } from './eigen.js';
import { createMatrix, matrixFromRows, matrixToRows } from './matrix.js';
import { pca, pcaTransform } from './pca.js';

const closeRows = (actual: number[][], expected: number[][], digits = 10) => {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(expected[i]![j]!, digits)));
};

describe('pca', () => {
  it('recovers the principal axes and variances of a hand-built 2-D set', () => {
    // Axes u = (0.8, 0.6) and v = (−0.6, 0.8); points ±3u and ±1v around the mean (10, −5).
    // Sample variance along u: (3² + 3²) / (4 − 1) = 6; along v: (1 + 1) / 3 = 2/3; covariance between them 0.
    // So the explained variances are 6 and 2/3, ratios 0.9 and 0.1.
    const pts = [
      [2.4, 1.8],
      [-2.4, -1.8],
      [-0.6, 0.8],
      [0.6, -0.8],
    ].map(([x, y]) => [x! + 10, y! - 5]);
    const model = pca(matrixFromRows(pts));
    closeRows([Array.from(model.mean)], [[10, -5]]);
    // Signs: the largest-magnitude loading is positive, so u as is and v as (−0.6, 0.8).
    closeRows(matrixToRows(model.components), [
      [0.8, 0.6],
      [-0.6, 0.8],
    ]);
    closeRows([Array.from(model.explainedVariance)], [[6, 2 / 3]]);
    closeRows([Array.from(model.explainedVarianceRatio)], [[0.9, 0.1]]);
    closeRows(matrixToRows(pcaTransform(model, matrixFromRows(pts))), [
      [3, 0],
      [-3, 0],
      [0, 1],
      [0, -1],
    ]);
  });

  it('recovers a rotated 3-D frame', () => {
    // Orthonormal frame from the Pythagorean quadruple 2² + 3² + 6² = 7²:
    //   u1 = (2, 3, 6)/7, u2 = (3, −6, 2)/7, u3 = (6, 2, −3)/7 (pairwise dot products 0).
    // Points ±3·u1, ±2·u2, ±1·u3 (6 points, mean 0): variances 2·9/5 = 3.6, 2·4/5 = 1.6, 2·1/5 = 0.4;
    // total 5.6, ratios 9/14, 4/14, 1/14. u2's largest loading (−6/7) is negative, so PCA reports −u2.
    const u = [
      [2, 3, 6],
      [3, -6, 2],
      [6, 2, -3],
    ].map((r) => r.map((x) => x / 7));
    const pts = [3, 2, 1].flatMap((a, i) => [u[i]!.map((x) => a * x), u[i]!.map((x) => -a * x)]);
    const model = pca(matrixFromRows(pts), { components: 3 });
    closeRows(matrixToRows(model.components), [u[0]!, u[1]!.map((x) => -x), u[2]!]);
    closeRows([Array.from(model.explainedVariance)], [[3.6, 1.6, 0.4]]);
    closeRows([Array.from(model.explainedVarianceRatio)], [[9 / 14, 4 / 14, 1 / 14]]);
  });

  it('defaults to 2 components and handles data without variance', () => {
    const flat = pca(
      matrixFromRows([
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3],
      ]),
    );
    expect(flat.components.rows).toBe(2);
    expect(Array.from(flat.explainedVariance)).toEqual([0, 0]);
    expect(Array.from(flat.explainedVarianceRatio)).toEqual([0, 0]);
    expect(() => pca(matrixFromRows([[1, 2]]))).toThrow(/at least 2 rows/);
    expect(() =>
      pca(
        matrixFromRows([
          [1, 2],
          [3, 4],
        ]),
        { components: 3 },
      ),
    ).toThrow(/components/);
  });
});

describe('symmetricEigen', () => {
  it('solves a 2 × 2 matrix in closed form', () => {
    // [[4, 1], [1, 3]]: λ = (7 ± √5) / 2; eigenvector of λ is (1, λ − 4) normalized.
    const { values, vectors } = symmetricEigen(
      matrixFromRows([
        [4, 1],
        [1, 3],
      ]),
    );
    const l1 = (7 + Math.sqrt(5)) / 2;
    const l2 = (7 - Math.sqrt(5)) / 2;
    expect(values[0]).toBeCloseTo(l1, 12);
    expect(values[1]).toBeCloseTo(l2, 12);
    const n1 = Math.hypot(1, l1 - 4);
    closeRows([Array.from(vectors.data.subarray(0, 2))], [[1 / n1, (l1 - 4) / n1]], 12);
  });

  it('property: V Λ Vᵀ rebuilds a random symmetric matrix, V orthonormal, values descending', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer(), (d, seed) => {
        const rng = createRng(seed);
        const a = createMatrix(d, d);
        for (let p = 0; p < d; p++) {
          for (let q = p; q < d; q++) {
            const x = rng.normal(0, 5);
            a.data[p * d + q] = x;
            a.data[q * d + p] = x;
          }
        }
        const { values, vectors } = symmetricEigen(a);
        const v = vectors.data;
        for (let i = 1; i < d; i++) expect(values[i]!).toBeLessThanOrEqual(values[i - 1]!);
        for (let p = 0; p < d; p++) {
          for (let q = 0; q < d; q++) {
            let rebuilt = 0;
            let dot = 0;
            for (let t = 0; t < d; t++) {
              rebuilt += v[t * d + p]! * values[t]! * v[t * d + q]!;
              dot += v[p * d + t]! * v[q * d + t]!;
            }
            expect(rebuilt).toBeCloseTo(a.data[p * d + q]!, 9);
            expect(dot).toBeCloseTo(p === q ? 1 : 0, 12);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});
