import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../shared/index.js';
import { createMatrix, type Matrix } from '../matrix.js';
import { featureImportance } from './importance.js';
import { DEFAULT_LEFT } from './model.js';
import { createObjective, sigmoid } from './objective.js';
import { predictProba, predictRaw } from './predict.js';
import { binaryRows, logLoss, rocAuc } from './test-kit.js';
import { trainGbdt } from './train.js';

/** n rows: x0 ~ U(0, 1) (NaN with probability pMissing), x1, x2 noise; P(y = 1) from `prob`. */
function sample(
  rng: Rng,
  n: number,
  prob: (x0: number) => number,
  pMissing = 0,
): { x: Matrix; y: Float64Array } {
  const x = createMatrix(n, 3);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = rng.next() < pMissing ? NaN : rng.next();
    x.data.set([x0, rng.next(), rng.next()], i * 3);
    y[i] = rng.next() < prob(x0) ? 1 : 0;
  }
  return { x, y };
}

function grid(values: number[], others: number[]): Matrix {
  const m = createMatrix(values.length, 3);
  values.forEach((v, i) => m.data.set([v, ...others], i * 3));
  return m;
}

describe('trainGbdt: missing values', () => {
  it.each([
    ['high', 0.8],
    ['low', 0.2],
  ])('learns where NaN goes: missing rows behave like the %s values', (_, pMissingRows) => {
    const prob = (x0: number): number => (Number.isNaN(x0) ? pMissingRows : x0 < 0.5 ? 0.2 : 0.8);
    const { x, y } = sample(createRng('nan'), 4000, prob, 0.2);
    const { model } = trainGbdt(x, y, { numIterations: 30 });
    const p = predictProba(model, grid([NaN, 0.1, 0.9], [0.5, 0.5]));
    const like = pMissingRows > 0.5 ? p[2]! : p[1]!;
    const unlike = pMissingRows > 0.5 ? p[1]! : p[2]!;
    expect(Math.abs(p[0]! - like)).toBeLessThan(0.1);
    expect(Math.abs(p[0]! - unlike)).toBeGreaterThan(0.4);
    // The root splits x0 and sends NaN with the matching side.
    const root = model.trees[0]!;
    expect(root.splitFeature[0]).toBe(0);
    expect((root.decisionType[0]! & DEFAULT_LEFT) !== 0).toBe(pMissingRows < 0.5);
  });

  it('sends NaN down the larger side of a split whose rows had none', () => {
    const { x, y } = sample(createRng('no-nan'), 2000, (x0) => (x0 < 0.3 ? 0.1 : 0.9));
    const { model } = trainGbdt(x, y, { numIterations: 5, maxLeaves: 2 });
    const [pNaN, pLow, pHigh] = predictProba(model, grid([NaN, 0.1, 0.9], [0.5, 0.5]));
    expect(pNaN).toBe(pHigh); // 70% of the rows are on the x0 ≥ 0.3 side
    expect(pNaN).not.toBe(pLow);
  });
});

describe('trainGbdt: categorical features', () => {
  // 24 categories whose effect has nothing to do with the order of their codes.
  const effect = Array.from({ length: 24 }, (_, c) => (((c * 7) % 24) / 23 < 0.5 ? 0.15 : 0.7));
  const make = (rng: Rng, n: number): { x: Matrix; y: Float64Array } => {
    const x = createMatrix(n, 2);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = rng.int(0, 24);
      x.data.set([c, rng.next()], i * 2);
      y[i] = rng.next() < effect[c]! ? 1 : 0;
    }
    return { x, y };
  };
  const train = make(createRng('cat-train'), 4000);
  const test = make(createRng('cat-test'), 4000);
  const stumps = { numIterations: 5, maxLeaves: 2, learningRate: 0.5 };

  it('finds the planted split in one many-vs-many split, where numeric coding cannot', () => {
    const cat = trainGbdt(train.x, train.y, { ...stumps, categoricalFeatures: [0] }).model;
    const num = trainGbdt(train.x, train.y, stumps).model;
    const aucCat = rocAuc(test.y, predictProba(cat, test.x));
    const aucNum = rocAuc(test.y, predictProba(num, test.x));
    expect(aucCat).toBeGreaterThan(0.74);
    expect(aucCat - aucNum).toBeGreaterThan(0.1);
    const t = cat.trees[0]!;
    const left = t.catValues.slice(t.catBoundaries[0]!, t.catBoundaries[1]!);
    const lowEffect = effect.flatMap((e, c) => (e < 0.5 ? [c] : []));
    const highEffect = effect.flatMap((e, c) => (e >= 0.5 ? [c] : []));
    expect([lowEffect, highEffect]).toContainEqual(left);
  });

  it('sends unseen codes, NaN and non-codes to the "other" side, like each other', () => {
    const { model } = trainGbdt(train.x, train.y, { numIterations: 10, categoricalFeatures: [0] });
    const odd = createMatrix(4, 2, Float64Array.from([999, 0.5, NaN, 0.5, -1, 0.5, 2.5, 0.5]));
    expect(new Set(predictRaw(model, odd)).size).toBe(1);
  });

  it('respects maxCatThreshold', () => {
    const { model } = trainGbdt(train.x, train.y, {
      numIterations: 5,
      categoricalFeatures: [0],
      maxCatThreshold: 3,
      maxCatToOnehot: 0,
    });
    for (const t of model.trees) {
      for (let k = 0; k + 1 < t.catBoundaries.length; k++) {
        expect(t.catBoundaries[k + 1]! - t.catBoundaries[k]!).toBeLessThanOrEqual(3);
      }
    }
  });
});

describe('trainGbdt: monotone constraints', () => {
  // Rises overall but dips in the middle: an unconstrained model follows the dip.
  const prob = (x0: number): number => 0.1 + 0.7 * x0 - (x0 > 0.4 && x0 < 0.6 ? 0.35 : 0);
  const { x, y } = sample(createRng('mono'), 6000, prob);
  const steps = Array.from({ length: 101 }, (_, i) => i / 100);

  const monotone = (p: Float64Array, sign: number): boolean =>
    p.every((v, i) => i === 0 || sign * (v - p[i - 1]!) >= -1e-12);

  it('keeps predictions monotone along the constrained feature at every grid point', () => {
    const options = { numIterations: 40, maxLeaves: 15, minDataInLeaf: 10 };
    const free = trainGbdt(x, y, options).model;
    expect(monotone(predictRaw(free, grid(steps, [0.5, 0.5])), 1)).toBe(false);
    const up = trainGbdt(x, y, { ...options, monotoneConstraints: [1, 0, 0] }).model;
    const down = trainGbdt(x, y, { ...options, monotoneConstraints: [-1, 0, 0] }).model;
    for (const others of [
      [0.1, 0.1],
      [0.5, 0.9],
      [0.9, 0.3],
    ]) {
      expect(monotone(predictRaw(up, grid(steps, others)), 1)).toBe(true);
      expect(monotone(predictRaw(down, grid(steps, others)), -1)).toBe(true);
    }
  });
});

describe('trainGbdt: early stopping', () => {
  const train = binaryRows(0, 1500);
  const valid = binaryRows(10_000, 1000);

  it('stops earlyStoppingRounds after the best validation log-loss and keeps the trees up to it', () => {
    const options = {
      numIterations: 400,
      learningRate: 0.3,
      earlyStoppingRounds: 10,
      categoricalFeatures: [5],
    };
    const { model, history } = trainGbdt(train.x, train.y, options, valid);
    const best = history.bestIteration;
    expect(best).toBeGreaterThan(0);
    expect(history.valid.length).toBe(best + 10);
    expect(model.trees).toHaveLength(best);
    expect(Math.min(...history.valid)).toBe(history.valid[best - 1]);
    const p = predictProba(model, valid.x);
    expect(model.bestScore).toBeCloseTo(logLoss(valid.y, p), 12);
    expect(history.train).toHaveLength(best + 10);
  });

  it('needs a validation set', () => {
    expect(() => trainGbdt(train.x, train.y, { earlyStoppingRounds: 5 })).toThrow(RangeError);
  });
});

describe('trainGbdt: init score (LightGBM init_score)', () => {
  const train = binaryRows(0, 1500);
  const valid = binaryRows(10_000, 600);
  const options = { learningRate: 0.2, maxLeaves: 7, categoricalFeatures: [5] };
  const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
    Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

  it("continuing from a model's raw scores equals boosting longer: the trees add up to the same prediction", () => {
    const whole = trainGbdt(train.x, train.y, { ...options, numIterations: 12 }).model;
    const first = trainGbdt(train.x, train.y, { ...options, numIterations: 5 }).model;
    const rest = trainGbdt(
      train.x,
      train.y,
      { ...options, numIterations: 7 },
      undefined,
      predictRaw(first, train.x),
    ).model;
    // The model does not boost from the average: its raw score is the trees' sum only.
    expect(rest.initScore).toBe(0);
    expect(rest.trees).toEqual(whole.trees.slice(5));
    const firstValid = predictRaw(first, valid.x);
    const continued = predictRaw(rest, valid.x).map((v, i) => v + firstValid[i]!);
    expect(maxAbsDiff(continued, predictRaw(whole, valid.x))).toBeLessThan(1e-12);
  });

  it('early stopping scores the validation rows from their own init score', () => {
    const base = trainGbdt(train.x, train.y, { ...options, numIterations: 3 }).model;
    const stopped = trainGbdt(
      train.x,
      train.y,
      { ...options, numIterations: 200, earlyStoppingRounds: 5 },
      { ...valid, initScore: predictRaw(base, valid.x) },
      predictRaw(base, train.x),
    );
    const raw = predictRaw(stopped.model, valid.x);
    const baseValid = predictRaw(base, valid.x);
    const p = raw.map((v, i) => sigmoid(v + baseValid[i]!));
    expect(stopped.model.bestScore).toBeCloseTo(logLoss(valid.y, p), 12);
    expect(stopped.history.valid[stopped.history.bestIteration - 1]).toBe(stopped.model.bestScore);
  });

  it('a constant init score equal to the base-rate log-odds grows the same trees as none', () => {
    const plain = trainGbdt(train.x, train.y, { ...options, numIterations: 4 }).model;
    const shifted = trainGbdt(
      train.x,
      train.y,
      { ...options, numIterations: 4 },
      undefined,
      new Float64Array(train.x.rows).fill(plain.initScore),
    ).model;
    expect(shifted.trees).toEqual(plain.trees);
    expect(shifted.initScore).toBe(0);
    const raw = predictRaw(shifted, valid.x).map((v) => v + plain.initScore);
    expect(maxAbsDiff(raw, predictRaw(plain, valid.x))).toBeLessThan(1e-12);
  });

  it('rejects a margin of the wrong length, non-finite values, and validation rows without one', () => {
    const margin = new Float64Array(train.x.rows);
    expect(() => trainGbdt(train.x, train.y, {}, undefined, margin.subarray(1))).toThrow(RangeError);
    expect(() => trainGbdt(train.x, train.y, {}, undefined, margin.with(3, NaN))).toThrow(RangeError);
    expect(() => trainGbdt(train.x, train.y, { numIterations: 2 }, valid, margin)).toThrow(/initScore/);
    const validWithMargin = { ...valid, initScore: new Float64Array(valid.x.rows) };
    expect(() => trainGbdt(train.x, train.y, { numIterations: 2 }, validWithMargin)).toThrow(/initScore/);
  });
});

describe('trainGbdt: ignored features', () => {
  const train = binaryRows(0, 1500);

  it('never splits on an ignored feature, and still learns from the others', () => {
    const options = { numIterations: 20, categoricalFeatures: [5] };
    const all = trainGbdt(train.x, train.y, options).model;
    const without = trainGbdt(train.x, train.y, { ...options, ignoredFeatures: [0, 5] }).model;
    const used = (m: typeof all) => new Set(m.trees.flatMap((t) => t.splitFeature));
    expect(used(all).has(0) && used(all).has(5)).toBe(true);
    expect([...used(without)].sort()).toEqual([1, 2, 3, 4]);
    expect(without.options.ignoredFeatures).toEqual([0, 5]);
    // Feature sampling draws among the features left.
    const sampled = trainGbdt(train.x, train.y, {
      ...options,
      ignoredFeatures: [0],
      featureFraction: 0.5,
    }).model;
    expect(used(sampled).has(0)).toBe(false);
    expect(used(sampled).size).toBeGreaterThan(1);
  });

  it('grows no tree when every feature is ignored, and rejects unknown indices', () => {
    const { model } = trainGbdt(train.x, train.y, { ignoredFeatures: [0, 1, 2, 3, 4, 5] });
    expect(model.trees).toHaveLength(0);
    expect(() => trainGbdt(train.x, train.y, { ignoredFeatures: [6] })).toThrow(RangeError);
  });
});

describe('trainGbdt: sampling and determinism', () => {
  const train = binaryRows(0, 1500);
  const options = {
    numIterations: 10,
    baggingFraction: 0.6,
    baggingFreq: 1,
    featureFraction: 0.5,
    categoricalFeatures: [5],
  };

  it('gives the same model for the same seed', () => {
    const a = trainGbdt(train.x, train.y, { ...options, seed: 42 });
    const b = trainGbdt(train.x, train.y, { ...options, seed: 42 });
    expect(JSON.stringify(a.model)).toBe(JSON.stringify(b.model));
    expect(a.history).toEqual(b.history);
  });

  it('gives different models for different seeds, and bags the stated share of rows', () => {
    const a = trainGbdt(train.x, train.y, { ...options, seed: 1 }).model;
    const b = trainGbdt(train.x, train.y, { ...options, seed: 2 }).model;
    expect(JSON.stringify(a.trees)).not.toBe(JSON.stringify(b.trees));
    for (const t of a.trees) expect(t.internalCount[0]).toBe(900);
    for (const t of a.trees) expect(new Set(t.splitFeature).size).toBeLessThanOrEqual(3);
  });

  it('tracks the training loss of every row, in the bag or not', () => {
    const { model, history } = trainGbdt(train.x, train.y, { ...options, seed: 3 });
    const p = predictProba(model, train.x);
    expect(history.train.at(-1)).toBeCloseTo(logLoss(train.y, p), 12);
  });
});

describe('trainGbdt: objectives and growth limits', () => {
  it('regression: starts from the mean and lowers the squared error every round', () => {
    const rng = createRng('reg');
    const x = createMatrix(1000, 2);
    const y = new Float64Array(1000);
    for (let i = 0; i < 1000; i++) {
      const [a, b] = [rng.next(), rng.next()];
      x.data.set([a, b], i * 2);
      y[i] = 10 * a * b + rng.normal(0, 0.1);
    }
    const { model, history } = trainGbdt(x, y, { objective: 'regression', numIterations: 30 });
    expect(model.initScore).toBeCloseTo(y.reduce((s, v) => s + v, 0) / 1000, 12);
    expect(history.metric).toBe('l2');
    expect(history.train.every((v, i) => i === 0 || v < history.train[i - 1]!)).toBe(true);
    const mse = predictRaw(model, x).reduce((s, v, i) => s + (v - y[i]!) ** 2, 0) / 1000;
    expect(mse).toBeCloseTo(history.train.at(-1)!, 12);
  });

  it('binary: the init score is the log-odds of the base rate, and scalePosWeight leaves it alone', () => {
    const train = binaryRows(0, 1000);
    const rate = train.y.reduce((s, v) => s + v, 0) / 1000;
    const plain = trainGbdt(train.x, train.y, { numIterations: 5 }).model;
    const weighted = trainGbdt(train.x, train.y, { numIterations: 5, scalePosWeight: 4 }).model;
    expect(sigmoid(plain.initScore)).toBeCloseTo(rate, 12);
    expect(weighted.initScore).toBe(plain.initScore);
    const mean = (m: typeof plain): number => predictProba(m, train.x).reduce((s, v) => s + v, 0) / 1000;
    expect(mean(weighted)).toBeGreaterThan(mean(plain) + 0.05);
  });

  it('honours maxLeaves, maxDepth and minDataInLeaf', () => {
    const train = binaryRows(0, 2000);
    const { model } = trainGbdt(train.x, train.y, {
      numIterations: 5,
      maxLeaves: 12,
      maxDepth: 3,
      minDataInLeaf: 40,
    });
    for (const t of model.trees) {
      expect(t.leafValue.length).toBeLessThanOrEqual(8);
      expect(Math.min(...t.leafCount)).toBeGreaterThanOrEqual(40);
      const depth = (c: number): number =>
        c < 0 ? 0 : 1 + Math.max(depth(t.leftChild[c]!), depth(t.rightChild[c]!));
      expect(depth(0)).toBeLessThanOrEqual(3);
    }
  });

  it('stops adding trees when no leaf can split', () => {
    const x = createMatrix(
      10,
      1,
      Float64Array.from({ length: 10 }, (_, i) => i),
    );
    const y = Float64Array.from({ length: 10 }, (_, i) => i % 2);
    const { model, history } = trainGbdt(x, y, { numIterations: 50 }); // 10 rows < 2 × minDataInLeaf
    expect(model.trees).toHaveLength(0);
    expect(history.train).toHaveLength(0);
    expect(predictProba(model, x)[0]).toBeCloseTo(0.5, 12);
  });

  it('rejects bad input', () => {
    const x = createMatrix(2, 1, Float64Array.from([0, 1]));
    expect(() => trainGbdt(x, [0, 2])).toThrow(RangeError);
    expect(() => trainGbdt(x, [0])).toThrow(RangeError);
    expect(() => trainGbdt(x, [0, 1], { learningRate: 0 })).toThrow(RangeError);
    expect(() => trainGbdt(x, [0, 1], { maxBin: 300 })).toThrow(RangeError);
    expect(() => trainGbdt(x, [0, 1], { categoricalFeatures: [0], monotoneConstraints: [1] })).toThrow(
      RangeError,
    );
    expect(() => trainGbdt(createMatrix(1, 1, Float64Array.from([Infinity])), [1])).toThrow(RangeError);
  });
});

describe('featureImportance', () => {
  it('counts splits and sums gains per feature', () => {
    const train = binaryRows(0, 2000);
    const { model } = trainGbdt(train.x, train.y, { numIterations: 10, categoricalFeatures: [5] });
    const splits = featureImportance(model, 'split');
    const gains = featureImportance(model, 'gain');
    expect(splits.reduce((a, b) => a + b, 0)).toBe(
      model.trees.reduce((s, t) => s + t.splitFeature.length, 0),
    );
    const totalGain = model.trees.reduce((s, t) => s + t.splitGain.reduce((a, b) => a + b, 0), 0);
    expect(gains.reduce((a, b) => a + b, 0)).toBeCloseTo(totalGain, 9);
    // x0 · x1 and the category carry most of the signal; x3 only acts through x4.
    expect(gains[0]! + gains[1]! + gains[5]!).toBeGreaterThan(gains[3]! * 3);
  });
});

describe('objectives', () => {
  it('binary gradients are p − y and p(1 − p), positives weighted', () => {
    const o = createObjective('binary', 2);
    const y = Float64Array.from([1, 0]);
    const score = Float64Array.from([0, Math.log(3)]);
    const g = new Float64Array(2);
    const h = new Float64Array(2);
    const loss = o.gradients(y, score, g, h);
    expect(g[0]).toBe(-1); // (0.5 − 1) × 2
    expect(g[1]).toBeCloseTo(0.75, 15);
    expect(h[0]).toBeCloseTo(0.5, 15);
    expect(h[1]).toBeCloseTo(0.1875, 15);
    expect(loss).toBeCloseTo((Math.log(2) + Math.log(4)) / 2, 15);
    expect(o.metric(y, score)).toBeCloseTo(loss, 15);
  });
});
