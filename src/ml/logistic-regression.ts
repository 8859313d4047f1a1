import { minimizeLbfgs } from './lbfgs.js';
import type { Matrix } from './matrix.js';
import {
  checkBinary,
  checkFinite,
  checkNonEmpty,
  checkWeights,
  invalidOption,
  mlInputError,
} from './validate.js';

/** Weight of each class: `'balanced'` is n / (2 · count of the class), scikit-learn's definition. */
export type ClassWeight = 'balanced' | Readonly<Record<0 | 1, number>>;

export interface LogisticRegressionOptions {
  /** Inverse regularisation strength, as scikit-learn's `C`: the penalty is ‖coef‖² / (2C). Default 1. */
  C?: number;
  /** Fit an (unpenalised) intercept. Default true. */
  fitIntercept?: boolean;
  classWeight?: ClassWeight;
  /** Per-row weights, multiplied by the class weight of the row. */
  sampleWeight?: ArrayLike<number>;
  /** L-BFGS iterations. Default 500. */
  maxIter?: number;
  /** Stop when the largest gradient component of the weight-averaged objective is at most this. Default 1e-8. */
  tol?: number;
}

export interface ConvergenceReport {
  iterations: number;
  /** Objective evaluations (line searches included). */
  evaluations: number;
  /** Largest absolute gradient component of the weight-averaged objective at the solution. */
  gradientNorm: number;
  converged: boolean;
  /** The weight-averaged objective: Σ sᵢ·logloss(i) / Σ sᵢ + ‖coef‖² / (2C·Σ sᵢ). */
  objective: number;
}

/** A fitted binary logistic regression: plain JSON. P(y = 1 | x) = σ(coef · x + intercept). */
export interface LogisticRegressionModel {
  kind: 'logreg';
  coef: number[];
  intercept: number;
  C: number;
  fitIntercept: boolean;
  /** The class weights used (1 and 1 when none were given). */
  classWeight: Record<0 | 1, number>;
  solver: 'lbfgs';
  convergence: ConvergenceReport;
}

/**
 * Binary logistic regression with an L2 penalty, solved by L-BFGS. It minimises, as scikit-learn's
 * `LogisticRegression(penalty='l2', C)`: ‖coef‖² / 2 + C · Σ sᵢ · (log(1 + e^zᵢ) − yᵢ·zᵢ), zᵢ = coef · xᵢ + b, where
 * sᵢ = sampleWeight[i] · classWeight[yᵢ]; the intercept b is not penalised. Internally the objective is divided by
 * C · Σ sᵢ (same minimiser) so that `tol` does not depend on the number of rows.
 */
export function fitLogisticRegression(
  X: Matrix,
  y: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticRegressionModel {
  const { C = 1, fitIntercept = true, maxIter = 500, tol = 1e-8 } = options;
  const { rows: n, cols: d, data: x } = X;
  if (!(C > 0 && C < Infinity)) throw invalidOption(`C must be a positive finite number, got ${C}`);
  checkNonEmpty('the training data', y);
  if (y.length !== n) {
    throw mlInputError('length_mismatch', `${y.length} labels for ${n} rows`, { lengths: [y.length, n] });
  }
  checkFinite('the training data', x);
  const positives = checkBinary('the labels', y);
  if (positives === 0 || positives === n) {
    throw mlInputError('single_class', 'logistic regression needs rows of both classes', {
      positives,
      rows: n,
    });
  }
  const classWeight = resolveClassWeight(options.classWeight, n, positives);
  const weights = new Float64Array(n);
  if (options.sampleWeight !== undefined) checkWeights(options.sampleWeight, n);
  let totalWeight = 0;
  let positiveWeight = 0;
  for (let i = 0; i < n; i++) {
    const w = (options.sampleWeight?.[i] ?? 1) * classWeight[y[i] as 0 | 1];
    weights[i] = w;
    totalWeight += w;
    if (y[i] === 1) positiveWeight += w;
  }
  if (!(positiveWeight > 0 && positiveWeight < totalWeight)) {
    throw mlInputError('single_class', 'one class has no weight in the training data', { positiveWeight });
  }

  const rowsOf = sparseRows(X);
  const scale = 1 / totalWeight;
  const penalty = 1 / (C * totalWeight);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    const b = fitIntercept ? theta[d]! : 0;
    const { start, index, value } = rowsOf;
    grad.fill(0);
    let loss = 0;
    let gradB = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      const end = start[i + 1]!;
      let z = b;
      for (let k = start[i]!; k < end; k++) z += theta[index[k]!]! * value[k]!;
      const yi = y[i]!;
      // log(1 + e^z) without overflow, and σ(z) from the same exponential.
      const e = Math.exp(-Math.abs(z));
      loss += w * ((z > 0 ? z : 0) + Math.log1p(e) - yi * z);
      const p = z >= 0 ? 1 / (1 + e) : e / (1 + e);
      const r = w * (p - yi);
      gradB += r;
      for (let k = start[i]!; k < end; k++) grad[index[k]!]! += r * value[k]!;
    }
    let norm2 = 0;
    for (let j = 0; j < d; j++) {
      const c = theta[j]!;
      norm2 += c * c;
      grad[j] = grad[j]! * scale + penalty * c;
    }
    if (fitIntercept) grad[d] = gradB * scale;
    return loss * scale + 0.5 * penalty * norm2;
  };

  // Start from the intercept-only optimum: the weighted log-odds of the positive class.
  const theta0 = new Float64Array(d + (fitIntercept ? 1 : 0));
  if (fitIntercept) theta0[d] = Math.log(positiveWeight / (totalWeight - positiveWeight));
  const result = minimizeLbfgs(objective, theta0, { maxIter, tol });
  return {
    kind: 'logreg',
    coef: Array.from(result.x.subarray(0, d)),
    intercept: fitIntercept ? result.x[d]! : 0,
    C,
    fitIntercept,
    classWeight,
    solver: 'lbfgs',
    convergence: {
      iterations: result.iterations,
      evaluations: result.evaluations,
      gradientNorm: result.gradientNorm,
      converged: result.converged,
      objective: result.value,
    },
  };
}

/**
 * The non-zero entries of each row (compressed sparse rows): one-hot data is mostly zeros, and skipping them
 * changes no sum (adding ±0 is exact), so the fit is the same as over the dense rows, only faster.
 */
function sparseRows(X: Matrix): { start: Int32Array; index: Int32Array; value: Float64Array } {
  const { rows: n, cols: d, data: x } = X;
  let nonZero = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) nonZero++;
  const start = new Int32Array(n + 1);
  const index = new Int32Array(nonZero);
  const value = new Float64Array(nonZero);
  let k = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j]!;
      if (v === 0) continue;
      index[k] = j;
      value[k++] = v;
    }
    start[i + 1] = k;
  }
  return { start, index, value };
}

function resolveClassWeight(
  option: ClassWeight | undefined,
  n: number,
  positives: number,
): Record<0 | 1, number> {
  if (option === undefined) return { 0: 1, 1: 1 };
  if (option === 'balanced') return { 0: n / (2 * (n - positives)), 1: n / (2 * positives) };
  const w0 = option[0];
  const w1 = option[1];
  if (!(w0 >= 0 && w0 < Infinity && w1 >= 0 && w1 < Infinity)) {
    throw invalidOption(`class weights must be finite and non-negative, got ${w0} and ${w1}`);
  }
  return { 0: w0, 1: w1 };
}

/** The logit coef · x + intercept of each row. */
export function decisionFunction(model: LogisticRegressionModel, X: Matrix): Float64Array {
  const { rows: n, cols: d, data: x } = X;
  if (d !== model.coef.length) {
    throw mlInputError(
      'length_mismatch',
      `the model has ${model.coef.length} features, the data ${d} columns`,
      {
        lengths: [model.coef.length, d],
      },
    );
  }
  const coef = Float64Array.from(model.coef);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = model.intercept;
    const off = i * d;
    for (let j = 0; j < d; j++) z += coef[j]! * x[off + j]!;
    out[i] = z;
  }
  return out;
}

/** P(y = 1) of each row. */
export function predictProba(model: LogisticRegressionModel, X: Matrix): Float64Array {
  const z = decisionFunction(model, X);
  for (let i = 0; i < z.length; i++) z[i] = sigmoid(z[i]!);
  return z;
}

/** The logistic function 1 / (1 + e^−z), exact to rounding for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}
