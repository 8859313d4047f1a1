import { createMatrix, type Matrix } from '../matrix.js';

/**
 * Test support (not a test). The synthetic data of scripts/ml-reference/gbdt_data.py, bit for bit: a 32-bit integer
 * hash gives the uniforms, and the formulas run the same IEEE operations in the same order.
 */
function mix(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Uniform in [0, 1) for row i, stream j (gbdt_data.u). */
export function hashUniform(i: number, j: number): number {
  return mix((Math.imul(i, 0x9e3779b1) + Math.imul(j + 1, 0x85ebca77)) >>> 0) / 4294967296;
}

export interface Rows {
  x: Matrix;
  y: Float64Array;
}

/** gbdt_data.regression_rows: 3 features, y = 3 x0 − 2 x1² + x0 x2 + noise. */
export function regressionRows(start: number, n: number): Rows {
  const x = createMatrix(n, 3);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const i = start + r;
    const [x0, x1, x2] = [hashUniform(i, 0), hashUniform(i, 1), hashUniform(i, 2)];
    x.data.set([x0, x1, x2], r * 3);
    y[r] = 3 * x0 - 2 * x1 * x1 + x0 * x2 + 0.5 * (hashUniform(i, 3) - 0.5);
  }
  return { x, y };
}

/** gbdt_data.binary_rows: x0..x3 uniform, x4 NaN on rows i % 10 = 3, x5 a category code 0..11. */
export function binaryRows(start: number, n: number): Rows {
  const x = createMatrix(n, 6);
  const y = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const i = start + r;
    const [x0, x1, x2, x3] = [0, 1, 2, 3].map((j) => hashUniform(i, j)) as [number, number, number, number];
    const missing = i % 10 === 3;
    const x4 = missing ? NaN : hashUniform(i, 4);
    const c = Math.floor(hashUniform(i, 5) * 12);
    const eff = ((c * 7) % 12) / 11 - 0.5;
    const f =
      0.1 + 0.5 * x0 * x1 + 0.4 * (x2 - 0.5) * (x2 - 0.5) + 0.3 * eff + (missing ? 0.2 : 0.3 * x4 * x3);
    x.data.set([x0, x1, x2, x3, x4, c], r * 6);
    y[r] = hashUniform(i, 6) < f ? 1 : 0;
  }
  return { x, y };
}

/** ROC-AUC by the rank-sum (Mann–Whitney) formula, ties at their average rank. */
export function rocAuc(y: ArrayLike<number>, score: ArrayLike<number>): number {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => score[a]! - score[b]!);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && score[idx[j + 1]!] === score[idx[i]!]) j++;
    for (let k = i; k <= j; k++) {
      if (y[idx[k]!] === 1) {
        rankSum += (i + j) / 2 + 1;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = y.length - pos;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Mean binary log-loss of probabilities p. */
export function logLoss(y: ArrayLike<number>, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s -= y[i] === 1 ? Math.log(p[i]!) : Math.log(1 - p[i]!);
  return s / y.length;
}
