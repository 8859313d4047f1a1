import { symmetricEigen } from './eigen.js';
import { assertFinite, columnMeans, createMatrix, type Matrix } from './matrix.js';

export interface PcaModel {
  /** Column means subtracted before projecting. */
  mean: Float64Array;
  /**
   * components × cols; row i is the i-th principal axis (unit length), signed so that its largest-magnitude
   * loading is positive (scikit-learn's `svd_flip` convention for `components_`).
   */
  components: Matrix;
  /** Variance along each axis (covariance eigenvalues, n − 1 denominator as scikit-learn). */
  explainedVariance: Float64Array;
  /** Share of the total variance along each axis; zeros when the data has no variance. */
  explainedVarianceRatio: Float64Array;
}

export interface PcaOptions {
  /** Axes kept, 1 ≤ components ≤ cols. Default 2 (or cols when fewer). */
  components?: number;
}

/** Principal component analysis: centre, sample covariance, symmetric Jacobi eigen decomposition. */
export function pca(data: Matrix, options: PcaOptions = {}): PcaModel {
  const { rows: n, cols: d, data: x } = data;
  const nComp = options.components ?? Math.min(2, d);
  if (n < 2) throw new RangeError(`PCA needs at least 2 rows, got ${n}`);
  if (!Number.isInteger(nComp) || nComp < 1 || nComp > d) {
    throw new RangeError(`components must be an integer in 1..${d}, got ${nComp}`);
  }
  assertFinite(data, 'PCA data');
  const mean = columnMeans(data);
  const cov = createMatrix(d, d);
  const c = cov.data;
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = x[i * d + j]! - mean[j]!;
    for (let p = 0; p < d; p++) {
      const rp = row[p]!;
      for (let q = p; q < d; q++) c[p * d + q]! += rp * row[q]!;
    }
  }
  for (let p = 0; p < d; p++) for (let q = p; q < d; q++) c[p * d + q]! /= n - 1;

  const { values, vectors } = symmetricEigen(cov);
  let total = 0;
  for (const v of values) total += Math.max(0, v);
  const explainedVariance = new Float64Array(nComp);
  const explainedVarianceRatio = new Float64Array(nComp);
  for (let i = 0; i < nComp; i++) {
    const v = Math.max(0, values[i]!); // rounding can leave −1e-17 on a flat axis
    explainedVariance[i] = v;
    explainedVarianceRatio[i] = total > 0 ? v / total : 0;
  }
  const components = createMatrix(nComp, d, vectors.data.slice(0, nComp * d));
  return { mean, components, explainedVariance, explainedVarianceRatio };
}

/** Coordinates of each row along the model's axes: (x − mean) · componentsᵀ, rows × components. */
export function pcaTransform(model: PcaModel, data: Matrix): Matrix {
  const { rows: n, cols: d, data: x } = data;
  const { components, mean } = model;
  if (components.cols !== d) throw new RangeError(`model has ${components.cols} columns, data has ${d}`);
  const k = components.rows;
  const w = components.data;
  const out = createMatrix(n, k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += (x[i * d + j]! - mean[j]!) * w[c * d + j]!;
      out.data[i * k + c] = s;
    }
  }
  return out;
}
