import { sigmoid } from './logistic-regression.js';
import type { ColumnStats } from './standardize.js';
import { mlInputError } from './validate.js';

/** Any linear model on the logit scale (a fitted `LogisticRegressionModel` is one). */
export interface LinearModel {
  coef: readonly number[];
  intercept: number;
}

export interface LinearExplanation {
  intercept: number;
  /** The value each coefficient was multiplied by: the row itself, or its z-score when stats were given. */
  values: Float64Array;
  /** coef[j] × values[j]. */
  contributions: Float64Array;
  /** intercept + Σ contributions, summed in the same order as `decisionFunction`, so equal to it exactly. */
  logit: number;
  probability: number;
}

/**
 * Per-feature contributions to one prediction of a linear model. Pass the `stats` the model was trained with when
 * it was fitted on standardised columns: the raw row is then standardised as `applyStandardize` does.
 */
export function explainLinear(
  model: LinearModel,
  row: ArrayLike<number>,
  stats?: ColumnStats,
): LinearExplanation {
  const d = model.coef.length;
  if (row.length !== d) {
    throw mlInputError('length_mismatch', `the model has ${d} features, the row ${row.length} values`, {
      lengths: [d, row.length],
    });
  }
  if (stats !== undefined && stats.mean.length !== d) {
    throw mlInputError('length_mismatch', `the stats have ${stats.mean.length} columns, the model ${d}`, {
      lengths: [stats.mean.length, d],
    });
  }
  const values = new Float64Array(d);
  const contributions = new Float64Array(d);
  let logit = model.intercept;
  for (let j = 0; j < d; j++) {
    let v = row[j]!;
    if (stats !== undefined) {
      const sd = stats.sd[j]!;
      v = sd > 0 ? (v - stats.mean[j]!) / sd : 0;
    }
    values[j] = v;
    const c = model.coef[j]! * v;
    contributions[j] = c;
    logit += c;
  }
  return { intercept: model.intercept, values, contributions, logit, probability: sigmoid(logit) };
}

export interface RankedContribution {
  feature: string;
  value: number;
  contribution: number;
}

/** The `k` largest contributions by absolute size (the first feature wins ties), for "why this score" displays. */
export function topContributions(
  explanation: LinearExplanation,
  featureNames: readonly string[],
  k = 5,
): RankedContribution[] {
  const { contributions, values } = explanation;
  if (featureNames.length !== contributions.length) {
    throw mlInputError(
      'length_mismatch',
      `${featureNames.length} feature names for ${contributions.length} contributions`,
      { lengths: [featureNames.length, contributions.length] },
    );
  }
  const order = Array.from(contributions.keys()).sort(
    (a, b) => Math.abs(contributions[b]!) - Math.abs(contributions[a]!) || a - b,
  );
  return order.slice(0, Math.max(0, k)).map((j) => ({
    feature: featureNames[j]!,
    value: values[j]!,
    contribution: contributions[j]!,
  }));
}
