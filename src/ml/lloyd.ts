import { assertFinite, columnMeans, createMatrix, squaredDistance, type Matrix } from './matrix.js';

export interface LloydOptions {
  /** Most centroid updates. Default 300 (as scikit-learn). */
  maxIter?: number;
  /**
   * Also stop once the centroids move less than this in total (Σ squared shifts ≤ tol × the mean column
   * variance: scikit-learn's `tol`, where 1e-4 is its default). Default 0: run until no assignment changes.
   */
  tol?: number;
}

export interface KMeansResult {
  /** k × cols. A cluster left empty (only when fewer than k distinct points exist) keeps its last centroid. */
  centroids: Matrix;
  /** Cluster of each row, 0 ≤ label < k: always the nearest centroid (lowest index on ties). */
  labels: Int32Array;
  /** Sum of squared distances from each row to its centroid. */
  inertia: number;
  /** Centroid updates performed. */
  iterations: number;
  /** True when the last assignment step changed nothing or `tol` stopped it (false when maxIter stopped it). */
  converged: boolean;
  /** Inertia after each assignment step, the first before any update; never increases. */
  inertiaHistory: number[];
}

export const DEFAULT_MAX_ITER = 300;

// Bounds drift by rounding (one addition per iteration); a point is skipped only with this much room to spare.
const SAFE = 1 + 1e-10;

/**
 * Lloyd's algorithm from the given centroids (copied, not modified): assign each row to its nearest centroid,
 * move each centroid to the mean of its rows, repeat until no assignment changes or `maxIter` updates. A cluster
 * that empties is re-seeded with the row farthest from its own centroid (among clusters of two or more rows).
 *
 * The assignment step is Hamerly's (2010): per row an upper bound on the distance to its centroid and a lower
 * bound on the distance to any other, moved by how far the centroids moved, so most rows skip the k distance
 * computations once the centroids settle. Only rows with a provably unique nearest centroid are skipped, so the
 * labels, centroids and iteration count are those of plain Lloyd.
 */
export function lloyd(data: Matrix, initial: Matrix, options: LloydOptions = {}): KMeansResult {
  const { maxIter = DEFAULT_MAX_ITER, tol = 0 } = options;
  const { rows: n, cols: d } = data;
  const k = initial.rows;
  if (initial.cols !== d) throw new RangeError(`centroids have ${initial.cols} columns, data has ${d}`);
  if (k < 1 || k > n) throw new RangeError(`need 1..${n} centroids, got ${k}`);
  if (!Number.isInteger(maxIter) || maxIter < 0) throw new RangeError(`maxIter must be ≥ 0, got ${maxIter}`);
  if (!(tol >= 0)) throw new RangeError(`tol must be ≥ 0, got ${tol}`);
  assertFinite(data, 'k-means data');
  assertFinite(initial, 'initial centroids');
  const state: State = {
    data,
    k,
    centroids: createMatrix(k, d, initial.data.slice()),
    previous: new Float64Array(k * d),
    labels: new Int32Array(n).fill(-1),
    upper: new Float64Array(n),
    lower: new Float64Array(n),
    counts: new Int32Array(k),
    half: new Float64Array(k),
    move: new Float64Array(k),
  };
  const tolAbs = tol > 0 ? tol * meanColumnVariance(data) : -1;
  for (let i = 0; i < n; i++) scan(state, i);
  const inertiaHistory: number[] = [];
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    state.previous.set(state.centroids.data);
    inertiaHistory.push(update(state));
    iterations++;
    moveBounds(state);
    const changed = assign(state);
    if (changed === 0 || squaredShift(state.previous, state.centroids.data) <= tolAbs) {
      converged = true;
      break;
    }
  }
  const inertia = exactInertia(state, state.centroids.data, null);
  inertiaHistory.push(inertia);
  return { centroids: state.centroids, labels: state.labels, inertia, iterations, converged, inertiaHistory };
}

interface State {
  data: Matrix;
  k: number;
  centroids: Matrix;
  /** Centroids before the last update. */
  previous: Float64Array;
  labels: Int32Array;
  /** ≥ the distance (not squared) from row i to its centroid. */
  upper: Float64Array;
  /** ≤ the distance from row i to every other centroid. */
  lower: Float64Array;
  counts: Int32Array;
  /** Half the distance from centroid j to its nearest other centroid. */
  half: Float64Array;
  /** Distance centroid j moved in the last update. */
  move: Float64Array;
}

/** Full scan of row i: nearest centroid (lowest index on ties), exact bounds. Returns whether the label changed. */
function scan(s: State, i: number): boolean {
  const { data, k, labels } = s;
  const c = s.centroids.data;
  let best = Infinity;
  let second = Infinity;
  let bestJ = 0;
  for (let j = 0; j < k; j++) {
    const dist = squaredDistance(data.data, i, c, j, data.cols);
    if (dist < best) {
      second = best;
      best = dist;
      bestJ = j;
    } else if (dist < second) {
      second = dist;
    }
  }
  s.upper[i] = Math.sqrt(best);
  s.lower[i] = Math.sqrt(second);
  if (labels[i] === bestJ) return false;
  labels[i] = bestJ;
  return true;
}

function assign(s: State): number {
  const { data, k, labels, upper, lower, half } = s;
  const c = s.centroids.data;
  const d = data.cols;
  for (let j = 0; j < k; j++) {
    let nearest = Infinity;
    for (let o = 0; o < k; o++) if (o !== j) nearest = Math.min(nearest, squaredDistance(c, j, c, o, d));
    half[j] = Math.sqrt(nearest) / 2;
  }
  let changed = 0;
  for (let i = 0; i < data.rows; i++) {
    const a = labels[i]!;
    const bound = Math.max(half[a]!, lower[i]!);
    if (upper[i]! * SAFE < bound) continue;
    const u = Math.sqrt(squaredDistance(data.data, i, c, a, d));
    upper[i] = u;
    if (u * SAFE < bound) continue;
    if (scan(s, i)) changed++;
  }
  return changed;
}

/** Centroids to the means of their rows; returns the inertia of the assignment against the old centroids. */
function update(s: State): number {
  const { data, k, labels, counts, previous } = s;
  const { rows: n, cols: d, data: x } = data;
  const c = s.centroids.data;
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[labels[i]!]!++;
  let inertia: number | undefined;
  for (let j = 0; j < k; j++) {
    if (counts[j] !== 0) continue;
    if (inertia === undefined) inertia = exactInertia(s, previous, s.upper); // exact distances for reseed
    reseed(s, j);
  }
  for (let j = 0; j < k; j++) if (counts[j]! > 0) c.fill(0, j * d, (j + 1) * d);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const co = labels[i]! * d;
    const xo = i * d;
    let dist = 0; // summed per row first, so the result is bit-identical to exactInertia's
    for (let t = 0; t < d; t++) {
      const v = x[xo + t]!;
      c[co + t]! += v;
      const diff = v - previous[co + t]!;
      dist += diff * diff;
    }
    sum += dist;
  }
  for (let j = 0; j < k; j++) {
    const count = counts[j]!;
    if (count === 0) continue; // every row sits on a centroid: nothing to move here, keep it
    for (let t = j * d; t < (j + 1) * d; t++) c[t]! /= count;
  }
  return inertia ?? sum;
}

/** Moves the row farthest from its centroid into empty cluster `j` (which lowers the inertia). */
function reseed(s: State, j: number): void {
  const { labels, upper, counts } = s;
  let far = -1;
  let farDist = 0;
  for (let i = 0; i < labels.length; i++) {
    if (upper[i]! > farDist && counts[labels[i]!]! > 1) {
      far = i;
      farDist = upper[i]!;
    }
  }
  if (far < 0) return;
  counts[labels[far]!]!--;
  counts[j] = 1;
  labels[far] = j;
  upper[far] = Infinity; // its bounds no longer hold: the next assignment rescans it
  s.lower[far] = 0;
}

/** After an update: each row's centroid moved by move[a] at most, every other one by the largest other move. */
function moveBounds(s: State): void {
  const { k, labels, upper, lower, move, previous } = s;
  const c = s.centroids.data;
  const d = s.data.cols;
  let max1 = 0;
  let max2 = 0;
  let argMax = -1;
  for (let j = 0; j < k; j++) {
    const m = Math.sqrt(squaredDistance(c, j, previous, j, d));
    move[j] = m;
    if (m > max1) {
      max2 = max1;
      max1 = m;
      argMax = j;
    } else if (m > max2) {
      max2 = m;
    }
  }
  for (let i = 0; i < labels.length; i++) {
    const a = labels[i]!;
    upper[i]! += move[a]!;
    lower[i]! -= a === argMax ? max2 : max1;
  }
}

/** Σ squared distances of rows to their centroid in `centroids`; also writes the distances to `out` if given. */
function exactInertia(s: State, centroids: Float64Array, out: Float64Array | null): number {
  const { data, labels } = s;
  let sum = 0;
  for (let i = 0; i < data.rows; i++) {
    const dist = squaredDistance(data.data, i, centroids, labels[i]!, data.cols);
    if (out) out[i] = Math.sqrt(dist);
    sum += dist;
  }
  return sum;
}

function squaredShift(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
}

function meanColumnVariance(data: Matrix): number {
  const { rows: n, cols: d, data: x } = data;
  const means = columnMeans(data);
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) s += (x[i * d + j]! - means[j]!) ** 2;
  return s / (n * d);
}
