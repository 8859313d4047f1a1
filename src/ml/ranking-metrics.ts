import { checkBinary, checkFinite, checkPaired, invalidOption, mlInputError } from './validate.js';

/**
 * Metrics of a ranking by score: ROC, precision–recall, average precision, cumulative gains and lift. Labels are
 * 0/1 (1 is the positive class); a higher score means more likely positive. Rows with equal scores are never
 * ordered among themselves: each distinct score is one threshold, as in scikit-learn.
 */

/** Counts at each distinct score, highest first: rows with score ≥ thresholds[k] hold tps[k] positives and fps[k] negatives. */
export interface ThresholdCounts {
  thresholds: Float64Array;
  tps: Float64Array;
  fps: Float64Array;
  positives: number;
  negatives: number;
}

/** scikit-learn's `_binary_clf_curve`. */
export function thresholdCounts(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): ThresholdCounts {
  checkPaired(yTrue, yScore, 'yTrue and yScore');
  checkFinite('yScore', yScore);
  const positives = checkBinary('yTrue', yTrue);
  const n = yTrue.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => yScore[b]! - yScore[a]!);
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  for (let r = 0; r < n; r++) {
    const i = order[r]!;
    tp += yTrue[i]!;
    const next = order[r + 1];
    if (next === undefined || yScore[next] !== yScore[i]) {
      thresholds.push(yScore[i]!);
      tps.push(tp);
      fps.push(r + 1 - tp);
    }
  }
  return {
    thresholds: Float64Array.from(thresholds),
    tps: Float64Array.from(tps),
    fps: Float64Array.from(fps),
    positives,
    negatives: n - positives,
  };
}

function requireBothClasses(counts: ThresholdCounts, what: string): void {
  if (counts.positives === 0 || counts.negatives === 0) {
    throw mlInputError('single_class', `${what} is undefined when yTrue holds only one class`, {
      positives: counts.positives,
      negatives: counts.negatives,
    });
  }
}

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Descending; the first is +Infinity (the (0, 0) point; scikit-learn before 1.3 used max score + 1). */
  thresholds: Float64Array;
}

/**
 * ROC curve points, as scikit-learn's `roc_curve`. With `dropIntermediate` (default true) points on a straight
 * segment between two others are left out; they change neither the plot nor the area.
 */
export function rocCurve(
  yTrue: ArrayLike<number>,
  yScore: ArrayLike<number>,
  options: { dropIntermediate?: boolean } = {},
): RocCurve {
  const counts = thresholdCounts(yTrue, yScore);
  requireBothClasses(counts, 'the ROC curve');
  const { tps, fps, thresholds, positives, negatives } = counts;
  const m = tps.length;
  const keep: number[] = [];
  for (let k = 0; k < m; k++) {
    const corner =
      k === 0 ||
      k === m - 1 ||
      fps[k + 1]! - 2 * fps[k]! + fps[k - 1]! !== 0 ||
      tps[k + 1]! - 2 * tps[k]! + tps[k - 1]! !== 0;
    if (corner || options.dropIntermediate === false) keep.push(k);
  }
  const fpr = new Float64Array(keep.length + 1);
  const tpr = new Float64Array(keep.length + 1);
  const th = new Float64Array(keep.length + 1);
  th[0] = Infinity;
  keep.forEach((k, r) => {
    fpr[r + 1] = fps[k]! / negatives;
    tpr[r + 1] = tps[k]! / positives;
    th[r + 1] = thresholds[k]!;
  });
  return { fpr, tpr, thresholds: th };
}

/**
 * Area under the ROC curve: the trapezoid rule over the distinct thresholds (scikit-learn's `roc_auc_score`),
 * which equals the probability that a random positive outscores a random negative, ties counting one half.
 */
export function rocAuc(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  const counts = thresholdCounts(yTrue, yScore);
  requireBothClasses(counts, 'ROC AUC');
  const { tps, fps, positives, negatives } = counts;
  // Twice the area in units of whole (negative, positive) pairs: exact integer arithmetic below 2^53.
  let area2 = 0;
  let prevFp = 0;
  let prevTp = 0;
  for (let k = 0; k < tps.length; k++) {
    area2 += (fps[k]! - prevFp) * (tps[k]! + prevTp);
    prevFp = fps[k]!;
    prevTp = tps[k]!;
  }
  return area2 / (2 * positives * negatives);
}

export interface PrCurve {
  /** From the lowest threshold to the highest, then a final point with precision 1 and recall 0. */
  precision: Float64Array;
  recall: Float64Array;
  /** Ascending; one fewer than the points. */
  thresholds: Float64Array;
}

/** Precision–recall points, as scikit-learn's `precision_recall_curve` (one point per distinct score). */
export function prCurve(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): PrCurve {
  const counts = thresholdCounts(yTrue, yScore);
  if (counts.positives === 0) {
    throw mlInputError('single_class', 'the precision-recall curve is undefined without positives', {
      positives: 0,
    });
  }
  const { tps, fps, thresholds, positives } = counts;
  const m = tps.length;
  const precision = new Float64Array(m + 1);
  const recall = new Float64Array(m + 1);
  const th = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const r = m - 1 - k;
    precision[r] = tps[k]! / (tps[k]! + fps[k]!);
    recall[r] = tps[k]! / positives;
    th[r] = thresholds[k]!;
  }
  precision[m] = 1;
  recall[m] = 0;
  return { precision, recall, thresholds: th };
}

/**
 * Average precision, scikit-learn's `average_precision_score`: Σₖ (Rₖ − Rₖ₋₁)·Pₖ over the distinct thresholds from
 * the highest score down (R₀ = 0), i.e. the precision–recall step function's area, without interpolation.
 */
export function averagePrecision(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): number {
  const { precision, recall } = prCurve(yTrue, yScore);
  let ap = 0;
  for (let k = 0; k < recall.length - 1; k++) ap += (recall[k]! - recall[k + 1]!) * precision[k]!;
  return ap;
}

export interface GainsCurve {
  /** Share of rows with score ≥ the threshold; starts at 0. */
  population: Float64Array;
  /** Share of all positives among those rows; starts at 0. */
  gain: Float64Array;
  /** Descending; the first is +Infinity (the (0, 0) point). */
  thresholds: Float64Array;
}

/** Cumulative gains chart points, one per distinct score: target the rows scoring ≥ t, reach this share of positives. */
export function cumulativeGains(yTrue: ArrayLike<number>, yScore: ArrayLike<number>): GainsCurve {
  const counts = thresholdCounts(yTrue, yScore);
  if (counts.positives === 0) {
    throw mlInputError('single_class', 'gains are undefined without positives', { positives: 0 });
  }
  const { tps, fps, thresholds, positives } = counts;
  const n = yTrue.length;
  const m = tps.length;
  const population = new Float64Array(m + 1);
  const gain = new Float64Array(m + 1);
  const th = new Float64Array(m + 1);
  th[0] = Infinity;
  for (let k = 0; k < m; k++) {
    population[k + 1] = (tps[k]! + fps[k]!) / n;
    gain[k + 1] = tps[k]! / positives;
    th[k + 1] = thresholds[k]!;
  }
  return { population, gain, thresholds: th };
}

export interface LiftAtTop {
  /** Rows targeted: m = max(1, ⌊fraction·n + ½⌋). */
  rows: number;
  /** Positives among them (may be fractional when the cut falls inside a tie, see `liftAt`). */
  positives: number;
  /** positives / all positives: the cumulative gain at m rows. */
  gain: number;
  /** Share of positives among the targeted rows. */
  precision: number;
  /** precision / overall positive rate: how many times better than targeting m rows at random. */
  lift: number;
}

/**
 * Gain and lift when targeting the top `fraction` of rows by score. Rows scoring above the m-th highest score are
 * all targeted; the rows tied with it fill the remaining slots pro rata, so they contribute
 * (slots left) × (positives among the tied rows) / (tied rows): the expected count under a random order of the ties.
 * The result never depends on the order of the rows.
 */
export function liftAt(yTrue: ArrayLike<number>, yScore: ArrayLike<number>, fraction: number): LiftAtTop {
  if (!(fraction > 0 && fraction <= 1)) throw invalidOption(`fraction must be in (0, 1], got ${fraction}`);
  const counts = thresholdCounts(yTrue, yScore);
  if (counts.positives === 0) {
    throw mlInputError('single_class', 'lift is undefined without positives', { positives: 0 });
  }
  const { tps, fps, positives } = counts;
  const n = yTrue.length;
  const rows = Math.max(1, Math.floor(fraction * n + 0.5));
  let k = 0;
  while (tps[k]! + fps[k]! < rows) k++;
  const aboveRows = k === 0 ? 0 : tps[k - 1]! + fps[k - 1]!;
  const abovePositives = k === 0 ? 0 : tps[k - 1]!;
  const tiedRows = tps[k]! + fps[k]! - aboveRows;
  const tiedPositives = tps[k]! - abovePositives;
  const captured = abovePositives + ((rows - aboveRows) * tiedPositives) / tiedRows;
  const precision = captured / rows;
  return {
    rows,
    positives: captured,
    gain: captured / positives,
    precision,
    lift: precision / (positives / n),
  };
}
