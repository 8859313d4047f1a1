import { describe, expect, it } from 'vitest';
import { multiclassReport } from './multiclass-metrics.js';

describe('multiclassReport', () => {
  it('matches hand-computed precision, recall and macro-F1', () => {
    // class 0: tp 2, fp 1, fn 0; class 1: tp 1, fp 0, fn 1; class 2: tp 1, fp 0, fn 0.
    const r = multiclassReport([0, 0, 1, 1, 2], [0, 0, 1, 0, 2], 3);
    expect(r.accuracy).toBeCloseTo(0.8, 12);
    expect(r.confusion).toEqual([
      [2, 0, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(r.perClass[0]).toMatchObject({ precision: 2 / 3, recall: 1, support: 2 });
    expect(r.perClass[1]).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    const f1 = [0.8, 2 / 3, 1];
    expect(r.macroF1).toBeCloseTo(f1.reduce((a, b) => a + b) / 3, 12);
  });

  it('averages over the classes seen as truth or prediction, as scikit-learn does', () => {
    const r = multiclassReport([0, 0], [0, 1], 4);
    // Class 0: P 1, R 0.5, F1 2/3; class 1 predicted but never true: F1 0; classes 2 and 3 unseen.
    expect(r.macroF1).toBeCloseTo(1 / 3, 12);
    expect(() => multiclassReport([0, 5], [0, 0], 3)).toThrow(/outside/);
    expect(() => multiclassReport([0], [0, 1], 3)).toThrow();
  });
});
