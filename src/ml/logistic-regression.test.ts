import { describe, expect, it } from 'vitest';

import {
  decisionFunction,
  fitLogisticRegression,
  predictProba,
  type LogisticRegressionOptions,
} from './logistic-regression.js';
import { createMatrix, matrixFromRows, selectRows } from './matrix.js';
import { maxAbsDiff, referenceClassification } from './reference-data.js';
import { errorReason } from './test-kit.js';

// Expected values: scripts/ml-reference/logistic_regression.py (scikit-learn 1.2.1, numpy 1.24.2, scipy 1.10.1),
// LogisticRegression(solver='newton-cg', tol=1e-8) on referenceClassification(300, 7); at those optima the
// gradient of scikit-learn's objective is below 5e-9, so they are exact to ~1e-9.
const REF = {
  default: {
    coef: [1.460389506386373, -0.4422069513999469, 0.6987999620789881, 0.19216657317628938],
    intercept: -0.41828329471745007,
    proba: [
      0.6001487843231359, 0.8707756010157844, 0.4907633256548127, 0.8197713474928245, 0.8069741101270561,
    ],
  },
  balanced: {
    coef: [0.8485661446399633, -0.3415262431140083, 0.26684940397314, 0.1569299889129606],
    intercept: -0.07574291648545771,
    proba: [
      0.5579993413526503, 0.794262131372362, 0.5337896724315245, 0.8075543010512342, 0.7698531829468342,
    ],
  },
  weighted: {
    coef: [1.696144232102458, -0.5062874470537332, 0.6661408578494185, 0.2381951049791068],
    intercept: 0.6157036624610553,
    proba: [
      0.818068537470205, 0.9665535264951548, 0.7374310349862195, 0.9468012957641443, 0.9418540719340368,
    ],
  },
  noIntercept: {
    coef: [1.4311348048603616, -0.43113014037455305, 0.30232203826669773, 0.1934198495985609],
    intercept: 0,
    proba: [
      0.686586456863148, 0.9084749764964031, 0.5902606666112584, 0.8700472902487996, 0.8605120999210069,
    ],
  },
};

const { X, y } = referenceClassification(300, 7);
const first5 = selectRows(X, [0, 1, 2, 3, 4]);

const OPTIONS: Record<keyof typeof REF, LogisticRegressionOptions> = {
  default: {},
  balanced: { C: 0.05, classWeight: 'balanced' },
  weighted: {
    C: 10,
    classWeight: { 0: 1, 1: 3 },
    sampleWeight: Float64Array.from({ length: 300 }, (_, i) => (i % 4) * 0.5),
  },
  noIntercept: { fitIntercept: false },
};

describe('fitLogisticRegression (L-BFGS)', () => {
  it.each(Object.keys(REF) as (keyof typeof REF)[])('matches scikit-learn: %s', (name) => {
    const model = fitLogisticRegression(X, y, OPTIONS[name]);
    expect(maxAbsDiff(model.coef, REF[name].coef)).toBeLessThan(1e-6);
    expect(Math.abs(model.intercept - REF[name].intercept)).toBeLessThan(1e-6);
    expect(maxAbsDiff(predictProba(model, first5), REF[name].proba)).toBeLessThan(1e-7);
    expect(model.convergence.converged).toBe(true);
    expect(model.convergence.gradientNorm).toBeLessThanOrEqual(1e-8);
  });

  it('is deterministic and its model survives a JSON round trip', () => {
    const a = fitLogisticRegression(X, y, { C: 0.3 });
    const b = fitLogisticRegression(X, y, { C: 0.3 });
    expect(b).toEqual(a);
    const restored = JSON.parse(JSON.stringify(a)) as typeof a;
    expect(restored).toEqual(a);
    expect(predictProba(restored, X)).toEqual(predictProba(a, X));
    expect(a.kind).toBe('logreg');
  });

  it("resolves 'balanced' to n / (2 · class count)", () => {
    const model = fitLogisticRegression(X, y, { classWeight: 'balanced' });
    expect(model.classWeight).toEqual({ 0: 300 / (2 * 164), 1: 300 / (2 * 136) });
    const explicit = fitLogisticRegression(X, y, { classWeight: model.classWeight });
    expect(maxAbsDiff(explicit.coef, model.coef)).toBeLessThan(1e-12);
  });

  it('treats an integer sample weight as repeated rows', () => {
    const weights = Float64Array.from({ length: 300 }, (_, i) => i % 3);
    const repeated: number[] = [];
    for (let i = 0; i < 300; i++) for (let r = 0; r < i % 3; r++) repeated.push(i);
    const weighted = fitLogisticRegression(X, y, { sampleWeight: weights });
    const duplicated = fitLogisticRegression(
      selectRows(X, repeated),
      repeated.map((i) => y[i]!),
    );
    expect(maxAbsDiff(weighted.coef, duplicated.coef)).toBeLessThan(1e-6);
    expect(Math.abs(weighted.intercept - duplicated.intercept)).toBeLessThan(1e-6);
  });

  it('shrinks the coefficients as C falls, never the intercept', () => {
    const norms = [100, 1, 0.01, 1e-4].map((C) => {
      const model = fitLogisticRegression(X, y, { C });
      return Math.hypot(...model.coef);
    });
    for (let i = 1; i < norms.length; i++) expect(norms[i]!).toBeLessThan(norms[i - 1]!);
    // With the coefficients ~0 the intercept is the log-odds of the base rate, 136 positives in 300.
    expect(fitLogisticRegression(X, y, { C: 1e-9 }).intercept).toBeCloseTo(Math.log(136 / 164), 6);
  });

  it('reports non-convergence when stopped early', () => {
    const model = fitLogisticRegression(X, y, { maxIter: 2 });
    expect(model.convergence).toMatchObject({ iterations: 2, converged: false });
    expect(model.convergence.gradientNorm).toBeGreaterThan(1e-8);
  });

  it('rejects unusable input with an AppError saying why', () => {
    const two = matrixFromRows([[1], [2]]);
    expect(errorReason(() => fitLogisticRegression(two, [1, 1]))).toBe('single_class');
    expect(errorReason(() => fitLogisticRegression(two, [0, 1, 1]))).toBe('length_mismatch');
    expect(errorReason(() => fitLogisticRegression(two, [0, 2]))).toBe('not_binary');
    expect(errorReason(() => fitLogisticRegression(createMatrix(0, 1), []))).toBe('empty_input');
    expect(errorReason(() => fitLogisticRegression(matrixFromRows([[1], [NaN]]), [0, 1]))).toBe('not_finite');
    expect(errorReason(() => fitLogisticRegression(two, [0, 1], { C: 0 }))).toBe('invalid_option');
    expect(errorReason(() => fitLogisticRegression(two, [0, 1], { sampleWeight: [1, 0] }))).toBe(
      'single_class',
    );
    expect(errorReason(() => fitLogisticRegression(two, [0, 1], { sampleWeight: [1, -1] }))).toBe(
      'not_finite',
    );
    const model = fitLogisticRegression(two, [0, 1]);
    expect(errorReason(() => decisionFunction(model, matrixFromRows([[1, 2]])))).toBe('length_mismatch');
  });
});
