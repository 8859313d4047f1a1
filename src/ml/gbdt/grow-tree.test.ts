import { describe, expect, it } from 'vitest';
import { createMatrix } from '../matrix.js';
import { trainGbdt } from './train.js';

// Textbook second-order boosting (Chen & Guestrin 2016, eqs. 5 and 7; LightGBM's gain without the ½):
// leaf value w = −G / (H + λ), gain = G_L² / (H_L + λ) + G_R² / (H_R + λ) − G² / (H + λ).
describe('growTree: leaf values and gains', () => {
  const n = 200;
  const x = createMatrix(
    n,
    1,
    Float64Array.from({ length: n }, (_, i) => i),
  );
  const y = Float64Array.from({ length: n }, (_, i) => (i < 80 ? 1 : 4) + ((i * 37) % 13) / 13);
  const mean = y.reduce((a, b) => a + b, 0) / n;

  it('a stump with L2 and shrinkage matches the closed forms', () => {
    const lambda = 10;
    const lr = 0.5;
    const { model } = trainGbdt(x, y, {
      objective: 'regression',
      numIterations: 1,
      maxLeaves: 2,
      lambdaL2: lambda,
      learningRate: lr,
    });
    const t = model.trees[0]!;
    expect(t.threshold[0]).toBe(79.5);
    // Squared error: gradient = mean − y, hessian = 1 per row.
    const stats = (from: number, to: number): [number, number] => {
      let g = 0;
      for (let i = from; i < to; i++) g += mean - y[i]!;
      return [g, to - from];
    };
    const [gl, hl] = stats(0, 80);
    const [gr, hr] = stats(80, n);
    const [g, h] = stats(0, n);
    expect(t.leafValue[0]).toBeCloseTo((lr * -gl) / (hl + lambda), 12);
    expect(t.leafValue[1]).toBeCloseTo((lr * -gr) / (hr + lambda), 12);
    const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - (g * g) / (h + lambda);
    expect(t.splitGain[0]).toBeCloseTo(gain, 9);
    expect(t.internalCount).toEqual([n]);
    expect(t.leafCount).toEqual([80, 120]);
  });

  it('makes no split whose gain does not exceed minGainToSplit', () => {
    const base = { objective: 'regression', numIterations: 1, maxLeaves: 2 } as const;
    const gain = trainGbdt(x, y, base).model.trees[0]!.splitGain[0]!;
    expect(trainGbdt(x, y, { ...base, minGainToSplit: gain * 0.999 }).model.trees).toHaveLength(1);
    expect(trainGbdt(x, y, { ...base, minGainToSplit: gain * 1.001 }).model.trees).toHaveLength(0);
  });

  it('needs minSumHessianInLeaf of hessian on each side', () => {
    const base = { objective: 'regression', numIterations: 1, maxLeaves: 2, minDataInLeaf: 1 } as const;
    const t = trainGbdt(x, y, { ...base, minSumHessianInLeaf: 90 }).model.trees[0]!;
    expect(Math.min(...t.leafCount)).toBeGreaterThanOrEqual(90);
  });
});
