import { checkBinary, checkFinite, checkPaired, checkWeights, mlInputError } from './validate.js';

/**
 * Probability calibration of classifier scores: Platt scaling and isotonic regression, fitted on held-out scores
 * and labels, as scikit-learn's `CalibratedClassifierCV(method='sigmoid' | 'isotonic')` does per fold.
 */

/** P(y = 1 | score s) = 1 / (1 + exp(a·s + b)), scikit-learn's sign convention (a < 0 when scores rank well). */
export interface PlattCalibrator {
  kind: 'platt';
  a: number;
  b: number;
}

const PLATT_MAX_ITER = 100;
const PLATT_TOL = 1e-14;
const PLATT_RIDGE = 1e-12;

/**
 * Platt scaling with Platt's smoothed targets (scikit-learn's `_sigmoid_calibration`): positives aim at
 * (N₊ + 1) / (N₊ + 2) and negatives at 1 / (N₋ + 2), N counting (weighted) rows. Solved by Newton's method with
 * backtracking (Lin, Lin & Weng, 2007), to a gradient of 1e-14 per unit of weight (or until rounding stops any decrease).
 */
export function fitPlatt(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  sampleWeight?: ArrayLike<number>,
): PlattCalibrator {
  checkPaired(scores, labels, 'scores and labels');
  checkFinite('scores', scores);
  checkBinary('labels', labels);
  const n = scores.length;
  if (sampleWeight !== undefined) checkWeights(sampleWeight, n);
  const w = Float64Array.from({ length: n }, (_, i) => sampleWeight?.[i] ?? 1);
  let prior1 = 0;
  let prior0 = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] === 1) prior1 += w[i]!;
    else prior0 += w[i]!;
  }
  const total = prior0 + prior1;
  if (!(total > 0)) throw mlInputError('empty_input', 'the sample weights sum to 0');
  const hiTarget = (prior1 + 1) / (prior1 + 2);
  const loTarget = 1 / (prior0 + 2);
  const t = Float64Array.from({ length: n }, (_, i) => (labels[i] === 1 ? hiTarget : loTarget));

  // Mean over the weight of softplus(z) − (1 − t)·z, z = a·s + b: the cross-entropy against the targets.
  const evaluate = (a: number, b: number): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const z = a * scores[i]! + b;
      sum += w[i]! * ((z > 0 ? z : 0) + Math.log1p(Math.exp(-Math.abs(z))) - (1 - t[i]!) * z);
    }
    return sum / total;
  };

  let a = 0;
  let b = Math.log((prior0 + 1) / (prior1 + 1));
  let f = evaluate(a, b);
  for (let iter = 0; iter < PLATT_MAX_ITER; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = PLATT_RIDGE;
    let hab = 0;
    let hbb = PLATT_RIDGE;
    for (let i = 0; i < n; i++) {
      const s = scores[i]!;
      const q = sigmoidOf(a * s + b); // 1 − P
      const r = (w[i]! * (q - (1 - t[i]!))) / total;
      const h = (w[i]! * q * (1 - q)) / total;
      ga += r * s;
      gb += r;
      haa += h * s * s;
      hab += h * s;
      hbb += h;
    }
    if (Math.max(Math.abs(ga), Math.abs(gb)) <= PLATT_TOL) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(haa * gb - hab * ga) / det;
    if (Math.max(Math.abs(da) / (1 + Math.abs(a)), Math.abs(db) / (1 + Math.abs(b))) < 1e-15) break;
    const slope = ga * da + gb * db;
    let step = 1;
    let accepted = false;
    while (step >= 1e-10) {
      const value = evaluate(a + step * da, b + step * db);
      // Near the minimum the decrease falls below the rounding of f: a full Newton step that does not measurably
      // increase f is then taken.
      const noWorse = step === 1 && value <= f + 1e-13 * Math.abs(f);
      if (value <= f + 1e-4 * step * slope || noWorse) {
        a += step * da;
        b += step * db;
        f = value;
        accepted = true;
        break;
      }
      step /= 2;
    }
    if (!accepted) break; // rounding: no further decrease is measurable
  }
  return { kind: 'platt', a, b };
}

export function applyPlatt(calibrator: PlattCalibrator, scores: ArrayLike<number>): Float64Array {
  return Float64Array.from({ length: scores.length }, (_, i) =>
    sigmoidOf(-(calibrator.a * scores[i]! + calibrator.b)),
  );
}

function sigmoidOf(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** A fitted isotonic regression: the knots of a piecewise linear, monotone function, x ascending. */
export interface IsotonicCalibrator {
  kind: 'isotonic';
  x: number[];
  y: number[];
  increasing: boolean;
}

/** x values closer than this are one value (numpy's float64 `resolution`, as scikit-learn's `_make_unique`). */
const SAME_X = 1e-15;

/**
 * Isotonic regression by pool-adjacent-violators, as scikit-learn's `IsotonicRegression(out_of_bounds='clip')`:
 * zero-weight rows dropped, rows sorted by (x, y), equal x merged into their weighted mean, PAV (scikit-learn's
 * single-pass variant, same summation order), then knots whose y equals both neighbours' removed.
 */
export function fitIsotonic(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { sampleWeight?: ArrayLike<number>; increasing?: boolean } = {},
): IsotonicCalibrator {
  const { increasing = true, sampleWeight } = options;
  checkPaired(x, y, 'x and y');
  checkFinite('x', x);
  checkFinite('y', y);
  if (sampleWeight !== undefined) checkWeights(sampleWeight, x.length);
  const rows: number[] = [];
  for (let i = 0; i < x.length; i++) if ((sampleWeight?.[i] ?? 1) > 0) rows.push(i);
  if (rows.length === 0) throw mlInputError('empty_input', 'every sample weight is 0');
  rows.sort((i, j) => x[i]! - x[j]! || y[i]! - y[j]!);

  const ux: number[] = [];
  const uy: number[] = [];
  const uw: number[] = [];
  let currentX = x[rows[0]!]!;
  let sumWy = 0;
  let sumW = 0;
  for (const i of rows) {
    const wi = sampleWeight?.[i] ?? 1;
    if (x[i]! - currentX >= SAME_X) {
      ux.push(currentX);
      uy.push(sumWy / sumW);
      uw.push(sumW);
      currentX = x[i]!;
      sumWy = 0;
      sumW = 0;
    }
    sumWy += y[i]! * wi;
    sumW += wi;
  }
  ux.push(currentX);
  uy.push(sumWy / sumW);
  uw.push(sumW);

  const fitted = increasing ? pav(uy, uw) : pav(uy.reverse(), uw.reverse()).reverse();
  const keptX: number[] = [];
  const keptY: number[] = [];
  for (let k = 0; k < fitted.length; k++) {
    const interior = k > 0 && k < fitted.length - 1;
    if (interior && fitted[k] === fitted[k - 1] && fitted[k] === fitted[k + 1]) continue;
    keptX.push(ux[k]!);
    keptY.push(fitted[k]!);
  }
  return { kind: 'isotonic', x: keptX, y: keptY, increasing };
}

/** Weighted PAV for a non-decreasing fit: scikit-learn's `_inplace_contiguous_isotonic_regression`, on copies. */
export function pav(values: readonly number[], weights: readonly number[]): number[] {
  const y = values.slice();
  const w = weights.slice();
  const n = y.length;
  // target[i] is the last index of the block starting at i, and target[last] its first index.
  const target = Array.from({ length: n }, (_, i) => i);
  let i = 0;
  while (i < n) {
    let k = target[i]! + 1;
    if (k === n) break;
    if (y[i]! < y[k]!) {
      i = k;
      continue;
    }
    let sumWy = w[i]! * y[i]!;
    let sumW = w[i]!;
    for (;;) {
      const prevY = y[k]!;
      sumWy += w[k]! * y[k]!;
      sumW += w[k]!;
      k = target[k]! + 1;
      if (k === n || prevY < y[k]!) {
        y[i] = sumWy / sumW;
        w[i] = sumW;
        target[i] = k - 1;
        target[k - 1] = i;
        if (i > 0) i = target[i - 1]!;
        break;
      }
    }
  }
  for (let start = 0; start < n;) {
    const end = target[start]! + 1;
    for (let j = start + 1; j < end; j++) y[j] = y[start]!;
    start = end;
  }
  return y;
}

/**
 * The fitted function at each value: clipped to the fitted x range, then linearly interpolated between knots
 * (scipy's `interp1d` arithmetic, as scikit-learn 1.2 uses).
 */
export function applyIsotonic(calibrator: IsotonicCalibrator, values: ArrayLike<number>): Float64Array {
  const { x, y } = calibrator;
  const m = x.length;
  const out = new Float64Array(values.length);
  for (let r = 0; r < values.length; r++) {
    if (m === 1) {
      out[r] = y[0]!;
      continue;
    }
    const v = Math.min(x[m - 1]!, Math.max(x[0]!, values[r]!));
    // First knot ≥ v (numpy.searchsorted, side 'left'), kept within 1..m − 1.
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    const k = Math.min(m - 1, Math.max(1, lo));
    const slope = (y[k]! - y[k - 1]!) / (x[k]! - x[k - 1]!);
    out[r] = slope * (v - x[k - 1]!) + y[k - 1]!;
  }
  return out;
}
