import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { applyIsotonic, applyPlatt, fitIsotonic, fitPlatt, pav } from './calibration.js';
import { maxAbsDiff, referenceScores } from './reference-data.js';
import { errorReason } from './test-kit.js';

// Expected values: scripts/ml-reference/calibration.py (scikit-learn 1.2.1, numpy 1.24.2, scipy 1.10.1) on
// referenceScores(200, 11); weights are i % 3. Platt: sklearn.calibration._sigmoid_calibration ('sklearn', stopped
// by fmin_bfgs at gtol 1e-5) and the exact minimiser of the same objective ('exact', scipy BFGS at gtol 1e-11).
// Isotonic: IsotonicRegression(out_of_bounds='clip') knots and predictions on GRID.
const PLATT = {
  score: { sklearn: [-6.675579280700449, 4.251988815589456], exact: [-6.675578846992956, 4.251988757405114] },
  tied: { sklearn: [-6.9271020038258095, 4.19702466313208], exact: [-6.927101679615563, 4.197024638482438] },
  weighted: {
    sklearn: [-6.587931392645291, 4.236356152194211],
    exact: [-6.587931773483486, 4.236356153477787],
  },
};
const GRID = [-0.5, 0.0, 0.01, 0.05, 0.123, 0.25, 0.3, 0.5, 0.61, 0.75, 0.9, 0.97, 1.0, 2.0];
const ISOTONIC = {
  tied: {
    x: [0.0, 0.25, 0.3, 0.4, 0.45, 0.6, 0.65, 0.7, 0.95],
    y: [
      0.0, 0.0, 0.22916666666666666, 0.22916666666666666, 0.2857142857142857, 0.2857142857142857,
      0.46153846153846156, 1.0, 1.0,
    ],
    predict: [0, 0, 0, 0, 0, 0, 0.22916666666666666, 0.2857142857142857, 0.32087912087912085, 1, 1, 1, 1, 1],
  },
  score: {
    x: [
      0.02354328546207398, 0.29846766067203134, 0.30046378213446584, 0.4486699364846572, 0.44961168270092455,
      0.6475096028996631, 0.647564969281666, 0.6971980067668482, 0.7056807821383699, 0.9963711177697405,
    ],
    y: [
      0.0, 0.0, 0.2127659574468085, 0.2127659574468085, 0.2857142857142857, 0.2857142857142857, 0.5, 0.5, 1.0,
      1.0,
    ],
    predict: [0, 0, 0, 0, 0, 0, 0.16333156593137269, 0.2857142857142857, 0.2857142857142857, 1, 1, 1, 1, 1],
  },
  weighted: {
    x: [0.0, 0.25, 0.3, 0.4, 0.45, 0.6, 0.65, 0.7, 0.95],
    y: [
      0.0, 0.0, 0.22916666666666666, 0.22916666666666666, 0.2727272727272727, 0.2727272727272727,
      0.5333333333333333, 1.0, 1.0,
    ],
    predict: [0, 0, 0, 0, 0, 0, 0.22916666666666666, 0.2727272727272727, 0.32484848484848483, 1, 1, 1, 1, 1],
  },
  // Labels do not decrease with the score anywhere, so the best decreasing fit is the mean, 57 / 200.
  decreasing: { x: [0.0, 0.95], y: [0.285, 0.285], predict: GRID.map(() => 0.285) },
};

const d = referenceScores(200, 11);
const weights = Float64Array.from({ length: 200 }, (_, i) => i % 3);

describe('Platt scaling', () => {
  it.each([
    ['score', d.score, undefined],
    ['tied', d.tied, undefined],
    ['weighted', d.score, weights],
  ] as const)('matches scikit-learn: %s', (name, scores, sampleWeight) => {
    const { a, b } = fitPlatt(scores, d.y, sampleWeight);
    expect(maxAbsDiff([a, b], PLATT[name].exact)).toBeLessThan(1e-9);
    expect(maxAbsDiff([a, b], PLATT[name].sklearn)).toBeLessThan(1e-6);
  });

  it('maps scores through 1 / (1 + exp(a·s + b)) and survives a JSON round trip', () => {
    const calibrator = fitPlatt(d.score, d.y);
    const restored = JSON.parse(JSON.stringify(calibrator)) as typeof calibrator;
    const p = applyPlatt(restored, [0, 0.5, 1]);
    [0, 0.5, 1].forEach((s, i) =>
      expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(calibrator.a * s + calibrator.b)), 15),
    );
    expect(p[0]!).toBeLessThan(p[2]!);
  });

  it('stays finite when all scores are equal (then only a·s + b is determined)', () => {
    const { a, b } = fitPlatt([0.3, 0.3, 0.3, 0.3], [0, 1, 1, 1]);
    expect(Number.isFinite(a) && Number.isFinite(b)).toBe(true);
    // Platt's targets: 1/(1+2) for the negative, (3+1)/(3+2) for the positives; the fit is their mean.
    expect(applyPlatt({ kind: 'platt', a, b }, [0.3])[0]).toBeCloseTo((1 / 3 + 3 * 0.8) / 4, 9);
  });
});

describe('isotonic regression', () => {
  it.each([
    ['tied', d.tied, undefined, true],
    ['score', d.score, undefined, true],
    ['weighted', d.tied, weights, true],
    ['decreasing', d.tied, undefined, false],
  ] as const)('matches scikit-learn: %s', (name, x, sampleWeight, increasing) => {
    const fitted = fitIsotonic(x, d.y, { increasing, ...(sampleWeight ? { sampleWeight } : {}) });
    expect(maxAbsDiff(fitted.x, ISOTONIC[name].x)).toBe(0);
    expect(maxAbsDiff(fitted.y, ISOTONIC[name].y)).toBeLessThan(1e-15);
    expect(maxAbsDiff(applyIsotonic(fitted, GRID), ISOTONIC[name].predict)).toBeLessThan(1e-15);
  });

  it('pools adjacent violators into a monotone fit with the same weighted sum', () => {
    const finite = fc.double({ min: -100, max: 100, noNaN: true });
    const rows = fc.array(fc.tuple(finite, fc.double({ min: 0.1, max: 10, noNaN: true })), {
      minLength: 1,
      maxLength: 50,
    });
    fc.assert(
      fc.property(rows, (pairs) => {
        const y = pairs.map(([v]) => v);
        const w = pairs.map(([, wt]) => wt);
        const fitted = pav(y, w);
        for (let i = 1; i < fitted.length; i++) expect(fitted[i]!).toBeGreaterThanOrEqual(fitted[i - 1]!);
        const sum = (values: number[]) => values.reduce((acc, v, i) => acc + v * w[i]!, 0);
        expect(sum(fitted)).toBeCloseTo(sum(y), 6);
        // An already monotone input is its own fit (up to rounding where equal neighbours are pooled).
        const sorted = y.slice().sort((a, b) => a - b);
        expect(maxAbsDiff(pav(sorted, w), sorted)).toBeLessThanOrEqual(1e-13);
      }),
    );
  });

  it('clips outside the fitted range and interpolates linearly between knots', () => {
    const fitted = fitIsotonic([1, 2, 3], [0, 1, 2]);
    expect(Array.from(applyIsotonic(fitted, [0, 1.5, 2.25, 9]))).toEqual([0, 0.5, 1.25, 2]);
    expect(Array.from(applyIsotonic(fitIsotonic([4, 4], [0, 1]), [0, 10]))).toEqual([0.5, 0.5]);
  });

  it('rejects unusable input', () => {
    expect(errorReason(() => fitIsotonic([], []))).toBe('empty_input');
    expect(errorReason(() => fitIsotonic([1, 2], [1]))).toBe('length_mismatch');
    expect(errorReason(() => fitIsotonic([1, 2], [0, 1], { sampleWeight: [0, 0] }))).toBe('empty_input');
    expect(errorReason(() => fitPlatt([1, NaN], [0, 1]))).toBe('not_finite');
    expect(errorReason(() => fitPlatt([1, 2], [0, 3]))).toBe('not_binary');
  });
});
