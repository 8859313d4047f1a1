import { quantileSorted, sortedCopy } from './descriptive.js';
import { checkBinary, checkFinite, checkPaired, invalidOption, mlInputError } from './validate.js';

/**
 * Classification metrics at a threshold, probability metrics and regression metrics, with scikit-learn's
 * definitions. Labels are 0/1 (1 is the positive class). Every function throws on empty or unequal inputs.
 */

export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Counts with a row predicted positive when its score is ≥ `threshold` (so 0/1 predictions work as scores). */
export function confusionMatrix(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  threshold = 0.5,
): ConfusionMatrix {
  checkPaired(yTrue, yScore, 'yTrue and yScore');
  checkBinary('yTrue', yTrue);
  checkFinite('yScore', yScore);
  const counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < yTrue.length; i++) {
    const positive = yScore[i]! >= threshold;
    if (yTrue[i] === 1) {
      if (positive) counts.tp++;
      else counts.fn++;
    } else if (positive) counts.fp++;
    else counts.tn++;
  }
  return counts;
}

/** Share of rows whose prediction equals the label (any label values). */
export function accuracy(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkPaired(yTrue, yPred, 'yTrue and yPred');
  let hits = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / yTrue.length;
}

/** tp / (tp + fp) for 0/1 predictions; 0 when nothing is predicted positive (scikit-learn's zero_division). */
export function precision(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tp, fp } = predictedCounts(yTrue, yPred);
  return tp + fp === 0 ? 0 : tp / (tp + fp);
}

/** tp / (tp + fn); 0 when there are no positives. */
export function recall(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tp, fn } = predictedCounts(yTrue, yPred);
  return tp + fn === 0 ? 0 : tp / (tp + fn);
}

/** 2·tp / (2·tp + fp + fn), the harmonic mean of precision and recall; 0 when that is 0 / 0. */
export function f1Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  const { tp, fp, fn } = predictedCounts(yTrue, yPred);
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

function predictedCounts(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): ConfusionMatrix {
  checkBinary('yPred', yPred);
  return confusionMatrix(yTrue, yPred, 0.5);
}

/** Probabilities of the positive class: finite and within [0, 1]. */
function checkProbabilities(yTrue: ArrayLike<number>, yProb: ArrayLike<number>): void {
  checkPaired(yTrue, yProb, 'yTrue and yProb');
  checkBinary('yTrue', yTrue);
  for (let i = 0; i < yProb.length; i++) {
    const p = yProb[i]!;
    if (!(p >= 0 && p <= 1)) {
      throw mlInputError('out_of_range', `yProb must be within [0, 1], found ${p} at index ${i}`, {
        index: i,
      });
    }
  }
}

/**
 * Mean negative log-likelihood, scikit-learn's `log_loss`: probabilities are clipped to [eps, 1 − eps] first, with
 * eps the float64 machine epsilon by default (scikit-learn's `eps='auto'`), so a confident miss costs ≈ 36, not ∞.
 */
export function logLoss(yTrue: ArrayLike<number>, yProb: ArrayLike<number>, eps = Number.EPSILON): number {
  checkProbabilities(yTrue, yProb);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const p = Math.min(1 - eps, Math.max(eps, yProb[i]!));
    sum -= yTrue[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / yTrue.length;
}

/** Mean squared difference between the probability and the 0/1 label. */
export function brierScore(yTrue: ArrayLike<number>, yProb: ArrayLike<number>): number {
  checkProbabilities(yTrue, yProb);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i]! - yProb[i]!) ** 2;
  return sum / yTrue.length;
}

export interface CalibrationCurve {
  /** Share of positives in each non-empty bin. */
  probTrue: Float64Array;
  /** Mean predicted probability in each non-empty bin. */
  probPred: Float64Array;
  /** Rows in each non-empty bin. */
  counts: Float64Array;
  /** All bin edges, empty bins included (nBins + 1 values from 0 or the lowest probability). */
  edges: Float64Array;
}

/**
 * Reliability diagram, as scikit-learn's `calibration_curve`: `nBins` bins over [0, 1] ('uniform', default 5) or
 * at the quantiles of yProb ('quantile'). A probability equal to an inner edge falls in the lower bin; empty bins
 * are left out of probTrue, probPred and counts.
 */
export function calibrationCurve(
  yTrue: ArrayLike<number>,
  yProb: ArrayLike<number>,
  options: { nBins?: number; strategy?: 'uniform' | 'quantile' } = {},
): CalibrationCurve {
  const { nBins = 5, strategy = 'uniform' } = options;
  if (!Number.isInteger(nBins) || nBins < 1)
    throw invalidOption(`nBins must be a positive integer, got ${nBins}`);
  checkProbabilities(yTrue, yProb);
  // numpy's linspace(0, 1, nBins + 1) is i · (1 / nBins) with the last exactly 1; percentile divides by 100 again.
  const step = 1 / nBins;
  const edges = new Float64Array(nBins + 1);
  const sorted = strategy === 'quantile' ? sortedCopy(yProb) : undefined;
  for (let i = 0; i <= nBins; i++) {
    const q = i === nBins ? 1 : i * step;
    edges[i] = sorted === undefined ? q : quantileSorted(sorted, Math.min(1, (q * 100) / 100));
  }
  const sums = new Float64Array(nBins);
  const positives = new Float64Array(nBins);
  const totals = new Float64Array(nBins);
  for (let i = 0; i < yProb.length; i++) {
    const p = yProb[i]!;
    // numpy.searchsorted(edges[1:-1], p), side 'left': the number of inner edges below p.
    let lo = 1;
    let hi = nBins;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    const bin = lo - 1;
    sums[bin]! += p;
    positives[bin]! += yTrue[i]!;
    totals[bin]!++;
  }
  const probTrue: number[] = [];
  const probPred: number[] = [];
  const counts: number[] = [];
  for (let b = 0; b < nBins; b++) {
    if (totals[b] === 0) continue;
    probTrue.push(positives[b]! / totals[b]!);
    probPred.push(sums[b]! / totals[b]!);
    counts.push(totals[b]!);
  }
  return {
    probTrue: Float64Array.from(probTrue),
    probPred: Float64Array.from(probPred),
    counts: Float64Array.from(counts),
    edges,
  };
}

function checkRegression(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
  checkPaired(yTrue, yPred, 'yTrue and yPred');
  checkFinite('yTrue', yTrue);
  checkFinite('yPred', yPred);
}

export function meanAbsoluteError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkRegression(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += Math.abs(yTrue[i]! - yPred[i]!);
  return sum / yTrue.length;
}

/** Square root of the mean squared error. */
export function rootMeanSquaredError(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkRegression(yTrue, yPred);
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i]! - yPred[i]!) ** 2;
  return Math.sqrt(sum / yTrue.length);
}

/**
 * Coefficient of determination 1 − SS_res / SS_tot, scikit-learn's `r2_score`: a constant yTrue gives 1 for a
 * perfect prediction and 0 otherwise (its `force_finite`).
 */
export function r2Score(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  checkRegression(yTrue, yPred);
  const n = yTrue.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += yTrue[i]!;
  mean /= n;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    ssRes += (yTrue[i]! - yPred[i]!) ** 2;
    ssTot += (yTrue[i]! - mean) ** 2;
  }
  if (ssTot === 0) return ssRes === 0 ? 1 : 0;
  return 1 - ssRes / ssTot;
}
