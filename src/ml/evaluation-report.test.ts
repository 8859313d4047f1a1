import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { quantile } from './descriptive.js';
import { downsampleCurve } from './downsample-curve.js';
import { binaryEvaluationReport, regressionEvaluationReport } from './evaluation-report.js';
import {
  calibrationCurve,
  confusionMatrix,
  meanAbsoluteError,
  r2Score,
  rootMeanSquaredError,
} from './metrics.js';
import { averagePrecision, liftAt, prCurve, rocAuc, rocCurve } from './ranking-metrics.js';
import { referenceScores } from './reference-data.js';
import { errorReason } from './test-kit.js';

// Expected values come from the metrics the report is built from (metrics.ts and ranking-metrics.ts, themselves
// checked against scikit-learn in their tests), computed here on the full, unrounded data.

/** Held-out data with many distinct probabilities: 20,000 rows, labels from a logistic link of a noisy score. */
function heldOut(n: number, seed: string): { y: Float64Array; p: Float64Array } {
  const rng = createRng(seed);
  const y = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const z = rng.normal(-1, 1.5);
    p[i] = 1 / (1 + Math.exp(-z));
    y[i] = rng.next() < 1 / (1 + Math.exp(-(z + rng.normal(0, 0.7)))) ? 1 : 0;
  }
  return { y, p };
}

/** Trapezoid area under (x, y) with x ascending. */
function trapezoid(x: readonly number[], y: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < x.length; i++) area += ((x[i]! - x[i - 1]!) * (y[i]! + y[i - 1]!)) / 2;
  return area;
}

describe('binaryEvaluationReport', () => {
  const { y, p } = heldOut(20_000, 'report');
  const report = binaryEvaluationReport(y, p);

  it('down-samples the ROC curve to 200 of its points, keeping the AUC within 1e-3', () => {
    const full = rocCurve(y, p);
    expect(full.fpr.length).toBeGreaterThan(1000);
    const { fpr, tpr } = report.roc;
    expect(fpr).toHaveLength(200);
    expect([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)]).toEqual([0, 0, 1, 1]);
    expect(report.rocAuc).toBe(rocAuc(y, p));
    expect(Math.abs(trapezoid(fpr, tpr) - report.rocAuc)).toBeLessThan(1e-3);
    // Every kept point is a point of the full curve (up to the 6-decimal rounding), in the same order.
    const onCurve = new Set(
      Array.from(full.fpr, (f, i) => `${Math.round(f * 1e6)}|${Math.round(full.tpr[i]! * 1e6)}`),
    );
    fpr.forEach((f, i) =>
      expect(onCurve.has(`${Math.round(f * 1e6)}|${Math.round(tpr[i]! * 1e6)}`)).toBe(true),
    );
    for (let i = 1; i < fpr.length; i++) {
      expect(fpr[i]).toBeGreaterThanOrEqual(fpr[i - 1]!);
      expect(tpr[i]).toBeGreaterThanOrEqual(tpr[i - 1]!);
    }
  });

  it('down-samples the precision–recall curve from recall 1 to recall 0', () => {
    const full = prCurve(y, p);
    const { recall, precision } = report.pr;
    expect(recall).toHaveLength(200);
    expect(recall[0]).toBe(1);
    expect(precision[0]).toBeCloseTo(full.precision[0]!, 6);
    expect([recall.at(-1), precision.at(-1)]).toEqual([0, 1]);
    expect(report.averagePrecision).toBe(averagePrecision(y, p));
    // The step area (average precision) over the kept points stays close to the full one.
    let ap = 0;
    for (let k = 0; k < recall.length - 1; k++) ap += (recall[k]! - recall[k + 1]!) * precision[k]!;
    expect(Math.abs(ap - report.averagePrecision)).toBeLessThan(5e-3);
  });

  it('has the calibration curve of 10 uniform bins', () => {
    const c = calibrationCurve(y, p, { nBins: 10 });
    expect(report.calibration.bins).toBe(10);
    expect(report.calibration.counts).toEqual(Array.from(c.counts));
    report.calibration.probPred.forEach((v, i) => expect(v).toBeCloseTo(c.probPred[i]!, 6));
    report.calibration.probTrue.forEach((v, i) => expect(v).toBeCloseTo(c.probTrue[i]!, 6));
  });

  it('has the confusion matrix at every threshold from 0.00 to 1.00', () => {
    const { thresholds, tp, fp, tn, fn } = report.confusion;
    expect(thresholds).toHaveLength(101);
    for (let k = 0; k <= 100; k++) {
      expect(thresholds[k]).toBe(k / 100);
      expect({ tp: tp[k], fp: fp[k], tn: tn[k], fn: fn[k] }, `threshold ${k / 100}`).toEqual(
        confusionMatrix(y, p, k / 100),
      );
    }
    expect(tp[0]! + fn[0]!).toBe(report.positives);
    expect(tp[0]! + fp[0]!).toBe(20_000);
  });

  it('has gains, precision and lift at every 5 %, ties at the cut shared pro rata', () => {
    const d = referenceScores(200, 11);
    for (const scores of [p, d.tied]) {
      const labels = scores === p ? y : d.y;
      const gains = scores === p ? report.gains : binaryEvaluationReport(labels, scores).gains;
      expect(gains.fraction).toHaveLength(20);
      gains.fraction.forEach((f, k) => {
        expect(f).toBe((k + 1) / 20);
        const expected = liftAt(labels, scores, f);
        expect(gains.gain[k]).toBeCloseTo(expected.gain, 6);
        expect(gains.precision[k]).toBeCloseTo(expected.precision, 6);
        expect(gains.lift[k]).toBeCloseTo(expected.lift, 6);
      });
      expect(gains.gain.at(-1)).toBe(1);
    }
  });

  it('keeps every point of a short curve and survives a JSON round trip', () => {
    const d = referenceScores(200, 11);
    const small = binaryEvaluationReport(d.y, d.tied);
    const roc = rocCurve(d.y, d.tied);
    expect(small.roc.fpr).toHaveLength(roc.fpr.length);
    small.roc.tpr.forEach((v, i) => expect(v).toBeCloseTo(roc.tpr[i]!, 6));
    expect(trapezoid(small.roc.fpr, small.roc.tpr)).toBeCloseTo(rocAuc(d.y, d.tied), 5);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(JSON.stringify(report).length).toBeLessThan(25_000);
  });

  it('refuses labels of one class and probabilities outside [0, 1]', () => {
    expect(errorReason(() => binaryEvaluationReport([0, 0, 0], [0.1, 0.2, 0.3]))).toBe('single_class');
    expect(errorReason(() => binaryEvaluationReport([0, 1], [0.1, 1.2]))).toBe('out_of_range');
    expect(errorReason(() => binaryEvaluationReport([0, 1], [0.1]))).toBe('length_mismatch');
  });
});

describe('downsampleCurve', () => {
  it('drops collinear points first, so a polyline keeps exactly its corners', () => {
    // Corners at x = 0, 10, 25, 40 with 40 points on straight segments between them.
    const x = Array.from({ length: 41 }, (_, i) => i);
    const y = x.map((v) => (v <= 10 ? 2 * v : v <= 25 ? 20 + 0.5 * (v - 10) : 27.5 + 3 * (v - 25)));
    expect(downsampleCurve(x, y, 4)).toEqual([0, 10, 25, 40]);
    expect(downsampleCurve(x, y, 100)).toHaveLength(41);
  });

  it('keeps the ends and at most maxPoints points, in order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
          {
            minLength: 2,
            maxLength: 300,
          },
        ),
        fc.integer({ min: 2, max: 50 }),
        (points, max) => {
          const x = points.map(([a]) => a).sort((a, b) => a - b);
          const y = points.map(([, b]) => b);
          const kept = downsampleCurve(x, y, max);
          expect(kept).toHaveLength(Math.min(max, points.length));
          expect(kept[0]).toBe(0);
          expect(kept.at(-1)).toBe(points.length - 1);
          for (let i = 1; i < kept.length; i++) expect(kept[i]).toBeGreaterThan(kept[i - 1]!);
        },
      ),
    );
  });

  it('refuses fewer than 2 points to keep', () => {
    expect(errorReason(() => downsampleCurve([0, 1, 2], [0, 1, 2], 1))).toBe('invalid_option');
  });
});

describe('regressionEvaluationReport', () => {
  const d = referenceScores(203, 11);
  const report = regressionEvaluationReport(d.truth, d.pred);

  it('has the errors of metrics.ts', () => {
    expect(report.rows).toBe(203);
    expect(report.mae).toBe(meanAbsoluteError(d.truth, d.pred));
    expect(report.rmse).toBe(rootMeanSquaredError(d.truth, d.pred));
    expect(report.r2).toBe(r2Score(d.truth, d.pred));
  });

  it('has predicted vs actual by decile of prediction', () => {
    expect(report.deciles.map((g) => g.group)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(report.deciles.map((g) => g.rows)).toEqual([20, 20, 20, 21, 20, 20, 21, 20, 20, 21]);
    const order = Array.from({ length: 203 }, (_, i) => i).sort((a, b) => d.pred[a]! - d.pred[b]!);
    let start = 0;
    for (const g of report.deciles) {
      const rows = order.slice(start, start + g.rows);
      start += g.rows;
      const meanOf = (v: Float64Array) => rows.reduce((s, i) => s + v[i]!, 0) / rows.length;
      expect(g.predictedMean).toBeCloseTo(meanOf(d.pred), 12);
      expect(g.actualMean).toBeCloseTo(meanOf(d.truth), 12);
      expect(g.predictedMin).toBe(d.pred[rows[0]!]);
      expect(g.predictedMax).toBe(d.pred[rows.at(-1)!]);
    }
    // The prediction tracks the truth here, so the actual means rise with the deciles.
    expect(report.deciles[9]!.actualMean).toBeGreaterThan(report.deciles[0]!.actualMean + 5);
  });

  it('summarises the residuals actual − predicted', () => {
    const residual = Array.from(d.truth, (t, i) => t - d.pred[i]!);
    const mean = residual.reduce((s, v) => s + v, 0) / residual.length;
    const sd = Math.sqrt(residual.reduce((s, v) => s + (v - mean) ** 2, 0) / residual.length);
    expect(report.residuals.mean).toBeCloseTo(mean, 12);
    expect(report.residuals.sd).toBeCloseTo(sd, 12);
    expect(report.residuals.min).toBe(Math.min(...residual));
    expect(report.residuals.max).toBe(Math.max(...residual));
    expect(report.residuals.median).toBe(quantile(residual, 0.5));
    expect(report.residuals.p05).toBe(quantile(residual, 0.05));
    expect(report.residuals.p95).toBe(quantile(residual, 0.95));
  });

  it('uses one group per row when there are fewer rows than groups, and refuses bad input', () => {
    const small = regressionEvaluationReport([3, 1, 2], [30, 10, 20]);
    expect(small.deciles.map((g) => [g.rows, g.predictedMean, g.actualMean])).toEqual([
      [1, 10, 1],
      [1, 20, 2],
      [1, 30, 3],
    ]);
    expect(errorReason(() => regressionEvaluationReport([1, NaN], [1, 2]))).toBe('not_finite');
    expect(errorReason(() => regressionEvaluationReport([1, 2], [1, 2], { groups: 0 }))).toBe(
      'invalid_option',
    );
    expect(errorReason(() => regressionEvaluationReport([], []))).toBe('empty_input');
  });
});
