import { describe, expect, it } from 'vitest';

import {
  accuracy,
  brierScore,
  calibrationCurve,
  confusionMatrix,
  f1Score,
  logLoss,
  meanAbsoluteError,
  precision,
  r2Score,
  recall,
  rootMeanSquaredError,
} from './metrics.js';
import { maxAbsDiff, referenceScores } from './reference-data.js';
import { errorReason } from './test-kit.js';

// Expected values: scripts/ml-reference/metrics.py (scikit-learn 1.2.1, numpy 1.24.2), scikit-learn's functions
// of the same names on referenceScores(200, 11); predictions are score ≥ 0.5.
const REF = {
  confusion: { tp: 40, fp: 38, tn: 105, fn: 17 },
  accuracy: 0.725,
  precision: 0.5128205128205128,
  recall: 0.7017543859649122,
  f1: 0.5925925925925926,
  logLossProb: 1.1965050322907393,
  logLossScore: 0.4911253733954865,
  brierProb: 0.18097464501355304,
  mae: 0.4920736654521897,
  rmse: 0.569158439123811,
  r2: 0.9582838290742328,
  calibration: {
    'uniform-5-score': {
      probTrue: [0.0, 0.16071428571428573, 0.2909090909090909, 0.475, 1.0],
      probPred: [
        0.09931047010080266, 0.306557754460456, 0.5015577819473536, 0.6785995312361047, 0.9315308895015803,
      ],
    },
    // Tied scores sit on the bin edges: each belongs to the bin below it.
    'uniform-10-tied': {
      probTrue: [
        0.0, 0.0, 0.1935483870967742, 0.1724137931034483, 0.38461538461538464, 0.2, 0.5882352941176471, 1.0,
        1.0, 1.0,
      ],
      probPred: [
        0.055000000000000014, 0.1823529411764706, 0.2806451612903226, 0.3758620689655172, 0.47115384615384603,
        0.5766666666666667, 0.661764705882353, 0.7611111111111111, 0.89, 0.9500000000000001,
      ],
    },
    'quantile-5-score': {
      probTrue: [0.0, 0.15, 0.275, 0.225, 0.775],
      probPred: [
        0.11052855196874586, 0.29485099609475574, 0.4285290077584795, 0.5779034365387634, 0.7777373074763454,
      ],
    },
    'quantile-10-score': {
      probTrue: [0.0, 0.0, 0.05, 0.25, 0.2, 0.35, 0.35, 0.1, 0.55, 1.0],
      probPred: [
        0.06252135629765689, 0.15853574763983488, 0.26190154637210067, 0.32780044581741097,
        0.39536973132286224, 0.4616882841940968, 0.5416331202769652, 0.6141737528005615, 0.6784478882141409,
        0.8770267267385499,
      ],
    },
    'quantile-10-tied': {
      probTrue: [
        0.0, 0.0, 0.1935483870967742, 0.21428571428571427, 0.13333333333333333, 0.4, 0.32, 0.125,
        0.5882352941176471, 1.0,
      ],
      probPred: [
        0.055000000000000014, 0.1823529411764706, 0.2806451612903226, 0.35, 0.4000000000000001,
        0.4500000000000001, 0.5280000000000001, 0.5999999999999999, 0.661764705882353, 0.85,
      ],
    },
  },
};

const d = referenceScores(200, 11);
const pred = d.score.map((s) => (s >= 0.5 ? 1 : 0));

describe('thresholded classification metrics', () => {
  it('match scikit-learn', () => {
    expect(confusionMatrix(d.y, d.score, 0.5)).toEqual(REF.confusion);
    expect(confusionMatrix(d.y, pred)).toEqual(REF.confusion);
    expect(accuracy(d.y, pred)).toBeCloseTo(REF.accuracy, 12);
    expect(precision(d.y, pred)).toBeCloseTo(REF.precision, 12);
    expect(recall(d.y, pred)).toBeCloseTo(REF.recall, 12);
    expect(f1Score(d.y, pred)).toBeCloseTo(REF.f1, 12);
  });

  it('give 0 instead of 0 / 0, as scikit-learn with zero_division=0', () => {
    expect(precision([1, 0], [0, 0])).toBe(0);
    expect(recall([0, 0], [1, 0])).toBe(0);
    expect(f1Score([0, 0], [0, 0])).toBe(0);
  });
});

describe('probability metrics', () => {
  it('match scikit-learn, including the clipping of log-loss at 0 and 1', () => {
    // prob holds exact 0s and 1s, some on rows of the other class: each costs −log(eps) ≈ 36.04.
    expect(logLoss(d.y, d.prob)).toBeCloseTo(REF.logLossProb, 12);
    expect(logLoss(d.y, d.score)).toBeCloseTo(REF.logLossScore, 12);
    expect(brierScore(d.y, d.prob)).toBeCloseTo(REF.brierProb, 12);
    expect(logLoss([1], [0])).toBeCloseTo(-Math.log(Number.EPSILON), 12);
  });

  it('reject probabilities outside [0, 1]', () => {
    expect(errorReason(() => logLoss([0, 1], [0.2, 1.2]))).toBe('out_of_range');
    expect(errorReason(() => brierScore([0, 1], [0.2, NaN]))).toBe('out_of_range');
  });
});

describe('calibrationCurve', () => {
  it.each(Object.keys(REF.calibration) as (keyof typeof REF.calibration)[])(
    'matches scikit-learn: %s',
    (key) => {
      const [strategy, bins, data] = key.split('-') as ['uniform' | 'quantile', string, 'score' | 'tied'];
      const curve = calibrationCurve(d.y, d[data], { nBins: Number(bins), strategy });
      expect(maxAbsDiff(curve.probTrue, REF.calibration[key].probTrue)).toBeLessThan(1e-12);
      expect(maxAbsDiff(curve.probPred, REF.calibration[key].probPred)).toBeLessThan(1e-12);
      expect(curve.counts.reduce((a, b) => a + b, 0)).toBe(200);
    },
  );

  it("reproduces scikit-learn's docstring example and leaves out empty bins", () => {
    const y = [0, 0, 0, 0, 1, 1, 1, 1, 1];
    const p = [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1];
    const curve = calibrationCurve(y, p, { nBins: 3 });
    expect(Array.from(curve.probTrue)).toEqual([0, 0.5, 1]);
    expect(maxAbsDiff(curve.probPred, [0.2, 0.525, 0.85])).toBeLessThan(1e-12);
    expect(Array.from(calibrationCurve([0, 1], [0.05, 0.95], { nBins: 10 }).counts)).toEqual([1, 1]);
  });
});

describe('regression metrics', () => {
  it('match scikit-learn', () => {
    expect(meanAbsoluteError(d.truth, d.pred)).toBeCloseTo(REF.mae, 12);
    expect(rootMeanSquaredError(d.truth, d.pred)).toBeCloseTo(REF.rmse, 12);
    expect(r2Score(d.truth, d.pred)).toBeCloseTo(REF.r2, 12);
  });

  it('score a constant truth as scikit-learn does (force_finite)', () => {
    expect(r2Score([3, 3], [3, 3])).toBe(1);
    expect(r2Score([3, 3], [3, 4])).toBe(0);
  });
});

describe('input errors', () => {
  it('throw an AppError for empty input, unequal lengths and non-binary labels', () => {
    expect(errorReason(() => accuracy([], []))).toBe('empty_input');
    expect(errorReason(() => meanAbsoluteError([1, 2], [1]))).toBe('length_mismatch');
    expect(errorReason(() => precision([0, 2], [0, 1]))).toBe('not_binary');
    expect(errorReason(() => confusionMatrix([0, 1], [0.5, Infinity]))).toBe('not_finite');
    expect(errorReason(() => calibrationCurve([0, 1], [0.1, 0.2], { nBins: 0 }))).toBe('invalid_option');
  });
});
