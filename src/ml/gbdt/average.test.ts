import { describe, expect, it } from 'vitest';
import { averageGbdtModels } from './average.js';
import { parseGbdtModel } from './parse-model.js';
import { predictRaw } from './predict.js';
import { binaryRows } from './test-kit.js';
import { trainGbdt } from './train.js';
import { treeShap } from './tree-shap.js';

describe('averageGbdtModels', () => {
  const train = binaryRows(0, 1500);
  const test = binaryRows(5000, 300);
  const options = { numIterations: 8, categoricalFeatures: [5], baggingFraction: 0.7, baggingFreq: 1 };
  const members = [1, 2, 3].map((seed) => trainGbdt(train.x, train.y, { ...options, seed }).model);
  const bag = averageGbdtModels(members, 1500);

  it('scores the mean raw score of its members', () => {
    const raws = members.map((m) => predictRaw(m, test.x));
    const mean = raws[0]!.map((_, i) => raws.reduce((s, r) => s + r[i]!, 0) / raws.length);
    const got = predictRaw(bag, test.x);
    for (let i = 0; i < test.x.rows; i++) expect(got[i]).toBeCloseTo(mean[i]!, 12);
    expect(bag.trees).toHaveLength(24);
    expect(bag.options.numIterations).toBe(24);
    expect(bag.trainRows).toBe(1500);
    expect(bag.bestScore).toBeNull();
  });

  it('is a plain model: JSON round trip and TreeSHAP summing to the raw score', () => {
    const copy = parseGbdtModel(JSON.parse(JSON.stringify(bag)));
    expect(Array.from(predictRaw(copy, test.x))).toEqual(Array.from(predictRaw(bag, test.x)));
    const shap = treeShap(bag, test.x);
    const raw = predictRaw(bag, test.x);
    for (let i = 0; i < 20; i++) {
      const row = shap.data.subarray(i * shap.cols, (i + 1) * shap.cols);
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(raw[i]!, 10);
    }
  });

  it('leaves its members unchanged and refuses an empty or mixed bag', () => {
    expect(predictRaw(members[0]!, test.x)).toEqual(
      predictRaw(trainGbdt(train.x, train.y, { ...options, seed: 1 }).model, test.x),
    );
    expect(() => averageGbdtModels([], 1)).toThrow(RangeError);
    const regression = trainGbdt(train.x, train.y, { objective: 'regression', numIterations: 2 }).model;
    expect(() => averageGbdtModels([members[0]!, regression], 1)).toThrow(RangeError);
  });
});
