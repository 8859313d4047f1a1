import { createMatrix, type Matrix } from './matrix.js';

export interface SymmetricEigen {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** Row i is the unit eigenvector of values[i], signed so that its largest-magnitude entry is positive. */
  vectors: Matrix;
}

const MAX_SWEEPS = 100;

/**
 * Eigen decomposition of a symmetric matrix by cyclic Jacobi rotations (Golub & Van Loan §8.5; rotation formulas
 * as in Numerical Recipes `jacobi`). Accurate to rounding for the small covariance matrices PCA needs; O(d³) per
 * sweep, a handful of sweeps. Only the upper triangle is read.
 */
export function symmetricEigen(m: Matrix): SymmetricEigen {
  const d = m.rows;
  if (m.cols !== d)
    throw new RangeError(`eigen decomposition needs a square matrix, got ${m.rows} x ${m.cols}`);
  const a = new Float64Array(d * d);
  for (let p = 0; p < d; p++) {
    for (let q = p; q < d; q++) {
      const v = m.data[p * d + q]!;
      a[p * d + q] = v;
      a[q * d + p] = v;
    }
  }
  const v = new Float64Array(d * d); // columns become the eigenvectors
  for (let p = 0; p < d; p++) v[p * d + p] = 1;

  let scale = 0;
  for (const x of a) scale += x * x;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    if (off <= 1e-30 * scale) break;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) rotate(a, v, d, p, q);
  }

  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j]! - a[i * d + i]! || i - j);
  const values = new Float64Array(d);
  const vectors = createMatrix(d, d);
  order.forEach((col, r) => {
    values[r] = a[col * d + col]!;
    let big = 0;
    for (let t = 0; t < d; t++) if (Math.abs(v[t * d + col]!) > Math.abs(v[big * d + col]!)) big = t;
    const sign = v[big * d + col]! < 0 ? -1 : 1;
    for (let t = 0; t < d; t++) vectors.data[r * d + t] = sign * v[t * d + col]!;
  });
  return { values, vectors };
}

/** One Jacobi rotation in the (p, q) plane that zeroes a[p][q]. */
function rotate(a: Float64Array, v: Float64Array, d: number, p: number, q: number): void {
  const apq = a[p * d + q]!;
  if (apq === 0) return;
  const app = a[p * d + p]!;
  const aqq = a[q * d + q]!;
  const theta = (aqq - app) / (2 * apq);
  // t = tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0.
  const t =
    Math.abs(theta) > 1e150
      ? 1 / (2 * theta)
      : (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
  const c = 1 / Math.sqrt(t * t + 1);
  const s = t * c;
  for (let r = 0; r < d; r++) {
    if (r === p || r === q) continue;
    const arp = a[r * d + p]!;
    const arq = a[r * d + q]!;
    const np = c * arp - s * arq;
    const nq = s * arp + c * arq;
    a[r * d + p] = np;
    a[p * d + r] = np;
    a[r * d + q] = nq;
    a[q * d + r] = nq;
  }
  a[p * d + p] = app - t * apq;
  a[q * d + q] = aqq + t * apq;
  a[p * d + q] = 0;
  a[q * d + p] = 0;
  for (let r = 0; r < d; r++) {
    const vrp = v[r * d + p]!;
    const vrq = v[r * d + q]!;
    v[r * d + p] = c * vrp - s * vrq;
    v[r * d + q] = s * vrp + c * vrq;
  }
}
