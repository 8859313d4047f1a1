import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { nbRatios, trainBinarySvm } from './linear-svm.js';
import { trainOneVsRest } from './parallel-svm.js';
import { rowScores, trainSoftmax } from './softmax-regression.js';
import { createRowBuilder, type SparseRows } from './sparse.js';
import { fitTemperature } from './temperature.js';

/** Rows of `k` classes: class c lights up columns 2c and 2c+1 (with noise columns shared by all). */
function blobs(perClass: number, k: number, seed = 'blobs'): { x: SparseRows; y: Int32Array } {
  const rng = createRng(seed);
  const cols = 2 * k + 4;
  const b = createRowBuilder(cols);
  const y: number[] = [];
  for (let i = 0; i < perClass * k; i++) {
    const c = i % k;
    b.add(2 * c, 0.6 + 0.4 * rng.next());
    b.add(2 * c + 1, 0.3 * rng.next());
    b.add(2 * k + rng.int(0, 4), 0.5 * rng.next());
    b.endRow();
    y.push(c);
  }
  return { x: b.finish(), y: Int32Array.from(y) };
}

const argmax = (x: SparseRows, w: ArrayLike<number>, k: number, i: number) => {
  const s = new Float64Array(k);
  rowScores(x, i, w, k, s);
  let best = 0;
  for (let c = 1; c < k; c++) if (s[c]! > s[best]!) best = c;
  return best;
};

describe('linear models', () => {
  it('the dual coordinate descent SVM separates separable data and converges', () => {
    const { x, y } = blobs(30, 2);
    const r = trainBinarySvm(x, y, 1, { c: 1, tol: 0.01, maxEpochs: 1000, nbScaling: false }, createRng(1));
    expect(r.converged).toBe(true);
    for (let i = 0; i < x.rows; i++) {
      let s = r.weights[x.cols]!;
      for (let k = x.indptr[i]!; k < x.indptr[i + 1]!; k++) s += r.weights[x.indices[k]!]! * x.values[k]!;
      expect(Math.sign(s)).toBe(y[i] === 1 ? 1 : -1);
    }
  });

  it('NB scaling weighs up the columns that tell the class apart, and its weights apply to unscaled rows', () => {
    const { x, y } = blobs(30, 2);
    const r = nbRatios(x, y, 1);
    // Columns 2 and 3 belong to class 1, 0 and 1 to class 0; the noise columns are shared.
    expect(r[2]!).toBeGreaterThan(1);
    expect(r[0]!).toBeLessThan(-1);
    for (let j = 4; j < x.cols; j++) expect(Math.abs(r[j]!)).toBeLessThan(0.5);
    const nb = trainBinarySvm(x, y, 1, { c: 1, tol: 0.01, maxEpochs: 1000, nbScaling: true }, createRng(1));
    for (let i = 0; i < x.rows; i++) {
      let s = nb.weights[x.cols]!;
      for (let k = x.indptr[i]!; k < x.indptr[i + 1]!; k++) s += nb.weights[x.indices[k]!]! * x.values[k]!;
      expect(Math.sign(s)).toBe(y[i] === 1 ? 1 : -1);
    }
  });

  it('one-vs-rest gives the same weights on one thread and on worker threads', async () => {
    const { x, y } = blobs(40, 5);
    const options = { c: 1, tol: 0.1, maxEpochs: 500, nbScaling: false };
    const one = await trainOneVsRest(x, y, 5, options, 's', 1);
    const two = await trainOneVsRest(x, y, 5, options, 's', 2, 0);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(Array.from(two.weights)).toEqual(Array.from(one.weights));
    for (let i = 0; i < x.rows; i++) expect(argmax(x, one.weights, 5, i)).toBe(y[i]);
  }, 30_000);

  it('with two classes trains one machine and mirrors it', async () => {
    const { x, y } = blobs(20, 2);
    const r = await trainOneVsRest(x, y, 2, { c: 1, tol: 0.1, maxEpochs: 500, nbScaling: false }, 's', 1);
    for (let j = 0; j <= x.cols; j++) expect(r.weights[j * 2]).toBe(-r.weights[j * 2 + 1]!);
  });

  it('softmax regression fits and its penalty shrinks weights as C falls', () => {
    const { x, y } = blobs(30, 3);
    const strong = trainSoftmax(x, y, 3, { c: 100, maxIter: 200, tol: 1e-6 });
    const weak = trainSoftmax(x, y, 3, { c: 0.01, maxIter: 200, tol: 1e-6 });
    for (let i = 0; i < x.rows; i++) expect(argmax(x, strong.weights, 3, i)).toBe(y[i]);
    const norm = (w: Float64Array) => Math.hypot(...w.subarray(0, x.cols * 3));
    expect(norm(weak.weights)).toBeLessThan(norm(strong.weights) / 5);
  });

  it('temperature scaling cools over-confident scores and heats timid ones', () => {
    // Scores say class 0 by a margin of 10, yet 30 % of rows are class 1: softmax needs T > 1.
    const n = 100;
    const scores = new Float64Array(n * 2);
    const y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      scores[i * 2] = 10;
      y[i] = i < 30 ? 1 : 0;
    }
    const hot = fitTemperature(scores, y, 2);
    expect(1 / (1 + Math.exp(-10 / hot))).toBeCloseTo(0.7, 2);
    // Margins of 0.1 that are always right: T falls toward its bound.
    const timid = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) timid[i * 2 + (y[i] as number)] = 0.1;
    expect(fitTemperature(timid, y, 2)).toBeLessThan(0.05);
  });
});
