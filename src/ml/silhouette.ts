import type { Rng } from '../shared/index.js';
import { kmeans, type KMeansOptions } from './kmeans.js';
import type { KMeansResult } from './lloyd.js';
import { assertFinite, selectRows, squaredDistance, type Matrix } from './matrix.js';

/** Rows above which `silhouetteScore` works on a random sample: O(n²) pairs, 2,000² / 2 = 2M distances. */
export const DEFAULT_SILHOUETTE_SAMPLE = 2000;

/**
 * Silhouette coefficient of each row (Rousseeuw, 1987), Euclidean distance: a = mean distance to the other rows
 * of its own cluster, b = the lowest mean distance to the rows of another non-empty cluster, s = (b − a) / max(a, b).
 * A row alone in its cluster scores 0, as in scikit-learn. Exact, O(n² · cols) time and O(n · clusters) memory.
 * Throws unless the labels (non-negative integers) name at least two non-empty clusters.
 */
export function silhouetteSamples(data: Matrix, labels: ArrayLike<number>): Float64Array {
  const { rows: n, cols: d, data: x } = data;
  const { dense, counts } = denseLabels(labels, n);
  const k = counts.length;
  if (k < 2) throw new RangeError('the silhouette needs at least two non-empty clusters');
  // sums[i * k + c]: total distance from row i to the rows of cluster c.
  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const li = dense[i]!;
    const ri = i * k;
    for (let j = i + 1; j < n; j++) {
      const dist = Math.sqrt(squaredDistance(x, i, x, j, d));
      sums[ri + dense[j]!]! += dist;
      sums[j * k + li]! += dist;
    }
  }
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const li = dense[i]!;
    const own = counts[li]!;
    if (own < 2) continue;
    const a = sums[i * k + li]! / (own - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) {
      if (c === li) continue;
      const mean = sums[i * k + c]! / counts[c]!;
      if (mean < b) b = mean;
    }
    const m = Math.max(a, b);
    s[i] = m > 0 ? (b - a) / m : 0;
  }
  return s;
}

export interface SilhouetteOptions {
  /** Rows scored exactly; above it, a sample of this many rows. Default 2,000. */
  sampleSize?: number;
}

/**
 * Mean silhouette coefficient. Up to `sampleSize` rows it is exact; above, it is the exact mean silhouette of
 * `sampleSize` rows drawn uniformly without replacement with `rng` (distances only within the sample, as
 * scikit-learn's `silhouette_score(sample_size=…)`), so the same rng state gives the same value. NaN when the
 * sample happens to hold fewer than two clusters (a tiny cluster can be missed).
 */
export function silhouetteScore(
  data: Matrix,
  labels: ArrayLike<number>,
  rng: Rng,
  options: SilhouetteOptions = {},
): number {
  const { sampleSize = DEFAULT_SILHOUETTE_SAMPLE } = options;
  checkSampleSize(sampleSize);
  assertFinite(data, 'silhouette data');
  if (denseLabels(labels, data.rows).counts.length < 2) {
    throw new RangeError('the silhouette needs at least two non-empty clusters');
  }
  if (data.rows <= sampleSize) return mean(silhouetteSamples(data, labels));
  const idx = sampleIndices(data.rows, sampleSize, rng);
  return sampledScore(selectRows(data, idx), idx, labels);
}

/** k-means options (nInit, maxIter, tol) apply to every k tried. */
export interface ChooseKOptions extends SilhouetteOptions, Omit<KMeansOptions, 'k'> {
  /** Smallest k tried, ≥ 2. Default 2. */
  kMin?: number;
  /** Largest k tried; capped at rows − 1. Default 8. */
  kMax?: number;
}

export interface ChooseKResult {
  k: number;
  silhouette: number;
  /** The k-means result for the chosen k. */
  clustering: KMeansResult;
  /** Every k tried, ascending. */
  candidates: { k: number; silhouette: number; inertia: number }[];
}

/**
 * Runs k-means for each k in [kMin, kMax] and keeps the k with the highest mean silhouette (the smallest k on
 * ties). Each k gets its own fork of `rng` and every k is scored on the same row sample, so the choice does not
 * depend on the range tried.
 */
export function chooseK(data: Matrix, options: ChooseKOptions, rng: Rng): ChooseKResult {
  const {
    kMin = 2,
    kMax: kMaxOption = 8,
    sampleSize = DEFAULT_SILHOUETTE_SAMPLE,
    ...kmeansOptions
  } = options;
  const kMax = Math.min(kMaxOption, data.rows - 1);
  if (!Number.isInteger(kMin) || kMin < 2) throw new RangeError(`kMin must be an integer ≥ 2, got ${kMin}`);
  if (!Number.isInteger(kMax) || kMax < kMin) {
    throw new RangeError(`no k to try: kMin ${kMin}, kMax ${kMaxOption}, ${data.rows} rows`);
  }
  checkSampleSize(sampleSize);
  assertFinite(data, 'chooseK data');
  const idx =
    data.rows > sampleSize ? sampleIndices(data.rows, sampleSize, rng.fork('silhouette-sample')) : null;
  const sample = idx === null ? data : selectRows(data, idx);
  const candidates: ChooseKResult['candidates'] = [];
  let best: { k: number; silhouette: number; clustering: KMeansResult } | undefined;
  for (let k = kMin; k <= kMax; k++) {
    const clustering = kmeans(data, { ...kmeansOptions, k }, rng.fork(`kmeans-k${k}`));
    const silhouette =
      idx === null ? exactOrNaN(sample, clustering.labels) : sampledScore(sample, idx, clustering.labels);
    candidates.push({ k, silhouette, inertia: clustering.inertia });
    // NaN (a sample that missed a cluster) never compares greater: such a k wins only if nothing was measurable.
    const better =
      best === undefined ||
      silhouette > best.silhouette ||
      (Number.isNaN(best.silhouette) && !Number.isNaN(silhouette));
    if (better) best = { k, silhouette, clustering };
  }
  return { ...(best as NonNullable<typeof best>), candidates };
}

function exactOrNaN(data: Matrix, labels: Int32Array): number {
  return denseLabels(labels, data.rows).counts.length < 2 ? NaN : mean(silhouetteSamples(data, labels));
}

function sampledScore(sample: Matrix, idx: Int32Array, labels: ArrayLike<number>): number {
  const sub = new Int32Array(idx.length);
  for (let r = 0; r < idx.length; r++) sub[r] = labels[idx[r]!]!;
  return exactOrNaN(sample, sub);
}

/** `size` distinct indices in [0, n), uniformly (partial Fisher–Yates), then sorted. */
function sampleIndices(n: number, size: number, rng: Rng): Int32Array {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < size; i++) {
    const j = rng.int(i, n);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm.slice(0, size).sort();
}

/** Labels renumbered 0, 1, … in order of first appearance, with the size of each cluster. */
function denseLabels(labels: ArrayLike<number>, n: number): { dense: Int32Array; counts: Int32Array } {
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${n} rows`);
  const ids = new Map<number, number>();
  const dense = new Int32Array(n);
  const sizes: number[] = [];
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    let id = ids.get(l);
    if (id === undefined) {
      if (!Number.isInteger(l) || l < 0) {
        throw new RangeError(`label ${l} at row ${i} is not a non-negative integer`);
      }
      id = ids.size;
      ids.set(l, id);
      sizes.push(0);
    }
    dense[i] = id;
    sizes[id]!++;
  }
  return { dense, counts: Int32Array.from(sizes) };
}

function mean(xs: Float64Array): number {
  let s = 0;
  for (const v of xs) s += v;
  return s / xs.length;
}

function checkSampleSize(sampleSize: number): void {
  if (!Number.isInteger(sampleSize) || sampleSize < 2) {
    throw new RangeError(`sampleSize must be an integer ≥ 2, got ${sampleSize}`);
  }
}
