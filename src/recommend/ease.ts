import { transpose } from './matrix.js';
import { invertSpd } from './spd-inverse.js';
import type { FittedRecommender, InteractionMatrix, TrainInput } from './types.js';
import { checkPositive, checkScoresLength, checkUser } from './validate.js';

export interface EaseOptions {
  /** The L2 penalty λ > 0 on the item-item weights. Default 500 (P5 compares 200 and 500). */
  readonly lambda?: number;
  /** Rows per block of the dense inverse (see `invertSpd`); for tests. */
  readonly blockSize?: number;
}

/**
 * EASE's item-item weights (Steck 2019) on the binary matrix X (every stored entry counts as 1): G = XᵀX + λI,
 * P = G⁻¹, B = I − P·diag(1/diag P), i.e. B[i][j] = −P[i][j] / P[j][j] and diag(B) = 0. Returned as an
 * items × items row-major Float32Array. O(items³) time (the inverse) and 8·items² bytes of scratch.
 */
export function easeWeights(matrix: InteractionMatrix, options: EaseOptions = {}): Float32Array {
  const lambda = options.lambda ?? 500;
  checkPositive('lambda', lambda);
  const { items: n, indptr, indices } = matrix;
  // The lower triangle of XᵀX, row by row: G[i][j] counts the users of item i who also have item j ≤ i. Filling one
  // row at a time keeps the increments inside 8·n bytes (scattering them over the whole matrix was 4× slower).
  const g = new Float64Array(n * n);
  const byItem = transpose(matrix);
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let p = byItem.indptr[i]!; p < byItem.indptr[i + 1]!; p++) {
      const u = byItem.indices[p]!;
      for (let e = indptr[u]!; e < indptr[u + 1]!; e++) {
        const j = indices[e]!;
        if (j > i) break; // columns ascend within a row (the InteractionMatrix contract)
        g[row + j]!++;
      }
    }
  }
  for (let i = 0; i < n; i++) g[i * n + i]! += lambda;
  invertSpd(g, n, options.blockSize === undefined ? {} : { blockSize: options.blockSize });
  const b = new Float32Array(n * n);
  const invDiagonal = new Float64Array(n);
  for (let j = 0; j < n; j++) invDiagonal[j] = 1 / g[j * n + j]!;
  for (let i = 0; i < n; i++) {
    const row = i * n;
    for (let j = 0; j < n; j++) b[row + j] = -g[row + j]! * invDiagonal[j]!;
    b[row + i] = 0;
  }
  return b;
}

/** EASE: score(u) = x_u·B, the sum of B's rows over the user's items. */
export function fitEase(input: TrainInput, options: EaseOptions = {}): FittedRecommender {
  const { matrix } = input;
  const { users, items, indptr, indices } = matrix;
  const b = easeWeights(matrix, options);
  return {
    scoreUser(user, out) {
      checkUser(user, users);
      checkScoresLength(out, items);
      out.fill(0);
      for (let e = indptr[user]!; e < indptr[user + 1]!; e++) {
        const row = indices[e]! * items;
        for (let j = 0; j < items; j++) out[j]! += b[row + j]!;
      }
    },
  };
}
