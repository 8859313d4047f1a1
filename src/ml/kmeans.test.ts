import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { assignToNearest, kmeans, kmeansPlusPlus } from './kmeans.js';
import { lloyd } from './lloyd.js';
import { createMatrix, matrixFromRows, squaredDistance, type Matrix } from './matrix.js';
import { gaussianBlobs, samePartition, uniformRows } from './test-kit.js';

const CENTRES = [
  [0, 0],
  [10, 0],
  [0, 10],
];

function nonIncreasing(history: readonly number[]): boolean {
  // Exact arithmetic never increases; allow rounding of a sum of n terms (relative 1e-12).
  return history.every((v, i) => i === 0 || v <= history[i - 1]! * (1 + 1e-12) + 1e-12);
}

function sse(data: Matrix, centroids: Matrix, labels: Int32Array): number {
  let s = 0;
  for (let i = 0; i < data.rows; i++)
    s += squaredDistance(data.data, i, centroids.data, labels[i]!, data.cols);
  return s;
}

/** Plain Lloyd (every distance every iteration, farthest-row re-seeding): the reference Hamerly's bounds must match. */
function plainLloyd(data: Matrix, initial: Matrix, maxIter: number) {
  const { rows: n, cols: d, data: x } = data;
  const k = initial.rows;
  const c = initial.data.slice();
  const labels = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n);
  const assign = (): number => {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = Infinity;
      let bestJ = 0;
      for (let j = 0; j < k; j++) {
        const s = squaredDistance(x, i, c, j, d);
        if (s < best) [best, bestJ] = [s, j];
      }
      if (labels[i] !== bestJ) changed++;
      labels[i] = bestJ;
      dist[i] = best;
    }
    return changed;
  };
  assign();
  let iterations = 0;
  while (iterations < maxIter) {
    const counts = new Int32Array(k);
    for (const l of labels) counts[l]!++;
    for (let j = 0; j < k; j++) {
      if (counts[j] !== 0) continue;
      let far = -1;
      for (let i = 0; i < n; i++)
        if (counts[labels[i]!]! > 1 && dist[i]! > (far < 0 ? 0 : dist[far]!)) far = i;
      if (far < 0) continue;
      counts[labels[far]!]!--;
      counts[j] = 1;
      labels[far] = j;
      dist[far] = 0;
    }
    const sums = new Float64Array(k * d);
    for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) sums[labels[i]! * d + t]! += x[i * d + t]!;
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) continue;
      for (let t = 0; t < d; t++) c[j * d + t] = sums[j * d + t]! / counts[j]!;
    }
    iterations++;
    if (assign() === 0) break;
  }
  return { labels, centroids: c, iterations };
}

describe('kmeans', () => {
  it('recovers well-separated Gaussian blobs exactly, up to label permutation', () => {
    // Blobs 10 apart with sd 0.5: no point is nearer another blob's centre (that would need a 10-sd draw).
    const { data, truth } = gaussianBlobs(createRng('blobs'), CENTRES, 60, 0.5);
    const result = kmeans(data, { k: 3 }, createRng(7));
    expect(samePartition(result.labels, truth)).toBe(true);
    expect(result.converged).toBe(true);
    // Each centroid is a blob mean: within 0.3 of its true centre (standard error 0.5 / sqrt(60) ≈ 0.065).
    for (let c = 0; c < 3; c++) {
      const centre = CENTRES[truth[result.labels.indexOf(c)]!]!;
      expect(Math.abs(result.centroids.data[c * 2]! - centre[0]!)).toBeLessThan(0.3);
      expect(Math.abs(result.centroids.data[c * 2 + 1]! - centre[1]!)).toBeLessThan(0.3);
    }
  });

  it('never increases the inertia from one iteration to the next, and reports the final one', () => {
    // Uniform data has no cluster structure, so Lloyd runs many iterations before it settles.
    for (const seed of [1, 2, 3, 4, 5]) {
      const data = uniformRows(createRng(`uniform-${seed}`), 800, 3);
      const result = kmeans(data, { k: 7, nInit: 2 }, createRng(seed));
      expect(result.inertiaHistory.length).toBe(result.iterations + 1);
      expect(result.iterations).toBeGreaterThan(3);
      expect(nonIncreasing(result.inertiaHistory)).toBe(true);
      expect(result.inertia).toBeCloseTo(sse(data, result.centroids, result.labels), 9);
    }
  });

  it("takes the same steps as plain Lloyd: Hamerly's bounds skip only rows that cannot change", () => {
    const cases = [
      uniformRows(createRng('plain-1'), 600, 3),
      uniformRows(createRng('plain-2'), 300, 12),
      gaussianBlobs(
        createRng('plain-3'),
        [
          [0, 0],
          [3, 0],
          [0, 3],
          [3, 3],
        ],
        80,
        1.2,
      ).data,
      // Integer grid points: many exact ties between centroids, resolved to the lowest index by both.
      matrixFromRows(Array.from({ length: 90 }, (_, i) => [i % 5, Math.floor(i / 5) % 4])),
    ];
    for (const [c, data] of cases.entries()) {
      for (const k of [1, 2, 5, 9]) {
        const seeded = kmeansPlusPlus(data, k, createRng(`start-${c}-${k}`));
        // The same start with its last two centroids far off: both clusters empty at once, so both get re-seeded.
        const stranded = createMatrix(k, data.cols, seeded.data.slice());
        stranded.data.fill(1000, Math.max(0, k - 2) * data.cols);
        for (const start of [seeded, stranded]) {
          const fast = lloyd(data, start, { maxIter: 200 });
          const plain = plainLloyd(data, start, 200);
          expect(Array.from(fast.labels)).toEqual(Array.from(plain.labels));
          expect(Array.from(fast.centroids.data)).toEqual(Array.from(plain.centroids));
          expect(fast.iterations).toBe(plain.iterations);
        }
      }
    }
  });

  it('gives the same result for the same seed', () => {
    const data = uniformRows(createRng('same-seed'), 500, 4);
    const a = kmeans(data, { k: 5 }, createRng('s'));
    const b = kmeans(data, { k: 5 }, createRng('s'));
    expect(Array.from(b.labels)).toEqual(Array.from(a.labels));
    expect(Array.from(b.centroids.data)).toEqual(Array.from(a.centroids.data));
    expect(b.inertia).toBe(a.inertia);
    expect(b.iterations).toBe(a.iterations);
  });

  it('keeps the restart with the lowest inertia', () => {
    const data = uniformRows(createRng('restarts'), 400, 2);
    const rng = createRng(11);
    const single = Array.from({ length: 4 }, () => lloyd(data, kmeansPlusPlus(data, 6, rng)).inertia);
    const result = kmeans(data, { k: 6, nInit: 4 }, createRng(11));
    expect(result.inertia).toBe(Math.min(...single));
    expect(new Set(single).size).toBeGreaterThan(1); // the restarts did differ, so the choice mattered
  });

  it('stops earlier with a tolerance, at nearly the same inertia', () => {
    const data = uniformRows(createRng('tol'), 2000, 6);
    const strict = kmeans(data, { k: 6, nInit: 1 }, createRng(4));
    const loose = kmeans(data, { k: 6, nInit: 1, tol: 1e-4 }, createRng(4));
    expect(strict.converged && loose.converged).toBe(true);
    expect(loose.iterations).toBeLessThan(strict.iterations);
    // Same seeding, so the same path until tol cuts it short: nothing left to gain but boundary reshuffles.
    expect(loose.inertiaHistory).toEqual(strict.inertiaHistory.slice(0, loose.iterations + 1));
    expect(loose.inertia / strict.inertia).toBeLessThan(1.01);
    expect(Array.from(loose.labels)).toEqual(Array.from(assignToNearest(data, loose.centroids)));
  });

  it('re-seeds an empty cluster with the farthest point', () => {
    // Two tight pairs; the third centroid starts far from everything, so it owns nothing after the first assignment.
    const data = matrixFromRows([
      [0, 0],
      [0, 1],
      [10, 0],
      [10, 1],
    ]);
    const start = matrixFromRows([
      [0, 0.5],
      [10, 0.5],
      [100, 100],
    ]);
    const result = lloyd(data, start);
    expect(result.inertiaHistory[0]).toBeCloseTo(1, 12); // four points 0.5 from their centroid: 4 × 0.25
    expect(new Set(result.labels).size).toBe(3);
    expect(result.converged).toBe(true);
    expect(nonIncreasing(result.inertiaHistory)).toBe(true);
    // Optimum with one pair split: 2 × 0.5² = 0.5.
    expect(result.inertia).toBeCloseTo(0.5, 12);
  });

  it('terminates when there are fewer distinct points than clusters', () => {
    const data = matrixFromRows([
      [1, 1],
      [1, 1],
      [2, 2],
      [2, 2],
      [1, 1],
    ]);
    const result = kmeans(data, { k: 3 }, createRng(3));
    expect(result.converged).toBe(true);
    expect(result.inertia).toBe(0);
    expect(new Set(result.labels).size).toBe(2);
  });

  it('spreads k-means++ seeds over far-apart blobs', () => {
    // A seed lands in an already-seeded blob with probability about (sd / distance)² per draw: 1e-8 here.
    const { data, truth } = gaussianBlobs(
      createRng('far'),
      [
        [0, 0],
        [1000, 0],
        [0, 1000],
        [1000, 1000],
      ],
      25,
      1,
    );
    expect(Array.from(truth.slice(0, 4))).toEqual([0, 1, 2, 3]); // so the first four rows stand for the blobs
    const blobRepresentatives = createMatrix(4, 2, data.data.slice(0, 8));
    for (let seed = 0; seed < 20; seed++) {
      const seeds = kmeansPlusPlus(data, 4, createRng(seed));
      expect(new Set(assignToNearest(seeds, blobRepresentatives)).size).toBe(4);
    }
  });

  it('rejects a bad k, a bad nInit and non-finite data', () => {
    const data = matrixFromRows([[0], [1], [2]]);
    expect(() => kmeans(data, { k: 0 }, createRng(1))).toThrow(RangeError);
    expect(() => kmeans(data, { k: 4 }, createRng(1))).toThrow(/k must be/);
    expect(() => kmeans(data, { k: 2, nInit: 0 }, createRng(1))).toThrow(/nInit/);
    expect(() => kmeans(matrixFromRows([[0], [NaN]]), { k: 1 }, createRng(1))).toThrow(/non-finite/);
  });

  it('property: labels are in range, each row sits with its nearest centroid, centroids are cluster means', () => {
    const dataArb = fc
      .record({ n: fc.integer({ min: 1, max: 40 }), d: fc.integer({ min: 1, max: 4 }) })
      .chain(({ n, d }) =>
        fc.record({
          rows: fc.array(fc.array(fc.integer({ min: -20, max: 20 }), { minLength: d, maxLength: d }), {
            minLength: n,
            maxLength: n,
          }),
          k: fc.integer({ min: 1, max: n }),
          seed: fc.integer(),
        }),
      );
    fc.assert(
      fc.property(dataArb, ({ rows, k, seed }) => {
        const data = matrixFromRows(rows);
        const d = data.cols;
        const result = kmeans(data, { k, nInit: 2 }, createRng(seed));
        expect(result.converged).toBe(true);
        const sums = new Float64Array(k * d);
        const counts = new Int32Array(k);
        for (let i = 0; i < data.rows; i++) {
          const l = result.labels[i]!;
          expect(l).toBeGreaterThanOrEqual(0);
          expect(l).toBeLessThan(k);
          const own = squaredDistance(data.data, i, result.centroids.data, l, d);
          for (let c = 0; c < k; c++) {
            expect(own).toBeLessThanOrEqual(
              squaredDistance(data.data, i, result.centroids.data, c, d) + 1e-9,
            );
          }
          counts[l]!++;
          for (let j = 0; j < d; j++) sums[l * d + j]! += data.data[i * d + j]!;
        }
        for (let c = 0; c < k; c++) {
          if (counts[c] === 0) continue;
          for (let j = 0; j < d; j++) {
            expect(result.centroids.data[c * d + j]).toBeCloseTo(sums[c * d + j]! / counts[c]!, 9);
          }
        }
        expect(nonIncreasing(result.inertiaHistory)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
