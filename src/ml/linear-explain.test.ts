import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/index.js';
import { explainLinear, topContributions } from './linear-explain.js';
import {
  decisionFunction,
  fitLogisticRegression,
  type LogisticRegressionModel,
} from './logistic-regression.js';
import { matrixFromRows, rowView } from './matrix.js';
import { maxAbsDiff, referenceClassification } from './reference-data.js';
import { standardize } from './standardize.js';

// Expected values: case 'standardized' of scripts/ml-reference/logistic_regression.py (scikit-learn 1.2.1,
// numpy 1.24.2): StandardScaler then LogisticRegression(solver='newton-cg', tol=1e-8) on
// referenceClassification(300, 7); contributions are coef_ * scaler.transform(row) and decision the pipeline's
// decision_function, for the first 5 rows.
const REF = {
  mean: [-0.04174473948776722, -0.01605763313670953, 0.32, -0.2224991692074885],
  scale: [0.7824166231938792, 1.5861150590785282, 0.4664761515876253, 2.8776542185382104],
  coef: [1.161784953486898, -0.6960204001367213, 0.34813234432074924, 0.5473357143980958],
  intercept: -0.29400416771001014,
  contributions: [
    [1.6027147918604558, 0.15948656822135868, -0.23881681797341223, -0.8076810767814748],
    [2.1553153600373474, -0.2753860769366094, -0.23881681797341223, 0.5745286403722123],
    [0.4411224876337023, 0.27190594624484343, -0.23881681797341223, -0.22755229004736793],
    [0.09524146986420298, 1.3585053911267344, -0.23881681797341223, 0.5612457398504384],
    [0.9265227915463349, 0.5800948896038618, -0.23881681797341223, 0.4449542489609169],
  ],
  decision: [
    0.42169929761691727, 1.9216369377895282, -0.04734484185224455, 1.4821716151579536, 1.4187509444276913,
  ],
};

const { X, y } = referenceClassification(300, 7);

describe('explainLinear', () => {
  it('matches scikit-learn on standardised features: contributions add up to the decision function', () => {
    const { data: z, mean, sd } = standardize(X);
    expect(maxAbsDiff(mean, REF.mean)).toBeLessThan(1e-14);
    expect(maxAbsDiff(sd, REF.scale)).toBeLessThan(1e-14);
    const model = fitLogisticRegression(z, y);
    expect(maxAbsDiff(model.coef, REF.coef)).toBeLessThan(1e-6);
    expect(Math.abs(model.intercept - REF.intercept)).toBeLessThan(1e-6);
    // The reference model itself, so only the explanation is under test here.
    const reference = { coef: REF.coef, intercept: REF.intercept };
    REF.contributions.forEach((expected, i) => {
      const explanation = explainLinear(reference, rowView(X, i), { mean, sd });
      expect(maxAbsDiff(explanation.contributions, expected)).toBeLessThan(1e-12);
      expect(explanation.logit).toBeCloseTo(REF.decision[i]!, 12);
      expect(explanation.probability).toBeCloseTo(1 / (1 + Math.exp(-REF.decision[i]!)), 12);
    });
  });

  it('sums to exactly the decision function of the model', () => {
    const model = fitLogisticRegression(X, y, { C: 0.5 });
    const logits = decisionFunction(model, X);
    for (const i of [0, 17, 299]) {
      const { contributions, intercept, logit } = explainLinear(model, rowView(X, i));
      expect(logit).toBe(logits[i]);
      expect(intercept + contributions.reduce((a, b) => a + b, 0)).toBeCloseTo(logit, 12);
    }
  });

  it('ranks contributions by absolute size', () => {
    const model: Pick<LogisticRegressionModel, 'coef' | 'intercept'> = {
      coef: [1, -3, 0.5, 3],
      intercept: 0,
    };
    const explanation = explainLinear(model, [2, 1, 2, -1]);
    expect(Array.from(explanation.contributions)).toEqual([2, -3, 1, -3]);
    expect(topContributions(explanation, ['a', 'b', 'c', 'd'], 3)).toEqual([
      { feature: 'b', value: 1, contribution: -3 },
      { feature: 'd', value: -1, contribution: -3 },
      { feature: 'a', value: 2, contribution: 2 },
    ]);
  });

  it('gives a constant column (sd 0) no contribution and rejects mismatched shapes', () => {
    const { mean, sd } = standardize(matrixFromRows([[1], [1]]));
    expect(explainLinear({ coef: [5], intercept: 1 }, [7], { mean, sd }).logit).toBe(1);
    expect(() => explainLinear({ coef: [1, 2], intercept: 0 }, [1])).toThrow(AppError);
    expect(() => topContributions(explainLinear({ coef: [1], intercept: 0 }, [1]), ['a', 'b'])).toThrow(
      AppError,
    );
  });
});
