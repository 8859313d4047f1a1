import { minimizeLbfgs } from '../ml/index.js';
import type { SparseRows } from './sparse.js';

/**
 * Multinomial logistic regression (softmax) over sparse rows, fitted by L-BFGS on the mean cross-entropy plus
 * ‖W‖² / (2·C·n) (scikit-learn's LogisticRegression objective divided by C·n); biases are not penalized.
 * Weights are laid out feature-major: `w[j * K + c]` for column j and class c, the K biases last.
 */

export interface SoftmaxOptions {
  c: number;
  maxIter: number;
  tol: number;
}

export const defaultSoftmaxOptions: SoftmaxOptions = { c: 10, maxIter: 300, tol: 1e-5 };

export interface SoftmaxResult {
  weights: Float64Array;
  iterations: number;
  converged: boolean;
}

/** Scores of row `i` into `out` (length K) under feature-major weights with the biases last. */
export function rowScores(
  x: SparseRows,
  i: number,
  w: ArrayLike<number>,
  k: number,
  out: Float64Array,
): void {
  const biases = x.cols * k;
  for (let c = 0; c < k; c++) out[c] = w[biases + c]!;
  for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) {
    const base = x.indices[p]! * k;
    const v = x.values[p]!;
    for (let c = 0; c < k; c++) out[c]! += v * w[base + c]!;
  }
}

/** Turns scores into probabilities in place (numerically stable softmax). */
export function softmaxInPlace(s: Float64Array, temperature = 1): void {
  let max = -Infinity;
  for (let c = 0; c < s.length; c++) if (s[c]! > max) max = s[c]!;
  let sum = 0;
  for (let c = 0; c < s.length; c++) {
    const e = Math.exp((s[c]! - max) / temperature);
    s[c] = e;
    sum += e;
  }
  for (let c = 0; c < s.length; c++) s[c]! /= sum;
}

export function trainSoftmax(
  x: SparseRows,
  y: ArrayLike<number>,
  classes: number,
  options: SoftmaxOptions,
): SoftmaxResult {
  const n = x.rows;
  const k = classes;
  const biases = x.cols * k;
  const lambda = 1 / (options.c * n);
  const p = new Float64Array(k);
  const objective = (w: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    for (let i = 0; i < n; i++) {
      rowScores(x, i, w, k, p);
      softmaxInPlace(p);
      const yi = y[i]!;
      loss -= Math.log(Math.max(p[yi]!, 1e-300));
      p[yi]! -= 1;
      for (let c = 0; c < k; c++) p[c]! /= n;
      for (let q = x.indptr[i]!; q < x.indptr[i + 1]!; q++) {
        const base = x.indices[q]! * k;
        const v = x.values[q]!;
        for (let c = 0; c < k; c++) grad[base + c]! += v * p[c]!;
      }
      for (let c = 0; c < k; c++) grad[biases + c]! += p[c]!;
    }
    let penalty = 0;
    for (let j = 0; j < biases; j++) {
      penalty += w[j]! * w[j]!;
      grad[j]! += lambda * w[j]!;
    }
    return loss / n + 0.5 * lambda * penalty;
  };
  const result = minimizeLbfgs(objective, new Float64Array(biases + k), {
    maxIter: options.maxIter,
    tol: options.tol,
  });
  return { weights: result.x, iterations: result.iterations, converged: result.converged };
}
