import { describe, expect, it } from 'vitest';
import { parseGbdtModel } from './parse-model.js';
import { predictRaw } from './predict.js';
import { binaryRows } from './test-kit.js';
import { trainGbdt } from './train.js';
import { treeShap } from './tree-shap.js';

describe('parseGbdtModel', () => {
  const train = binaryRows(0, 1500);
  const test = binaryRows(3000, 300);
  const { model } = trainGbdt(train.x, train.y, {
    numIterations: 15,
    categoricalFeatures: [5],
    maxCatToOnehot: 0,
  });

  it('round-trips a model through JSON with identical scores and SHAP values', () => {
    const copy = parseGbdtModel(JSON.parse(JSON.stringify(model)));
    expect(copy).toEqual(model);
    expect(Array.from(predictRaw(copy, test.x))).toEqual(Array.from(predictRaw(model, test.x)));
    expect(Array.from(treeShap(copy, test.x).data)).toEqual(Array.from(treeShap(model, test.x).data));
  });

  it('scores the first trees only when asked', () => {
    const five = predictRaw(model, test.x, { numIterations: 5 });
    const sub = predictRaw({ ...model, trees: model.trees.slice(0, 5) }, test.x);
    expect(Array.from(five)).toEqual(Array.from(sub));
  });

  const broken = (
    edit: (m: Record<string, unknown> & { trees: Record<string, number[]>[] }) => void,
  ): unknown => {
    const m = JSON.parse(JSON.stringify(model));
    edit(m);
    return m;
  };

  it.each([
    ['a wrong format', broken((m) => (m.format = 'other'))],
    ['a child pointing back up (a cycle)', broken((m) => (m.trees[0]!.leftChild![1] = 0))],
    ['a leaf reached twice', broken((m) => (m.trees[0]!.rightChild![0] = m.trees[0]!.leftChild![0]!))],
    ['a feature out of range', broken((m) => (m.trees[0]!.splitFeature![0] = 6))],
    ['a missing leaf value', broken((m) => m.trees[0]!.leafValue!.pop())],
    ['a non-number', broken((m) => ((m.trees[0]!.threshold as unknown[])[0] = 'x'))],
    ['a bad option', broken((m) => ((m.options as Record<string, unknown>).learningRate = -1))],
  ])('rejects %s', (_, value) => {
    expect(() => parseGbdtModel(value)).toThrow(RangeError);
  });
});
