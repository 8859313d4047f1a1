import { stratifiedKFold } from '../ml/index.js';
import { createRng } from '../shared/index.js';
import { defaultSvmOptions, type LinearSvmOptions } from './linear-svm.js';
import { trainOneVsRest } from './parallel-svm.js';
import { rowScores, softmaxInPlace } from './softmax-regression.js';
import type { SparseRows } from './sparse.js';
import { fitTemperature } from './temperature.js';

/**
 * A classifier head on dense embeddings: one-vs-rest linear SVMs over the vector's dimensions with probabilities
 * calibrated by temperature scaling on a 20 % hold-out, the same machinery as the TF-IDF classifier.
 */

export interface EmbeddingHead {
  labels: string[];
  dims: number;
  /** Feature-major: `w[j * K + c]`, the K biases last. */
  weights: Float32Array;
  temperature: number;
}

export interface HeadOptions {
  svm: LinearSvmOptions;
  seed: string;
  threads?: number;
}

export const defaultHeadOptions: HeadOptions = { svm: defaultSvmOptions, seed: '0' };

/** Dense rows as CSR with every column stored. */
function asRows(x: Float32Array, dims: number): SparseRows {
  const rows = x.length / dims;
  const indices = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) indices[i] = i % dims;
  return {
    rows,
    cols: dims,
    indptr: Int32Array.from({ length: rows + 1 }, (_, i) => i * dims),
    indices,
    values: x,
  };
}

function pick(x: Float32Array, dims: number, rows: ArrayLike<number>): Float32Array {
  const out = new Float32Array(rows.length * dims);
  for (let r = 0; r < rows.length; r++) out.set(x.subarray(rows[r]! * dims, (rows[r]! + 1) * dims), r * dims);
  return out;
}

export async function trainEmbeddingHead(
  x: Float32Array,
  dims: number,
  labels: readonly string[],
  options: HeadOptions = defaultHeadOptions,
): Promise<EmbeddingHead> {
  const classes = [...new Set(labels)].sort();
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(labels, (l) => index.get(l) as number);
  const fit = (rows: Float32Array, yy: Int32Array) =>
    trainOneVsRest(asRows(rows, dims), yy, k, options.svm, options.seed, options.threads);
  let temperature = 1;
  if (labels.length >= 20) {
    const fold = stratifiedKFold(y, 5, createRng(`${options.seed}/holdout`))[0]!;
    const w = (
      await fit(
        pick(x, dims, fold.train),
        Int32Array.from(fold.train, (i) => y[i]!),
      )
    ).weights;
    const test = asRows(pick(x, dims, fold.test), dims);
    const scores = new Float64Array(test.rows * k);
    const s = new Float64Array(k);
    for (let i = 0; i < test.rows; i++) {
      rowScores(test, i, w, k, s);
      scores.set(s, i * k);
    }
    temperature = fitTemperature(
      scores,
      Int32Array.from(fold.test, (i) => y[i]!),
      k,
    );
  }
  const { weights } = await fit(x, y);
  return { labels: classes, dims, weights, temperature };
}

/** The most likely label of each row of `x` with its calibrated probability. */
export function predictEmbeddingHead(
  head: EmbeddingHead,
  x: Float32Array,
): { label: string; confidence: number }[] {
  const k = head.labels.length;
  const rows = asRows(x, head.dims);
  const p = new Float64Array(k);
  return Array.from({ length: rows.rows }, (_, i) => {
    rowScores(rows, i, head.weights, k, p);
    softmaxInPlace(p, head.temperature);
    let best = 0;
    for (let c = 1; c < k; c++) if (p[c]! > p[best]!) best = c;
    return { label: head.labels[best]!, confidence: p[best]! };
  });
}
