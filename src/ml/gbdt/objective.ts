import type { GbdtObjective } from './options.js';

/** A twice-differentiable loss on the raw score, as the boosting loop uses it. */
export interface Objective {
  /** The constant raw score before any tree. */
  initScore(y: Float64Array): number;
  /** Writes d loss / d score and d² loss / d score² of every row; returns `metric(y, score)` on the way. */
  gradients(y: Float64Array, score: Float64Array, grad: Float64Array, hess: Float64Array): number;
  /** The mean loss (binary: log-loss of P = sigmoid(score); regression: mean squared error). */
  metric(y: Float64Array, score: Float64Array): number;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

const EPS = 1e-15;

export function createObjective(kind: GbdtObjective, scalePosWeight = 1): Objective {
  return kind === 'binary' ? binaryLogLoss(scalePosWeight) : squaredError;
}

/** Binary log-loss; positive rows weigh `scalePosWeight` in the gradients (LightGBM's `scale_pos_weight`). */
function binaryLogLoss(scalePosWeight: number): Objective {
  return {
    initScore(y) {
      let pos = 0;
      for (let i = 0; i < y.length; i++) pos += y[i]!;
      const p = Math.min(Math.max(pos / y.length, EPS), 1 - EPS);
      return Math.log(p / (1 - p));
    },
    gradients(y, score, grad, hess) {
      let loss = 0;
      for (let i = 0; i < y.length; i++) {
        const p = sigmoid(score[i]!);
        if (y[i] === 1) {
          grad[i] = (p - 1) * scalePosWeight;
          hess[i] = p * (1 - p) * scalePosWeight;
          loss -= Math.log(Math.max(p, EPS));
        } else {
          grad[i] = p;
          hess[i] = p * (1 - p);
          loss -= Math.log(Math.max(1 - p, EPS));
        }
      }
      return loss / y.length;
    },
    metric(y, score) {
      let s = 0;
      for (let i = 0; i < y.length; i++) {
        const p = sigmoid(score[i]!);
        s -= y[i] === 1 ? Math.log(Math.max(p, EPS)) : Math.log(Math.max(1 - p, EPS));
      }
      return s / y.length;
    },
  };
}

/** ½(score − y)²: gradient score − y, hessian 1; the init score is the mean target. */
const squaredError: Objective = {
  initScore(y) {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += y[i]!;
    return s / y.length;
  },
  gradients(y, score, grad, hess) {
    let loss = 0;
    for (let i = 0; i < y.length; i++) {
      const e = score[i]! - y[i]!;
      grad[i] = e;
      hess[i] = 1;
      loss += e * e;
    }
    return loss / y.length;
  },
  metric(y, score) {
    let s = 0;
    for (let i = 0; i < y.length; i++) {
      const e = score[i]! - y[i]!;
      s += e * e;
    }
    return s / y.length;
  },
};
