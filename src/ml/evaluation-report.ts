import { meanVariance, quantileSorted } from './descriptive.js';
import { downsampleCurve } from './downsample-curve.js';
import { calibrationCurve, meanAbsoluteError, r2Score, rootMeanSquaredError } from './metrics.js';
import { averagePrecision, prCurve, rocAuc, rocCurve, thresholdCounts } from './ranking-metrics.js';
import { checkFinite, checkPaired, invalidOption } from './validate.js';

/**
 * Compact JSON reports of a model on held-out data, made for charts: everything a dashboard draws, nothing per row.
 * Curve coordinates are rounded to 6 decimals (a change in the AUC of at most 1e-6).
 */

export interface BinaryEvaluationReport {
  kind: 'binary';
  rows: number;
  positives: number;
  rocAuc: number;
  /** Average precision (the area under the precision–recall step curve). */
  averagePrecision: number;
  /** ROC points from (0, 0) to (1, 1), at most `maxCurvePoints` (see `downsampleCurve`). */
  roc: { fpr: number[]; tpr: number[] };
  /** Precision–recall points from recall 1 down to recall 0, at most `maxCurvePoints`. */
  pr: { recall: number[]; precision: number[] };
  /** Reliability diagram: `bins` uniform bins over [0, 1], the empty ones left out. */
  calibration: { bins: number; probPred: number[]; probTrue: number[]; counts: number[] };
  /**
   * Confusion counts at thresholds[k] = k / 100 for k = 0 … 100, a row being predicted positive when its
   * probability is ≥ the threshold (as `confusionMatrix`).
   */
  confusion: { thresholds: number[]; tp: number[]; fp: number[]; tn: number[]; fn: number[] };
  /**
   * Targeting the top fraction[k] = (k + 1) / 20 of rows by probability (5 %, 10 %, … 100 %): the share of all
   * positives reached, the precision and the lift (ties at the cut shared pro rata, as `liftAt`).
   */
  gains: { fraction: number[]; gain: number[]; precision: number[]; lift: number[] };
}

export interface RegressionDecile {
  /** 1 … groups, by ascending prediction. */
  group: number;
  rows: number;
  predictedMean: number;
  actualMean: number;
  predictedMin: number;
  predictedMax: number;
}

export interface RegressionEvaluationReport {
  kind: 'regression';
  rows: number;
  mae: number;
  rmse: number;
  r2: number;
  /** Rows in groups of (near) equal size by ascending prediction: predicted vs actual per group. */
  deciles: RegressionDecile[];
  /** Residuals actual − predicted: mean, population sd and quantiles (numpy's linear interpolation). */
  residuals: {
    mean: number;
    sd: number;
    min: number;
    p05: number;
    p25: number;
    median: number;
    p75: number;
    p95: number;
    max: number;
  };
}

export type EvaluationReport = BinaryEvaluationReport | RegressionEvaluationReport;

export interface BinaryReportOptions {
  /** Most points per curve (default 200). */
  maxCurvePoints?: number;
  /** Calibration bins (default 10). */
  calibrationBins?: number;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

function downsampled(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): [number[], number[]] {
  const kept = downsampleCurve(x, y, maxPoints);
  return [kept.map((i) => round6(x[i]!)), kept.map((i) => round6(y[i]!))];
}

/**
 * The report of a binary classifier from held-out labels (0/1) and probabilities: ROC and precision–recall curves,
 * calibration bins, confusion counts at every percent of threshold (so a threshold slider needs no rows) and
 * cumulative gains and lift at every 5 %. Needs both classes among the labels.
 *
 * @example
 * const report = binaryEvaluationReport(yHeldOut, pHeldOut); // JSON.stringify(report).length ≈ 15 kB
 * report.confusion.tp[50]; // true positives at threshold 0.50
 */
export function binaryEvaluationReport(
  yTrue: ArrayLike<number>,
  yProb: ArrayLike<number>,
  options: BinaryReportOptions = {},
): BinaryEvaluationReport {
  const maxPoints = options.maxCurvePoints ?? 200;
  const bins = options.calibrationBins ?? 10;
  const calibration = calibrationCurve(yTrue, yProb, { nBins: bins, strategy: 'uniform' });
  const roc = rocCurve(yTrue, yProb);
  const pr = prCurve(yTrue, yProb);
  const [fpr, tpr] = downsampled(roc.fpr, roc.tpr, maxPoints);
  const [recall, precision] = downsampled(pr.recall, pr.precision, maxPoints);

  const counts = thresholdCounts(yTrue, yProb);
  const { tps, fps, positives, negatives } = counts;
  const n = positives + negatives;

  // Distinct probabilities, highest first: the rows scoring ≥ t are those of the first `above` of them.
  const confusion = {
    thresholds: [] as number[],
    tp: [] as number[],
    fp: [] as number[],
    tn: [] as number[],
  };
  const fn: number[] = [];
  let above = 0;
  for (let k = 100; k >= 0; k--) {
    const t = k / 100;
    while (above < counts.thresholds.length && counts.thresholds[above]! >= t) above++;
    const tp = above === 0 ? 0 : tps[above - 1]!;
    const fp = above === 0 ? 0 : fps[above - 1]!;
    confusion.thresholds.push(t);
    confusion.tp.push(tp);
    confusion.fp.push(fp);
    confusion.tn.push(negatives - fp);
    fn.push(positives - tp);
  }
  for (const list of [confusion.thresholds, confusion.tp, confusion.fp, confusion.tn, fn]) list.reverse();

  const gains = {
    fraction: [] as number[],
    gain: [] as number[],
    precision: [] as number[],
    lift: [] as number[],
  };
  let k = 0;
  for (let step = 1; step <= 20; step++) {
    const fraction = step / 20;
    const rows = Math.max(1, Math.floor(fraction * n + 0.5));
    while (tps[k]! + fps[k]! < rows) k++;
    const aboveRows = k === 0 ? 0 : tps[k - 1]! + fps[k - 1]!;
    const abovePositives = k === 0 ? 0 : tps[k - 1]!;
    const tiedRows = tps[k]! + fps[k]! - aboveRows;
    const captured = abovePositives + ((rows - aboveRows) * (tps[k]! - abovePositives)) / tiedRows;
    gains.fraction.push(fraction);
    gains.gain.push(round6(captured / positives));
    gains.precision.push(round6(captured / rows));
    gains.lift.push(round6(captured / rows / (positives / n)));
  }

  return {
    kind: 'binary',
    rows: n,
    positives,
    rocAuc: rocAuc(yTrue, yProb),
    averagePrecision: averagePrecision(yTrue, yProb),
    roc: { fpr, tpr },
    pr: { recall, precision },
    calibration: {
      bins,
      probPred: Array.from(calibration.probPred, round6),
      probTrue: Array.from(calibration.probTrue, round6),
      counts: Array.from(calibration.counts),
    },
    confusion: { ...confusion, fn },
    gains,
  };
}

/**
 * The report of a regression model (customer value, …) from held-out actuals and predictions: errors, predicted vs
 * actual by group of prediction (deciles by default: rows sorted by prediction, ties by row order, cut into
 * `groups` runs of ⌊n/groups⌋ or ⌈n/groups⌉ rows), and a summary of the residuals.
 *
 * @example
 * const report = regressionEvaluationReport(actualSpend, predictedSpend);
 * report.deciles.at(-1); // { group: 10, predictedMean: 310.2, actualMean: 287.9, … }
 */
export function regressionEvaluationReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  options: { groups?: number } = {},
): RegressionEvaluationReport {
  checkPaired(yTrue, yPred, 'yTrue and yPred');
  checkFinite('yTrue', yTrue);
  checkFinite('yPred', yPred);
  const groupsWanted = options.groups ?? 10;
  if (!Number.isInteger(groupsWanted) || groupsWanted < 1)
    throw invalidOption(`groups must be a positive integer, got ${groupsWanted}`);
  const n = yTrue.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => yPred[a]! - yPred[b]! || a - b);
  const groups = Math.min(groupsWanted, n);
  const deciles: RegressionDecile[] = [];
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * n) / groups);
    const to = Math.floor(((g + 1) * n) / groups);
    let predicted = 0;
    let actual = 0;
    for (let r = from; r < to; r++) {
      predicted += yPred[order[r]!]!;
      actual += yTrue[order[r]!]!;
    }
    deciles.push({
      group: g + 1,
      rows: to - from,
      predictedMean: predicted / (to - from),
      actualMean: actual / (to - from),
      predictedMin: yPred[order[from]!]!,
      predictedMax: yPred[order[to - 1]!]!,
    });
  }
  const residual = Float64Array.from({ length: n }, (_, i) => yTrue[i]! - yPred[i]!);
  const { mean, variance } = meanVariance(residual);
  const sorted = Float64Array.from(residual).sort();
  return {
    kind: 'regression',
    rows: n,
    mae: meanAbsoluteError(yTrue, yPred),
    rmse: rootMeanSquaredError(yTrue, yPred),
    r2: r2Score(yTrue, yPred),
    deciles,
    residuals: {
      mean,
      sd: Math.sqrt(variance),
      min: sorted[0]!,
      p05: quantileSorted(sorted, 0.05),
      p25: quantileSorted(sorted, 0.25),
      median: quantileSorted(sorted, 0.5),
      p75: quantileSorted(sorted, 0.75),
      p95: quantileSorted(sorted, 0.95),
      max: sorted[n - 1]!,
    },
  };
}
