import { describe, expect, it } from 'vitest';
import { createMatrix, type Matrix } from '../matrix.js';
import { CATEGORICAL, DEFAULT_LEFT, type GbdtModel, type GbdtTree } from './model.js';
import { predictRaw } from './predict.js';
import { binaryRows } from './test-kit.js';
import { trainGbdt } from './train.js';
import { treeShap } from './tree-shap.js';

/** The split decision read straight from the JSON tree (independent of the compiled scorer). */
function goesLeftJson(tree: GbdtTree, k: number, v: number): boolean {
  const type = tree.decisionType[k]!;
  if (type & CATEGORICAL) {
    const set = tree.threshold[k]!;
    return tree.catValues.slice(tree.catBoundaries[set]!, tree.catBoundaries[set + 1]!).includes(v);
  }
  if (Number.isNaN(v)) return (type & DEFAULT_LEFT) !== 0;
  return v <= tree.threshold[k]!;
}

/** E[tree(x) | x_S]: follow x where the split feature is in S, else average the children by training cover. */
function conditionalExpectation(tree: GbdtTree, x: Float64Array, inS: (f: number) => boolean): number {
  const cover = (c: number): number => (c >= 0 ? tree.internalCount[c]! : tree.leafCount[~c]!);
  const walk = (c: number): number => {
    if (c < 0) return tree.leafValue[~c]!;
    const l = tree.leftChild[c]!;
    const r = tree.rightChild[c]!;
    const f = tree.splitFeature[c]!;
    if (inS(f)) return walk(goesLeftJson(tree, c, x[f]!) ? l : r);
    return (cover(l) * walk(l) + cover(r) * walk(r)) / cover(c);
  };
  return tree.splitFeature.length === 0 ? tree.leafValue[0]! : walk(0);
}

/**
 * Reference: exact Shapley values by enumerating every feature subset, of the value function
 * v(S) = init + Σ_trees E[tree(x) | x_S] — the definition that path-dependent TreeSHAP computes in polynomial time.
 */
function bruteForceShap(model: GbdtModel, x: Float64Array): Float64Array {
  const m = model.numFeatures;
  const value = (mask: number): number =>
    model.trees.reduce(
      (s, t) => s + conditionalExpectation(t, x, (f) => ((mask >> f) & 1) === 1),
      model.initScore,
    );
  const v = Float64Array.from({ length: 1 << m }, (_, mask) => value(mask));
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const phi = new Float64Array(m + 1);
  for (let i = 0; i < m; i++) {
    for (let mask = 0; mask < 1 << m; mask++) {
      if ((mask >> i) & 1) continue;
      let size = 0;
      for (let f = 0; f < m; f++) size += (mask >> f) & 1;
      const weight = (fact(size) * fact(m - size - 1)) / fact(m);
      phi[i]! += weight * (v[mask | (1 << i)]! - v[mask]!);
    }
  }
  phi[m] = v[0]!;
  return phi;
}

function row(x: Matrix, i: number): Float64Array {
  return x.data.subarray(i * x.cols, (i + 1) * x.cols);
}

describe('treeShap', () => {
  const train = binaryRows(0, 1500);
  const test = binaryRows(5000, 200);
  const { model } = trainGbdt(train.x, train.y, {
    numIterations: 12,
    maxLeaves: 10,
    categoricalFeatures: [5],
    maxCatToOnehot: 0,
    minDataPerGroup: 20,
    baggingFraction: 0.7,
    baggingFreq: 1,
  });

  it('equals the brute-force Shapley values over all 2^6 feature subsets', () => {
    const shap = treeShap(model, test.x);
    // Rows 5003 and 5013 have x4 missing; the categorical feature and NaN routing both take part.
    for (const i of [0, 1, 2, 3, 7, 13, 42, 199]) {
      const expected = bruteForceShap(model, row(test.x, i));
      const got = row(shap, i);
      for (let f = 0; f <= model.numFeatures; f++) expect(got[f]).toBeCloseTo(expected[f]!, 10);
    }
  });

  it('contributions plus the expected value sum to the raw score (1e-9)', () => {
    const shap = treeShap(model, test.x);
    const raw = predictRaw(model, test.x);
    for (let i = 0; i < test.x.rows; i++) {
      const sum = row(shap, i).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - raw[i]!)).toBeLessThan(1e-9);
    }
  });

  it('puts the mean training prediction in the last column when every row was in the bag', () => {
    const { model: full } = trainGbdt(train.x, train.y, { numIterations: 8, categoricalFeatures: [5] });
    const raw = predictRaw(full, train.x);
    const mean = raw.reduce((a, b) => a + b, 0) / raw.length;
    expect(treeShap(full, test.x).data[full.numFeatures]).toBeCloseTo(mean, 10);
  });

  it('gives no credit to a feature no tree splits on (a stump on x0)', () => {
    const x = createMatrix(400, 2);
    const y = new Float64Array(400);
    for (let i = 0; i < 400; i++) {
      x.data[2 * i] = i % 2;
      x.data[2 * i + 1] = (i * 37) % 11;
      y[i] = i % 2;
    }
    const { model: m } = trainGbdt(x, y, { numIterations: 1, maxLeaves: 2 });
    expect(m.trees[0]!.splitFeature).toEqual([0]);
    const shap = treeShap(m, x);
    for (let i = 0; i < 400; i++) expect(shap.data[i * 3 + 1]).toBe(0);
  });
});
