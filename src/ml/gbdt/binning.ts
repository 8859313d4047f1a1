import type { Matrix } from '../matrix.js';
import type { FeatureBinning } from './model.js';

/** The training matrix as histogram bins: what the tree learner reads instead of the raw values. */
export interface BinnedData {
  rows: number;
  cols: number;
  /** Row-major: bin of row i, feature f at `i * cols + f`. */
  bins: Uint8Array;
  /** Bins of each feature; the last one holds NaN (numeric) or every unlisted code (categorical). */
  numBins: Int32Array;
  /** First bin of each feature in a histogram that lays all features end to end. */
  offsets: Int32Array;
  totalBins: number;
}

/**
 * Bin edges of each feature from the training data, scikit-learn's HistGradientBoosting rule: with at most `maxBin`
 * distinct values the midpoints between them, otherwise the midpoint percentiles at k/maxBin (duplicates merged).
 * Categorical features keep their `maxBin` most frequent codes.
 */
export function findBinning(x: Matrix, categorical: ReadonlySet<number>, maxBin: number): FeatureBinning[] {
  const { rows: n, cols: d, data } = x;
  const out: FeatureBinning[] = [];
  const column = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    if (categorical.has(f)) {
      out.push({ kind: 'categorical', categories: frequentCodes(data, n, d, f, maxBin) });
      continue;
    }
    let m = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + f]!;
      if (v !== v) continue;
      if (v === Infinity || v === -Infinity) {
        throw new RangeError(
          `training data has an infinite value at row ${i}, column ${f} (use NaN for missing)`,
        );
      }
      column[m++] = v;
    }
    const sorted = column.subarray(0, m).sort();
    out.push({ kind: 'numeric', edges: numericEdges(sorted, maxBin), hasMissing: m < n });
  }
  return out;
}

function numericEdges(sorted: Float64Array, maxBin: number): number[] {
  const n = sorted.length;
  const distinct: number[] = [];
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]!);
  const edges: number[] = [];
  const push = (e: number): void => {
    const v = Math.min(e, Number.MAX_VALUE);
    if (edges.length === 0 || v > edges[edges.length - 1]!) edges.push(v);
  };
  if (distinct.length <= maxBin) {
    for (let i = 1; i < distinct.length; i++) push(midpoint(distinct[i - 1]!, distinct[i]!));
  } else {
    // numpy.percentile(method='midpoint'): the order statistic at q(n − 1), or the midpoint of its two neighbours.
    for (let k = 1; k < maxBin; k++) {
      const pos = (k / maxBin) * (n - 1);
      const lo = Math.floor(pos);
      push(pos === lo ? sorted[lo]! : midpoint(sorted[lo]!, sorted[Math.min(lo + 1, n - 1)]!));
    }
  }
  return edges;
}

/** (a + b) / 2 computed as numpy's lerp does at t = ½, which also cannot overflow. */
function midpoint(a: number, b: number): number {
  return b - (b - a) * 0.5;
}

/** A valid category code: a non-negative integer below 2³¹. */
export function isCategoryCode(v: number): boolean {
  return Number.isInteger(v) && v >= 0 && v <= 0x7fffffff;
}

function frequentCodes(data: Float64Array, n: number, d: number, f: number, maxBin: number): number[] {
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const v = data[i * d + f]!;
    if (isCategoryCode(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, maxBin)
    .map(([code]) => code);
}

/** Maps every value of `x` to its bin under `binning`. */
export function binMatrix(x: Matrix, binning: readonly FeatureBinning[]): BinnedData {
  const { rows: n, cols: d, data } = x;
  if (binning.length !== d) throw new RangeError(`binning has ${binning.length} features, data has ${d}`);
  const bins = new Uint8Array(n * d);
  const numBins = new Int32Array(d);
  const offsets = new Int32Array(d);
  let totalBins = 0;
  for (let f = 0; f < d; f++) {
    const b = binning[f]!;
    offsets[f] = totalBins;
    if (b.kind === 'numeric') {
      const edges = Float64Array.from(b.edges);
      const missingBin = edges.length + 1;
      numBins[f] = edges.length + 2;
      for (let i = 0; i < n; i++) {
        const v = data[i * d + f]!;
        bins[i * d + f] = v !== v ? missingBin : countBelow(edges, v);
      }
    } else {
      const binOf = new Map<number, number>(b.categories.map((code, i) => [code, i]));
      const other = b.categories.length;
      numBins[f] = other + 1;
      for (let i = 0; i < n; i++) bins[i * d + f] = binOf.get(data[i * d + f]!) ?? other;
    }
    totalBins += numBins[f]!;
  }
  return { rows: n, cols: d, bins, numBins, offsets, totalBins };
}

/** Number of edges strictly below v (the bin of v). */
function countBelow(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (v <= edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
