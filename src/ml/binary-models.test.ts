import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { predictBinary, selectBinary, trainBinary } from './binary-models.js';
import { predictRaw } from './gbdt/predict.js';
import { decisionFunction } from './logistic-regression.js';
import { rocAuc } from './ranking-metrics.js';
import { encodeLinear, encodeTrees, type Tabular } from './tabular.js';

/**
 * Rows in time order. The log-odds rise linearly as `rate` falls (from 5 to 1 over the rows: later rows leave the
 * range of earlier ones), plus a step in `x` a linear model cannot draw and an effect of `plan`; `noise` is unrelated.
 */
function drifting(n: number, seed: string): { data: Tabular; y: Uint8Array } {
  const rng = createRng(seed);
  const rate = new Float64Array(n);
  const x = new Float64Array(n);
  const noise = new Float64Array(n);
  const plan: string[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    rate[i] = 5 - (4 * i) / n + rng.normal(0, 0.05);
    x[i] = rng.normal(0, 1);
    noise[i] = rng.next();
    plan.push(rng.next() < 0.5 ? 'basic' : 'pro');
    const logit = -3 + 1.2 * (5 - rate[i]!) + (Math.abs(x[i]!) > 1 ? 1.5 : 0) + (plan[i] === 'pro' ? 0.5 : 0);
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return {
    data: {
      rows: n,
      columns: [
        { name: 'rate', kind: 'numeric', values: rate },
        { name: 'x', kind: 'numeric', values: x },
        { name: 'plan', kind: 'categorical', values: plan },
        { name: 'noise', kind: 'numeric', values: noise },
      ],
    },
    y,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const splitFeatures = (trees: { splitFeature: number[] }[]) => new Set(trees.flatMap((t) => t.splitFeature));

describe('trainBinary: the hybrid (GBDT boosted from a logistic regression)', () => {
  const { data, y } = drifting(4000, 'hybrid');
  const train = range(0, 2800);
  const later = range(2800, 4000);
  const yLater = Float64Array.from(later, (i) => y[i]!);
  const auc = (kind: 'logreg' | 'gbdt' | 'hybrid') =>
    rocAuc(yLater, predictBinary(trainBinary(kind, data, y, train, { seed: 1 }), data, later));

  it('predicts sigmoid(linear log-odds + trees), both fitted on the training rows', () => {
    const model = trainBinary('hybrid', data, y, train, { seed: 1, logreg: { C: 0.5 } });
    if (model.kind !== 'hybrid') throw new Error('expected a hybrid');
    expect(model.base.C).toBe(0.5);
    expect(model.model.initScore).toBe(0);
    expect(model.model.trees.length).toBeGreaterThan(0);
    const z = decisionFunction(model.base, encodeLinear(model.encoding, data, later));
    const trees = predictRaw(model.model, encodeTrees(model.encoding, data, later).x);
    const p = predictBinary(JSON.parse(JSON.stringify(model)), data, later);
    for (let i = 0; i < later.length; i += 97)
      expect(p[i]).toBeCloseTo(1 / (1 + Math.exp(-z[i]! - trees[i]!)), 12);
  });

  it('extrapolates a drifting column like the linear model and adds what trees find', () => {
    const [logreg, gbdt, hybrid] = [auc('logreg'), auc('gbdt'), auc('hybrid')];
    // Later rows sit below every training rate: the trees see one bin, the linear part keeps ranking them.
    expect(hybrid).toBeGreaterThan(gbdt + 0.05);
    // The step in x is out of a linear model's reach.
    expect(hybrid).toBeGreaterThan(logreg + 0.01);
  });

  it('keeps trees off the columns it is told to, and refuses unknown ones', () => {
    for (const kind of ['gbdt', 'hybrid'] as const) {
      const model = trainBinary(kind, data, y, train, { seed: 1, treeIgnoredColumns: ['rate', 'plan'] });
      if (model.kind === 'logreg') throw new Error('expected trees');
      const used = splitFeatures(model.model.trees);
      expect(used.has(0) || used.has(2)).toBe(false);
      expect(used.has(1)).toBe(true);
    }
    expect(() => trainBinary('gbdt', data, y, train, { treeIgnoredColumns: ['nope'] })).toThrow(/nope/);
  });
});

describe('trainBinary: cross-fit bagged GBDT (earlyStopping.folds)', () => {
  const { data, y } = drifting(1500, 'bag');
  const rows = range(0, 1500);

  it('averages one early-stopped GBDT per fold into one model', () => {
    const bag = trainBinary('gbdt', data, y, rows, {
      seed: 2,
      earlyStopping: { holdout: 'random', folds: 3 },
    });
    if (bag.kind !== 'gbdt') throw new Error('expected a GBDT');
    expect(bag.model.trainRows).toBe(1500);
    // About bestIteration trees per fold model, three of them.
    expect(bag.model.trees.length).toBeGreaterThan(2 * bag.bestIteration);
    expect(bag.model.trees.length).toBeLessThan(4 * bag.bestIteration);
    expect(bag.model.bestScore).not.toBeNull();
    const p = predictBinary(bag, data);
    expect(rocAuc(y, p)).toBeGreaterThan(0.75);
    const again = trainBinary('gbdt', data, y, rows, {
      seed: 2,
      earlyStopping: { holdout: 'random', folds: 3 },
    });
    expect(predictBinary(again, data)).toEqual(p);
  });

  it('needs GBDT and a random hold-out', () => {
    const folds = { holdout: 'tail', folds: 3 } as const;
    expect(() => trainBinary('gbdt', data, y, rows, { earlyStopping: folds })).toThrow(/random/);
    const hybrid = { holdout: 'random', folds: 3 } as const;
    expect(() => trainBinary('hybrid', data, y, rows, { earlyStopping: hybrid })).toThrow(/GBDT/);
  });
});

describe('selectBinary', () => {
  const { data, y } = drifting(3000, 'select');
  const rows = range(0, 3000);

  it('in time order (tail), keeps every tree off the drifting columns and tries the hybrid', () => {
    const picked = selectBinary(['logreg', 'gbdt', 'hybrid'], data, y, rows, {
      seed: 3,
      earlyStopping: { holdout: 'tail' },
      selection: { holdout: 'tail' },
    });
    expect(picked.drifting).toEqual(['rate']);
    const bestC = Object.entries(picked.scores)
      .filter(([name]) => name.startsWith('logreg'))
      .sort((a, b) => b[1] - a[1])[0]![0]
      .slice('logreg'.length);
    expect(Object.keys(picked.scores)).toEqual([
      'logreg(C=0.05)',
      'logreg(C=0.2)',
      'logreg(C=1)',
      'logreg(C=5)',
      'gbdt',
      `hybrid${bestC}`,
    ]);
    expect(picked.chosen).toBe(Object.entries(picked.scores).sort((a, b) => b[1] - a[1])[0]![0]);
    if (picked.model.kind !== 'logreg') expect(splitFeatures(picked.model.model.trees).has(0)).toBe(false);
  });

  it('with a random hold-out, looks for no drift and can add a bagged GBDT', () => {
    const picked = selectBinary(['logreg', 'gbdt'], data, y, rows, {
      seed: 3,
      logreg: { C: 1 },
      selection: { holdout: 'random', baggedGbdt: 3 },
    });
    expect(picked.drifting).toEqual([]);
    expect(Object.keys(picked.scores)).toEqual(['logreg(C=1)', 'gbdt', 'gbdt(bag=3)']);
  });
});
