import { createMatrix, symmetricEigen } from '../ml/index.js';
import { createRng } from '../shared/index.js';
import type { SparseRows } from './sparse.js';
import { defaultTfidfConfig, fitTfidf, transformTfidf, type TfidfConfig, type TfidfModel } from './tfidf.js';
import { normalizeRow } from './vector-index.js';

/**
 * Dense text embeddings without pretrained weights: latent semantic analysis, a truncated SVD of the TF-IDF matrix
 * (scikit-learn's TruncatedSVD over TfidfVectorizer). The SVD is randomized (Halko, Martinsson & Tropp 2011,
 * algorithms 4.4 and 5.1): a Gaussian sketch of `dims + oversample` columns, power iterations with
 * re-orthonormalization, then the exact SVD of the small projected matrix. A text's embedding is its TF-IDF row
 * times the top right singular vectors, l2-normalized, so cosine similarity compares meaning beyond shared words.
 */

export interface SvdOptions {
  dims: number;
  features: TfidfConfig;
  oversample: number;
  powerIterations: number;
  seed: string;
}

export const defaultSvdOptions: SvdOptions = {
  dims: 128,
  // Words only: character n-grams quadruple the columns and add spelling noise to the topics.
  features: { ...defaultTfidfConfig, char: null },
  oversample: 10,
  powerIterations: 2,
  seed: '0',
};

export interface SvdEmbedder {
  tfidf: TfidfModel;
  dims: number;
  /** cols × dims, row-major: the top right singular vectors of the TF-IDF matrix, one column each. */
  components: Float32Array;
  /** The top singular values, descending. */
  singularValues: Float64Array;
}

/** A dense row-major matrix of `rows` × `l` values. */
interface Dense {
  rows: number;
  l: number;
  data: Float64Array;
}

const dense = (rows: number, l: number): Dense => ({ rows, l, data: new Float64Array(rows * l) });

/** Modified Gram–Schmidt over the columns of a row-major matrix, in place; a vanishing column becomes zero. */
function orthonormalize(a: Dense): void {
  const { rows, l, data } = a;
  for (let c = 0; c < l; c++) {
    for (let b = 0; b < c; b++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += data[i * l + c]! * data[i * l + b]!;
      for (let i = 0; i < rows; i++) data[i * l + c]! -= dot * data[i * l + b]!;
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += data[i * l + c]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) data[i * l + c] = norm > 1e-10 ? data[i * l + c]! / norm : 0;
  }
}

/** Scales each column to unit length (cheaper than orthonormalizing the tall side; enough to keep it bounded). */
function normalizeColumns(a: Dense): void {
  const { rows, l, data } = a;
  const norms = new Float64Array(l);
  for (let i = 0; i < rows; i++) for (let c = 0; c < l; c++) norms[c]! += data[i * l + c]! ** 2;
  for (let c = 0; c < l; c++) norms[c] = norms[c]! > 0 ? 1 / Math.sqrt(norms[c]!) : 0;
  for (let i = 0; i < rows; i++) for (let c = 0; c < l; c++) data[i * l + c]! *= norms[c]!;
}

/** X · M, M with one row per column of X. */
function times(x: SparseRows, m: Dense): Dense {
  const { l } = m;
  const out = dense(x.rows, l);
  for (let i = 0; i < x.rows; i++) {
    const o = i * l;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) {
      const at = x.indices[p]! * l;
      const v = x.values[p]!;
      for (let c = 0; c < l; c++) out.data[o + c]! += v * m.data[at + c]!;
    }
  }
  return out;
}

/** Xᵀ · M, M with one row per row of X. */
function timesTransposed(x: SparseRows, m: Dense): Dense {
  const { l } = m;
  const out = dense(x.cols, l);
  for (let i = 0; i < x.rows; i++) {
    const o = i * l;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) {
      const at = x.indices[p]! * l;
      const v = x.values[p]!;
      for (let c = 0; c < l; c++) out.data[at + c]! += v * m.data[o + c]!;
    }
  }
  return out;
}

/**
 * The randomized truncated SVD of `x`: its top `k` right singular vectors (x.cols × k, row-major) and singular
 * values. The power iterations orthonormalize the short side (rows of `x`) and rescale the long one.
 */
export function truncatedSvd(
  x: SparseRows,
  k: number,
  options: Pick<SvdOptions, 'oversample' | 'powerIterations' | 'seed'>,
): { vectors: Float64Array; k: number; values: Float64Array } {
  const l = Math.min(k + options.oversample, x.rows, x.cols);
  const rng = createRng(`${options.seed}/svd`);
  const omega = dense(x.cols, l);
  for (let i = 0; i < omega.data.length; i++) omega.data[i] = rng.normal();
  let y = times(x, omega);
  orthonormalize(y);
  for (let q = 0; q < options.powerIterations; q++) {
    const z = timesTransposed(x, y);
    normalizeColumns(z);
    y = times(x, z);
    orthonormalize(y);
  }
  // B = Yᵀ X, kept as Bᵀ = Xᵀ Y (x.cols × l); B Bᵀ = (Bᵀ)ᵀ Bᵀ is l × l.
  const bt = timesTransposed(x, y);
  const gram = createMatrix(l, l);
  for (let j = 0; j < x.cols; j++) {
    const o = j * l;
    for (let a = 0; a < l; a++) {
      const va = bt.data[o + a]!;
      if (va === 0) continue;
      for (let b = a; b < l; b++) gram.data[a * l + b]! += va * bt.data[o + b]!;
    }
  }
  for (let a = 0; a < l; a++) for (let b = 0; b < a; b++) gram.data[a * l + b] = gram.data[b * l + a]!;
  const eig = symmetricEigen(gram);
  const kept = Math.min(k, l);
  const values = new Float64Array(kept);
  // V = Bᵀ U Σ⁻¹, with U the eigenvectors of B Bᵀ: project through an l × kept matrix.
  const proj = new Float64Array(l * kept);
  for (let c = 0; c < kept; c++) {
    const sigma = Math.sqrt(Math.max(eig.values[c]!, 0));
    values[c] = sigma;
    if (sigma > 1e-12) for (let a = 0; a < l; a++) proj[a * kept + c] = eig.vectors.data[c * l + a]! / sigma;
  }
  const vectors = new Float64Array(x.cols * kept);
  for (let j = 0; j < x.cols; j++) {
    const o = j * l;
    const v = j * kept;
    for (let a = 0; a < l; a++) {
      const b = bt.data[o + a]!;
      if (b === 0) continue;
      for (let c = 0; c < kept; c++) vectors[v + c]! += b * proj[a * kept + c]!;
    }
  }
  return { vectors, k: kept, values };
}

export function fitSvdEmbedder(
  texts: readonly string[],
  options: SvdOptions = defaultSvdOptions,
): SvdEmbedder {
  if (!(Number.isInteger(options.dims) && options.dims >= 1))
    throw new RangeError('dims must be a positive integer');
  const tfidf = fitTfidf(texts, options.features);
  const x = transformTfidf(tfidf, texts);
  const { vectors, k, values } = truncatedSvd(x, options.dims, options);
  return { tfidf, dims: k, components: Float32Array.from(vectors), singularValues: values };
}

/** Embeddings of `texts` (texts × dims, row-major), each row of unit length (zero for a text of unknown terms). */
export function embedTexts(embedder: SvdEmbedder, texts: readonly string[]): Float32Array {
  const x = transformTfidf(embedder.tfidf, texts);
  const { dims, components } = embedder;
  const out = new Float32Array(texts.length * dims);
  for (let i = 0; i < x.rows; i++) {
    const base = i * dims;
    for (let p = x.indptr[i]!; p < x.indptr[i + 1]!; p++) {
      const at = x.indices[p]! * dims;
      const v = x.values[p]!;
      for (let c = 0; c < dims; c++) out[base + c]! += v * components[at + c]!;
    }
    normalizeRow(out, base, dims);
  }
  return out;
}
