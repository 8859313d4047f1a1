import type { Rng } from '../shared/index.js';
import type { SparseRows } from './sparse.js';

/**
 * A linear support vector machine per class (one-vs-rest), each trained by dual coordinate descent with shrinking
 * on the squared hinge loss with l2 regularization (Hsieh et al. 2008, "A dual coordinate descent method for
 * large-scale linear SVM", the method behind LIBLINEAR and scikit-learn's LinearSVC). A constant feature of 1
 * supplies the bias, regularized like the other weights, as LIBLINEAR does.
 */

export interface LinearSvmOptions {
  /** Inverse regularization strength. */
  c: number;
  /** Stop when the projected gradient spans at most this. */
  tol: number;
  maxEpochs: number;
  /**
   * Scale each column by its naive-Bayes log-count ratio for the class before training (NB-SVM, Wang & Manning 2012,
   * "Baselines and bigrams"): words that tell the class apart weigh more. The scale is folded into the returned
   * weights, which therefore apply to the unscaled rows.
   */
  nbScaling: boolean;
}

export const defaultSvmOptions: LinearSvmOptions = { c: 1, tol: 0.1, maxEpochs: 1000, nbScaling: false };

/**
 * Per column: ln((p_j / ‖p‖₁) / (q_j / ‖q‖₁)), with p_j = 1 + the number of rows of the class holding column j and
 * q_j the same over the other rows (add-one smoothing).
 */
export function nbRatios(x: SparseRows, y: ArrayLike<number>, positive: number): Float64Array {
  const p = new Float64Array(x.cols).fill(1);
  const q = new Float64Array(x.cols).fill(1);
  for (let i = 0; i < x.rows; i++) {
    const counts = y[i] === positive ? p : q;
    for (let k = x.indptr[i]!; k < x.indptr[i + 1]!; k++) if (x.values[k]! !== 0) counts[x.indices[k]!]!++;
  }
  let sp = 0;
  let sq = 0;
  for (let j = 0; j < x.cols; j++) {
    sp += p[j]!;
    sq += q[j]!;
  }
  const r = new Float64Array(x.cols);
  for (let j = 0; j < x.cols; j++) r[j] = Math.log(p[j]! / sp / (q[j]! / sq));
  return r;
}

export interface OneClassResult {
  /** Weights over the columns, then the bias. */
  weights: Float64Array;
  epochs: number;
  converged: boolean;
}

/** Trains the binary machine separating rows with `y[i] === positive` from the rest. */
export function trainBinarySvm(
  x: SparseRows,
  y: ArrayLike<number>,
  positive: number,
  options: LinearSvmOptions,
  rng: Rng,
): OneClassResult {
  const { rows: n, cols: d, indptr, indices } = x;
  const ratios = options.nbScaling ? nbRatios(x, y, positive) : null;
  const values = ratios ? Float32Array.from(x.values, (v, k) => v * ratios[indices[k]!]!) : x.values;
  const w = new Float64Array(d + 1);
  const alpha = new Float64Array(n);
  const diag = 0.5 / options.c;
  const qd = new Float64Array(n);
  const sign = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    let s = 1; // the bias feature
    for (let k = indptr[i]!; k < indptr[i + 1]!; k++) s += values[k]! * values[k]!;
    qd[i] = s + diag;
    sign[i] = y[i] === positive ? 1 : -1;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let active = n;
  let pgMaxOld = Infinity;
  let epoch = 0;
  let converged = false;
  while (epoch < options.maxEpochs) {
    epoch++;
    for (let s = active - 1; s > 0; s--) {
      const j = Math.floor(rng.next() * (s + 1));
      const t = order[s]!;
      order[s] = order[j]!;
      order[j] = t;
    }
    let pgMax = -Infinity;
    let pgMin = Infinity;
    for (let s = 0; s < active; s++) {
      const i = order[s]!;
      const yi = sign[i]!;
      const from = indptr[i]!;
      const to = indptr[i + 1]!;
      let dot = w[d]!;
      for (let k = from; k < to; k++) dot += w[indices[k]!]! * values[k]!;
      const g = yi * dot - 1 + alpha[i]! * diag;
      let pg = 0;
      if (alpha[i] === 0) {
        if (g > pgMaxOld) {
          // Shrink: this example sits at its bound and is likely to stay there. (The squared hinge loss has no
          // upper bound on alpha, so only the lower bound shrinks.)
          active--;
          order[s] = order[active]!;
          order[active] = i;
          s--;
          continue;
        }
        if (g < 0) pg = g;
      } else pg = g;
      if (pg > pgMax) pgMax = pg;
      if (pg < pgMin) pgMin = pg;
      if (Math.abs(pg) > 1e-12) {
        const old = alpha[i]!;
        const next = Math.max(old - g / qd[i]!, 0);
        alpha[i] = next;
        const step = (next - old) * yi;
        for (let k = from; k < to; k++) w[indices[k]!]! += step * values[k]!;
        w[d]! += step;
      }
    }
    if (pgMax - pgMin <= options.tol) {
      if (active === n) {
        converged = true;
        break;
      }
      // Converged on the active set: check every example once more.
      active = n;
      pgMaxOld = Infinity;
      continue;
    }
    pgMaxOld = pgMax <= 0 ? Infinity : pgMax;
  }
  if (ratios) for (let j = 0; j < d; j++) w[j]! *= ratios[j]!;
  return { weights: w, epochs: epoch, converged };
}
