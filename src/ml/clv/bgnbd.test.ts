import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/index.js';
import { bgNbdLogLikelihood, fitBgNbd, type BgNbdParams } from './bgnbd.js';
import { CLV_REFERENCE_SUMMARIES as DATA } from './reference-data.js';
import { simulateBgNbd } from './simulate.js';
import { errorReason, relativeError } from './test-kit.js';

// Expected values: scripts/ml-reference/clv_bgnbd.py (scipy 1.10.1, numpy 1.24.2), an independent
// implementation of eq. (6) of Fader, Hardie & Lee (2005) with scipy.special.betaln/gammaln, fitted by
// scipy.optimize.minimize (Nelder-Mead, xatol 1e-12, fatol 1e-15, restarted until it stops moving;
// central-difference gradient there ≤ 2e-8) on the 400 customers of ./reference-data.ts.
const LOG_LIKELIHOOD = [
  { params: { r: 0.6, alpha: 40, a: 0.8, b: 3 }, value: -5130.791503728997 },
  { params: { r: 1.7, alpha: 95, a: 2.5, b: 0.9 }, value: -5382.355048471333 },
];
const FITS = [
  {
    penalizer: 0,
    params: { r: 0.616369325901112, alpha: 37.7804180059828, a: 0.594824583559218, b: 1.8945421026569804 },
    logLikelihood: -5129.677608088714,
  },
  {
    penalizer: 0.01,
    params: { r: 0.4799648014380405, alpha: 22.6498410264589, a: 0.5930017838899669, b: 1.6505157371074977 },
    logLikelihood: -5135.894376017581,
  },
];
const KEYS = ['r', 'alpha', 'a', 'b'] as const;

describe('bgNbdLogLikelihood', () => {
  it.each(LOG_LIKELIHOOD)('matches scipy at $params', ({ params, value }) => {
    expect(relativeError(bgNbdLogLikelihood(params, DATA), value)).toBeLessThan(1e-9);
  });

  it('is the sum over customers, and finite for extreme parameters', () => {
    const params = LOG_LIKELIHOOD[0]!.params;
    let sum = 0;
    for (let i = 0; i < 400; i++) {
      sum += bgNbdLogLikelihood(params, {
        frequency: [DATA.frequency[i]!],
        recency: [DATA.recency[i]!],
        age: [DATA.age[i]!],
      });
    }
    expect(sum).toBeCloseTo(LOG_LIKELIHOOD[0]!.value, 8);
    // e^A₃ and e^A₄ each underflow here; log-sum-exp keeps the likelihood finite.
    expect(Number.isFinite(bgNbdLogLikelihood({ r: 400, alpha: 1e-3, a: 5, b: 1e-3 }, DATA))).toBe(true);
  });
});

describe('fitBgNbd', () => {
  it.each(FITS)('matches scipy with penalizer $penalizer', ({ penalizer, params, logLikelihood }) => {
    const model = fitBgNbd(DATA, { penalizer });
    for (const k of KEYS) expect(relativeError(model.params[k], params[k])).toBeLessThan(1e-5);
    expect(relativeError(model.fit.logLikelihood, logLikelihood)).toBeLessThan(1e-8);
    expect(model.fit.converged).toBe(true);
    expect(model.fit.gradientNorm).toBeLessThanOrEqual(1e-9);
    expect(model).toMatchObject({ kind: 'bgnbd', penalizer, customers: 400 });
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });

  it('recovers the parameters of 10,000 customers simulated in TypeScript', () => {
    const truth: BgNbdParams = { r: 0.6, alpha: 40, a: 0.8, b: 3 };
    const rng = createRng('clv-bgnbd-recovery');
    const ages = Float64Array.from({ length: 10_000 }, () => rng.int(60, 541));
    const data = simulateBgNbd(truth, ages, rng);
    const model = fitBgNbd(data);
    expect(model.fit.converged).toBe(true);
    // Likelihood-ratio test: the truth lies inside the 99.9% confidence region (χ²₄ quantile 18.47).
    expect(2 * (model.fit.logLikelihood - bgNbdLogLikelihood(truth, data))).toBeLessThan(18.47);
    expect(relativeError(model.params.r, truth.r)).toBeLessThan(0.1);
    expect(relativeError(model.params.alpha, truth.alpha)).toBeLessThan(0.1);
    expect(relativeError(model.params.a, truth.a)).toBeLessThan(0.25);
    expect(relativeError(model.params.b, truth.b)).toBeLessThan(0.25);
  });

  it('fits customers without repeat purchases alongside the others', () => {
    const data = {
      frequency: [0, 0, 0, 2, 5, 1],
      recency: [0, 0, 0, 30, 80, 12],
      age: [40, 90, 120, 100, 90, 60],
    };
    const model = fitBgNbd(data, { penalizer: 0.001 });
    expect(model.fit.converged).toBe(true);
    expect(model.fit.logLikelihood).toBeCloseTo(bgNbdLogLikelihood(model.params, data), 10);
  });

  it('reports non-convergence on one customer (no maximum); a penalty fixes that', () => {
    const one = { frequency: [3], recency: [10], age: [20] };
    const free = fitBgNbd(one, { maxIter: 200 });
    expect(free.fit.converged).toBe(false);
    expect(free.fit.iterations).toBe(200);
    const penalised = fitBgNbd(one, { penalizer: 0.01 });
    expect(penalised.fit.converged).toBe(true);
    for (const k of KEYS) expect(Number.isFinite(penalised.params[k])).toBe(true);
  });

  it('refuses data in which no customer has a repeat purchase', () => {
    expect(errorReason(() => fitBgNbd({ frequency: [0, 0], recency: [0, 0], age: [10, 30] }))).toBe(
      'out_of_range',
    );
  });

  it.each([
    ['recency above the age', { frequency: [1], recency: [31], age: [30] }, 'out_of_range'],
    ['negative recency', { frequency: [1], recency: [-1], age: [30] }, 'out_of_range'],
    ['negative age', { frequency: [0], recency: [0], age: [-2] }, 'out_of_range'],
    ['non-integer frequency', { frequency: [1.5], recency: [3], age: [30] }, 'out_of_range'],
    ['negative frequency', { frequency: [-1], recency: [0], age: [30] }, 'out_of_range'],
    ['recency without repeat purchases', { frequency: [0], recency: [4], age: [30] }, 'out_of_range'],
    ['a non-finite age', { frequency: [1], recency: [4], age: [Infinity] }, 'not_finite'],
    ['columns of different lengths', { frequency: [1, 2], recency: [4], age: [30] }, 'length_mismatch'],
    ['no customers', { frequency: [], recency: [], age: [] }, 'empty_input'],
  ])('refuses %s', (_, data, expected) => {
    expect(errorReason(() => fitBgNbd(data))).toBe(expected);
    expect(errorReason(() => bgNbdLogLikelihood(LOG_LIKELIHOOD[0]!.params, data))).toBe(expected);
  });

  it('refuses bad options and parameters', () => {
    expect(errorReason(() => fitBgNbd(DATA, { penalizer: -1 }))).toBe('invalid_option');
    expect(errorReason(() => fitBgNbd(DATA, { maxIter: 0 }))).toBe('invalid_option');
    expect(errorReason(() => fitBgNbd(DATA, { tol: 0 }))).toBe('invalid_option');
    expect(errorReason(() => bgNbdLogLikelihood({ r: 1, alpha: 0, a: 1, b: 1 }, DATA))).toBe('out_of_range');
  });
});
