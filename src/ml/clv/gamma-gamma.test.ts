import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/index.js';
import {
  fitGammaGamma,
  gammaGammaExpectedOrderValue,
  gammaGammaLogLikelihood,
  type GammaGammaParams,
} from './gamma-gamma.js';
import { CLV_REFERENCE_SUMMARIES as DATA } from './reference-data.js';
import { simulateOrderValues } from './simulate.js';
import { errorReason, relativeError } from './test-kit.js';

// Expected values: scripts/ml-reference/clv_gamma_gamma.py (scipy 1.10.1, numpy 1.24.2), an independent
// implementation of the Gamma-Gamma model (Fader, Hardie & Lee 2005; Hardie's note 025: likelihood eq. 1a
// with scipy.special.betaln, E[M | x, m_x] eq. 5), fitted by scipy.optimize.minimize (Nelder-Mead, xatol
// 1e-12, fatol 1e-15, restarted until it stops moving; central-difference gradient there ≤ 4e-8) on the 281
// customers with a repeat purchase among the 400 of ./reference-data.ts.
const POINTS = [
  {
    params: { p: 6, q: 4, gamma: 15 },
    logLikelihood: -1139.6282610835462,
    expectedOrderValue: [30.0, 18.333333333333336, 72.85714285714286, 30.975609756097562],
  },
  {
    params: { p: 2.5, q: 1.4, gamma: 60 },
    logLikelihood: -1681.6209776051323,
    expectedOrderValue: [375.00000000000006, 62.499999999999986, 94.93670886075951, 33.73015873015872],
  },
];
const ORDER_CUSTOMERS = [
  { frequency: 0, monetaryValue: 0 },
  { frequency: 1, monetaryValue: 12.5 },
  { frequency: 3, monetaryValue: 80 },
  { frequency: 20, monetaryValue: 31 },
];
const FITS = [
  {
    penalizer: 0,
    params: { p: 5.037019270833154, q: 4.62622284326978, gamma: 20.424598805620395 },
    logLikelihood: -1138.7468779549279,
  },
  {
    penalizer: 0.01,
    params: { p: 8.591132828363701, q: 3.2689545168050844, gamma: 7.927848198773261 },
    logLikelihood: -1141.9732144644904,
  },
];
const KEYS = ['p', 'q', 'gamma'] as const;

describe('gammaGammaLogLikelihood and gammaGammaExpectedOrderValue', () => {
  it.each(POINTS)('match scipy at $params', ({ params, logLikelihood, expectedOrderValue }) => {
    expect(relativeError(gammaGammaLogLikelihood(params, DATA), logLikelihood)).toBeLessThan(1e-9);
    ORDER_CUSTOMERS.forEach((c, i) => {
      expect(relativeError(gammaGammaExpectedOrderValue({ params }, c), expectedOrderValue[i]!)).toBeLessThan(
        1e-12,
      );
    });
  });

  it('gives a newcomer the population mean, Infinity when it does not exist', () => {
    const newcomer = { frequency: 0, monetaryValue: 0 };
    expect(gammaGammaExpectedOrderValue({ params: { p: 6, q: 4, gamma: 15 } }, newcomer)).toBe(30);
    expect(gammaGammaExpectedOrderValue({ params: { p: 6, q: 0.8, gamma: 15 } }, newcomer)).toBe(Infinity);
    // px + q − 1 > 0 once the customer has a repeat purchase.
    const buyer = { frequency: 2, monetaryValue: 20 };
    expect(gammaGammaExpectedOrderValue({ params: { p: 6, q: 0.8, gamma: 15 } }, buyer)).toBeCloseTo(
      (6 * (15 + 40)) / (12 - 0.2),
      12,
    );
  });
});

describe('fitGammaGamma', () => {
  it.each(FITS)('matches scipy with penalizer $penalizer', ({ penalizer, params, logLikelihood }) => {
    const model = fitGammaGamma(DATA, { penalizer });
    for (const k of KEYS) expect(relativeError(model.params[k], params[k])).toBeLessThan(1e-5);
    expect(relativeError(model.fit.logLikelihood, logLikelihood)).toBeLessThan(1e-8);
    expect(model.fit.converged).toBe(true);
    expect(model.fit.gradientNorm).toBeLessThanOrEqual(1e-9);
    expect(model).toMatchObject({ kind: 'gamma-gamma', penalizer, customers: 281, skipped: 119 });
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('recovers the parameters of 5,000 customers simulated in TypeScript', () => {
    const truth: GammaGammaParams = { p: 6, q: 4, gamma: 15 };
    const rng = createRng('clv-gamma-gamma-recovery');
    const frequency = Float64Array.from({ length: 5000 }, () => rng.int(1, 13));
    const data = { frequency, monetaryValue: simulateOrderValues(truth, frequency, rng) };
    const model = fitGammaGamma(data);
    expect(model.fit.converged).toBe(true);
    // Likelihood-ratio test: the truth lies inside the 99.9% confidence region (χ²₃ quantile 16.27).
    expect(2 * (model.fit.logLikelihood - gammaGammaLogLikelihood(truth, data))).toBeLessThan(16.27);
    const { p, q, gamma } = model.params;
    expect(relativeError((p * gamma) / (q - 1), 30)).toBeLessThan(0.05);
    for (const k of KEYS) expect(relativeError(model.params[k], truth[k])).toBeLessThan(0.2);
  });

  it('reports non-convergence on a single customer, whose likelihood is unbounded', () => {
    const model = fitGammaGamma({ frequency: [3], monetaryValue: [10] }, { maxIter: 200 });
    expect(model.fit.converged).toBe(false);
    expect(model.customers).toBe(1);
  });

  it('refuses data without a customer with a repeat purchase, and bad order values', () => {
    expect(errorReason(() => fitGammaGamma({ frequency: [0, 0], monetaryValue: [0, 0] }))).toBe(
      'empty_input',
    );
    expect(errorReason(() => fitGammaGamma({ frequency: [], monetaryValue: [] }))).toBe('empty_input');
    expect(errorReason(() => fitGammaGamma({ frequency: [2, 1], monetaryValue: [10, 0] }))).toBe(
      'out_of_range',
    );
    expect(errorReason(() => fitGammaGamma({ frequency: [2, 1], monetaryValue: [10, -3] }))).toBe(
      'out_of_range',
    );
    expect(errorReason(() => fitGammaGamma({ frequency: [2, 1.5], monetaryValue: [10, 3] }))).toBe(
      'out_of_range',
    );
    expect(errorReason(() => fitGammaGamma({ frequency: [2], monetaryValue: [10, 3] }))).toBe(
      'length_mismatch',
    );
    expect(errorReason(() => fitGammaGamma({ frequency: [2], monetaryValue: [Number.NaN] }))).toBe(
      'not_finite',
    );
    expect(errorReason(() => fitGammaGamma(DATA, { penalizer: Number.NaN }))).toBe('invalid_option');
    expect(errorReason(() => gammaGammaLogLikelihood({ p: 1, q: -1, gamma: 1 }, DATA))).toBe('out_of_range');
    expect(
      errorReason(() => gammaGammaExpectedOrderValue(POINTS[0]!, { frequency: 1, monetaryValue: 0 })),
    ).toBe('out_of_range');
  });
});
