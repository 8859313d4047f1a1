import type { Rng } from '../shared/index.js';
import { DEFAULT_MAX_ITER, lloyd, type KMeansResult, type LloydOptions } from './lloyd.js';
import { assertFinite, createMatrix, squaredDistance, type Matrix } from './matrix.js';

export interface KMeansOptions extends LloydOptions {
  /** Number of clusters, 1 ≤ k ≤ rows. */
  k: number;
  /** Independent k-means++ starts; the one with the lowest inertia wins. Default 4. */
  nInit?: number;
}

const DEFAULT_N_INIT = 4;

/**
 * k-means++ seeding (Arthur & Vassilvitskii, 2007): the first centre uniformly, each next one drawn with
 * probability proportional to its squared distance from the nearest centre chosen so far.
 */
export function kmeansPlusPlus(data: Matrix, k: number, rng: Rng): Matrix {
  const { rows: n, cols: d, data: x } = data;
  checkK(k, n);
  const centroids = createMatrix(k, d);
  const c = centroids.data;
  const minDist = new Float64Array(n);
  const first = rng.int(0, n);
  c.set(x.subarray(first * d, (first + 1) * d), 0);
  for (let i = 0; i < n; i++) minDist[i] = squaredDistance(x, i, c, 0, d);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) total += minDist[i]!;
    // Every point already sits on a centre (fewer than k distinct points): any pick is as good as another.
    const pick = total > 0 ? drawProportional(minDist, total * rng.next()) : rng.int(0, n);
    c.set(x.subarray(pick * d, (pick + 1) * d), j * d);
    for (let i = 0; i < n; i++) {
      const dist = squaredDistance(x, i, c, j, d);
      if (dist < minDist[i]!) minDist[i] = dist;
    }
  }
  return centroids;
}

function drawProportional(weights: Float64Array, target: number): number {
  let acc = 0;
  let lastPositive = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (w <= 0) continue;
    acc += w;
    lastPositive = i;
    if (acc > target) return i;
  }
  return lastPositive; // rounding left `target` just past the running sum
}

/** k-means: `nInit` k-means++ starts refined by Lloyd's algorithm; keeps the lowest inertia (first on ties). */
export function kmeans(data: Matrix, options: KMeansOptions, rng: Rng): KMeansResult {
  const { k, nInit = DEFAULT_N_INIT, maxIter = DEFAULT_MAX_ITER, tol = 0 } = options;
  checkK(k, data.rows);
  if (!Number.isInteger(nInit) || nInit < 1) throw new RangeError(`nInit must be ≥ 1, got ${nInit}`);
  assertFinite(data, 'k-means data');
  let best: KMeansResult | undefined;
  for (let run = 0; run < nInit; run++) {
    const result = lloyd(data, kmeansPlusPlus(data, k, rng), { maxIter, tol });
    if (best === undefined || result.inertia < best.inertia) best = result;
  }
  return best as KMeansResult;
}

/** The nearest centroid of each row (lowest index on ties): assigns new rows to fitted clusters. */
export function assignToNearest(data: Matrix, centroids: Matrix): Int32Array {
  if (centroids.cols !== data.cols)
    throw new RangeError(`centroids have ${centroids.cols} columns, data has ${data.cols}`);
  if (centroids.rows < 1) throw new RangeError('need at least one centroid');
  const { rows: n, cols: d, data: x } = data;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    for (let j = 0; j < centroids.rows; j++) {
      const dist = squaredDistance(x, i, centroids.data, j, d);
      if (dist < best) {
        best = dist;
        labels[i] = j;
      }
    }
  }
  return labels;
}

function checkK(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw new RangeError(`k must be an integer in 1..${n}, got ${k}`);
}
