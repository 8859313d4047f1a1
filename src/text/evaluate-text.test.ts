import { describe, expect, it } from 'vitest';
import { evaluateTextClassifier } from './evaluate-text.js';
import { syntheticIntents } from './test-kit.js';
import { defaultTextTrainOptions } from './text-classifier.js';

const options = { ...defaultTextTrainOptions, threads: 1 };

describe('evaluateTextClassifier', () => {
  it('cross-validates: every row is evaluated once, by a model that did not train on it', async () => {
    const data = syntheticIntents(25);
    const rounds: number[] = [];
    const e = await evaluateTextClassifier(
      data,
      { kind: 'split', spec: { kind: 'cv', k: 5, seed: 's' } },
      options,
      (done) => rounds.push(done),
    );
    expect(e.folds).toHaveLength(5);
    expect(rounds).toEqual([0, 1, 2, 3, 4, 5]);
    expect(e.rows).toHaveLength(100);
    expect(new Set(e.rows.map((r) => r.text)).size).toBe(new Set(data.texts).size);
    for (const f of e.folds) expect(f.trainRows + f.testRows).toBe(100);
    expect(e.summary.accuracy.mean).toBeGreaterThan(0.8);
    expect(e.pooled.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100);
    const correct = e.rows.filter((r) => r.label === r.predicted).length;
    expect(e.pooled.accuracy).toBeCloseTo(correct / 100, 10);
    expect(e.model).toBeNull();
  });

  it('with a test file: one round, the model it trained returned, labels unseen in training counted wrong', async () => {
    const data = syntheticIntents(20);
    const test = { texts: ['where is my order', 'sing me a song'], labels: ['order_status', 'music'] };
    const e = await evaluateTextClassifier(data, { kind: 'test', test }, options);
    expect(e.folds).toHaveLength(1);
    expect(e.labels).toContain('music');
    expect(e.rows.map((r) => r.predicted)[0]).toBe('order_status');
    expect(e.summary.accuracy.mean).toBe(0.5);
    expect(e.model?.labels).not.toContain('music');
  });
});
