import { createMatrix, type Matrix } from './matrix.js';

/**
 * Test support (not a test): the synthetic data of scripts/ml-reference/reference_data.py, bit for bit. Only
 * integer arithmetic and correctly rounded +, −, ×, floor and comparisons, in the same order as the Python, so the
 * reference numbers printed by those scripts apply here without any data file.
 */

/** Numerical Recipes' 32-bit LCG; each call is uniform in [0, 1) with 32-bit resolution. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(1664525, state) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** Rows of 4 features (bell-shaped, triangular, binary, uniform) and 0/1 labels from a clipped linear score. */
export function referenceClassification(n: number, seed: number): { X: Matrix; y: Float64Array } {
  const next = lcg(seed);
  const X = createMatrix(n, 4);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = (next() + next() + next() + next() - 2) * 1.5;
    const x1 = (next() + next() - 1) * 4;
    const x2 = next() < 0.3 ? 1 : 0;
    const x3 = next() * 10 - 5;
    const z = -0.5 + 1.2 * x0 - 0.4 * x1 + 1.0 * x2 + 0.1 * x3;
    const p = Math.min(1, Math.max(0, 0.5 + 0.2 * z));
    y[i] = next() < p ? 1 : 0;
    X.data.set([x0, x1, x2, x3], i * 4);
  }
  return { X, y };
}

export interface ReferenceScores {
  y: Float64Array;
  /** 0.3·y + 0.7·u: informative and free of ties. */
  score: Float64Array;
  /** `score` floored to a multiple of 1/20: many ties. */
  tied: Float64Array;
  /** `score`, but exactly 0 on rows 0, 50, … and exactly 1 on rows 25, 75, … (exercises clipping). */
  prob: Float64Array;
  truth: Float64Array;
  pred: Float64Array;
}

export function referenceScores(n: number, seed: number): ReferenceScores {
  const next = lcg(seed);
  const out: ReferenceScores = {
    y: new Float64Array(n),
    score: new Float64Array(n),
    tied: new Float64Array(n),
    prob: new Float64Array(n),
    truth: new Float64Array(n),
    pred: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const y = next() < 0.35 ? 1 : 0;
    const s = 0.3 * y + 0.7 * next();
    const t = next() * 10;
    const pred = t + (next() - 0.5) * 2;
    out.y[i] = y;
    out.score[i] = s;
    out.tied[i] = Math.floor(s * 20) / 20;
    out.prob[i] = i % 50 === 0 ? 0 : i % 50 === 25 ? 1 : s;
    out.truth[i] = t;
    out.pred[i] = pred;
  }
  return out;
}

/** Largest |a[i] − b[i]|; Infinity when the lengths differ (so a tolerance check fails loudly). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
