import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  averagePrecision,
  cumulativeGains,
  liftAt,
  prCurve,
  rocAuc,
  rocCurve,
  thresholdCounts,
} from './ranking-metrics.js';
import { maxAbsDiff, referenceScores } from './reference-data.js';
import { errorReason } from './test-kit.js';

// Expected values: scripts/ml-reference/metrics.py (scikit-learn 1.2.1, numpy 1.24.2) on referenceScores(200, 11):
// roc_auc_score, average_precision_score, roc_curve, precision_recall_curve; gains and lift from the script's
// numpy transcription of the definition in ranking-metrics.ts (scikit-learn has none).
const REF = {
  score: { auc: 0.8341307814992026, ap: 0.744668413201788, rocPoints: 50, rocPointsWithoutDrop: 201 },
  tied: { auc: 0.8387314439946019, ap: 0.7334948932846251, rocPoints: 20, rocPointsWithoutDrop: 21 },
  // The tied score's ROC curve; its first threshold (scikit-learn 1.2: max + 1, here +Infinity) is left out.
  tiedRoc: {
    fpr: [
      0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.04895104895104895, 0.14685314685314685, 0.21678321678321677,
      0.26573426573426573, 0.32867132867132864, 0.4195804195804196, 0.4965034965034965, 0.5874125874125874,
      0.6713286713286714, 0.7482517482517482, 0.7902097902097902, 0.8741258741258742, 1.0,
    ],
    tpr: [
      0.0, 0.10526315789473684, 0.17543859649122806, 0.19298245614035087, 0.22807017543859648,
      0.3508771929824561, 0.42105263157894735, 0.5263157894736842, 0.5614035087719298, 0.631578947368421,
      0.7017543859649122, 0.8070175438596491, 0.8421052631578947, 0.8947368421052632, 1.0, 1.0, 1.0, 1.0, 1.0,
      1.0,
    ],
    thresholds: [
      0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.15, 0.1, 0.0,
    ],
  },
  tiedPr: {
    precision: [
      0.285, 0.29842931937172773, 0.3131868131868132, 0.3352941176470588, 0.3475609756097561,
      0.37254901960784315, 0.40425531914893614, 0.4180327868852459, 0.4444444444444444, 0.4946236559139785,
      0.5128205128205128, 0.5373134328358209, 0.6037735849056604, 0.8108108108108109, 1.0, 1.0, 1.0, 1.0, 1.0,
      1.0, 1.0,
    ],
    recall: [
      1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.8947368421052632, 0.8421052631578947, 0.8070175438596491,
      0.7017543859649122, 0.631578947368421, 0.5614035087719298, 0.5263157894736842, 0.42105263157894735,
      0.3508771929824561, 0.22807017543859648, 0.19298245614035087, 0.17543859649122806, 0.10526315789473684,
      0.0,
    ],
    thresholds: [
      0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9,
      0.95,
    ],
  },
  // [fraction, rows, positives, gain, lift]; the tied score's cuts at 25% and 50% fall inside ties.
  lift: {
    score: [
      [0.1, 20, 20, 0.3508771929824561, 3.5087719298245617],
      [0.25, 50, 31, 0.543859649122807, 2.175438596491228],
      [0.333, 67, 36, 0.631578947368421, 1.8853102906520034],
      [0.5, 100, 47, 0.8245614035087719, 1.6491228070175439],
      [1, 200, 57, 1, 1],
    ],
    tied: [
      [0.1, 20, 20, 0.3508771929824561, 3.5087719298245617],
      [0.25, 50, 31.625, 0.5548245614035088, 2.219298245614035],
      [0.333, 67, 36, 0.631578947368421, 1.8853102906520034],
      [0.5, 100, 46.93333333333333, 0.823391812865497, 1.6467836257309942],
      [1, 200, 57, 1, 1],
    ],
  },
};

const d = referenceScores(200, 11);

describe('ROC and precision–recall', () => {
  it.each(['score', 'tied'] as const)('match scikit-learn: %s', (name) => {
    expect(rocAuc(d.y, d[name])).toBeCloseTo(REF[name].auc, 12);
    expect(averagePrecision(d.y, d[name])).toBeCloseTo(REF[name].ap, 12);
    expect(rocCurve(d.y, d[name]).fpr).toHaveLength(REF[name].rocPoints);
    expect(rocCurve(d.y, d[name], { dropIntermediate: false }).fpr).toHaveLength(
      REF[name].rocPointsWithoutDrop,
    );
    expect(prCurve(d.y, d[name]).precision).toHaveLength(REF[name].rocPointsWithoutDrop);
  });

  it('give the same curve points as scikit-learn', () => {
    const roc = rocCurve(d.y, d.tied);
    expect(maxAbsDiff(roc.fpr, REF.tiedRoc.fpr)).toBeLessThan(1e-12);
    expect(maxAbsDiff(roc.tpr, REF.tiedRoc.tpr)).toBeLessThan(1e-12);
    expect(roc.thresholds[0]).toBe(Infinity);
    expect(maxAbsDiff(roc.thresholds.subarray(1), REF.tiedRoc.thresholds)).toBe(0);
    const pr = prCurve(d.y, d.tied);
    expect(maxAbsDiff(pr.precision, REF.tiedPr.precision)).toBeLessThan(1e-12);
    expect(maxAbsDiff(pr.recall, REF.tiedPr.recall)).toBeLessThan(1e-12);
    expect(maxAbsDiff(pr.thresholds, REF.tiedPr.thresholds)).toBe(0);
  });

  it("reproduce scikit-learn's docstring examples", () => {
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333333333333333, 15);
    expect(Array.from(prCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).recall)).toEqual([1, 1, 0.5, 0.5, 0]);
  });

  it('AUC is the share of (positive, negative) pairs ranked right, ties counting ½, and ignores monotone maps', () => {
    const labelled = fc
      .array(fc.record({ label: fc.constantFrom(0, 1), score: fc.integer({ min: -30, max: 30 }) }), {
        minLength: 2,
        maxLength: 60,
      })
      .filter((rows) => rows.some((r) => r.label === 1) && rows.some((r) => r.label === 0));
    fc.assert(
      fc.property(labelled, (rows) => {
        const y = rows.map((r) => r.label);
        const s = rows.map((r) => r.score);
        let pairs = 0;
        let wins = 0;
        for (const p of rows) {
          if (p.label !== 1) continue;
          for (const q of rows) {
            if (q.label !== 0) continue;
            pairs++;
            wins += p.score > q.score ? 1 : p.score === q.score ? 0.5 : 0;
          }
        }
        const auc = rocAuc(y, s);
        expect(auc).toBeCloseTo(wins / pairs, 12);
        // A strictly increasing map, exact on these integers, keeps every pair's order and every tie.
        expect(
          rocAuc(
            y,
            s.map((v) => v ** 3 + 5 * v - 7),
          ),
        ).toBe(auc);
        expect(
          rocAuc(
            y,
            s.map((v) => -v),
          ),
        ).toBeCloseTo(1 - auc, 12);
      }),
    );
  });
});

describe('gains and lift', () => {
  it.each(['score', 'tied'] as const)('match the reference at several depths: %s', (name) => {
    for (const [fraction, rows, positives, gain, lift] of REF.lift[name] as number[][]) {
      const result = liftAt(d.y, d[name], fraction!);
      expect(result.rows).toBe(rows);
      expect(result.positives).toBeCloseTo(positives!, 12);
      expect(result.gain).toBeCloseTo(gain!, 12);
      expect(result.lift).toBeCloseTo(lift!, 12);
    }
  });

  it('do not depend on the order of the rows, ties included', () => {
    const order = Array.from(d.y.keys()).reverse();
    const y = order.map((i) => d.y[i]!);
    const s = order.map((i) => d.tied[i]!);
    expect(liftAt(y, s, 0.25)).toEqual(liftAt(d.y, d.tied, 0.25));
  });

  it('trace a gains curve from (0, 0) to (1, 1) that agrees with liftAt at each threshold', () => {
    const curve = cumulativeGains(d.y, d.tied);
    expect([curve.population[0], curve.gain[0]]).toEqual([0, 0]);
    expect([curve.population.at(-1), curve.gain.at(-1)]).toEqual([1, 1]);
    const k = 5;
    expect(liftAt(d.y, d.tied, curve.population[k]!).gain).toBeCloseTo(curve.gain[k]!, 12);
  });
});

describe('ranking input errors', () => {
  it('refuse an AUC or curve when only one class is present', () => {
    expect(errorReason(() => rocAuc([1, 1], [0.2, 0.3]))).toBe('single_class');
    expect(errorReason(() => rocCurve([0, 0], [0.2, 0.3]))).toBe('single_class');
    expect(errorReason(() => averagePrecision([0, 0], [0.2, 0.3]))).toBe('single_class');
    expect(errorReason(() => liftAt([0, 0], [0.2, 0.3], 0.5))).toBe('single_class');
    // Without negatives average precision is still defined (every cut is all positives).
    expect(averagePrecision([1, 1], [0.2, 0.3])).toBe(1);
  });

  it('refuse empty, unequal or non-finite input', () => {
    expect(errorReason(() => thresholdCounts([], []))).toBe('empty_input');
    expect(errorReason(() => rocAuc([0, 1], [0.5]))).toBe('length_mismatch');
    expect(errorReason(() => rocAuc([0, 1], [0.5, NaN]))).toBe('not_finite');
    expect(errorReason(() => liftAt([0, 1], [0.5, 0.6], 0))).toBe('invalid_option');
  });
});
