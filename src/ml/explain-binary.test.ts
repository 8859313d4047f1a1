import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { predictBinary, trainBinary } from './binary-models.js';
import { explainBinary } from './explain-binary.js';
import type { Tabular } from './tabular.js';

/** A table whose label depends strongly on `signal`, weakly on `plan`, and not at all on `noise`. */
function table(n: number, seed: number): { data: Tabular; y: Uint8Array } {
  const rng = createRng(seed);
  const signal = new Float64Array(n);
  const noise = new Float64Array(n);
  const plan: (string | null)[] = [];
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    signal[i] = i % 17 === 0 ? NaN : rng.next() * 4 - 2;
    noise[i] = rng.next();
    plan.push(i % 13 === 0 ? null : (['basic', 'plus', 'pro'][Math.floor(rng.next() * 3)] as string));
    const s = Number.isNaN(signal[i]!) ? 0 : signal[i]!;
    const logit = 2 * s + (plan[i] === 'pro' ? 0.7 : 0);
    y[i] = rng.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return {
    data: {
      rows: n,
      columns: [
        { name: 'signal', kind: 'numeric', values: signal },
        { name: 'plan', kind: 'categorical', values: plan },
        { name: 'noise', kind: 'numeric', values: noise },
      ],
    },
    y,
  };
}

const logit = (p: number) => Math.log(p / (1 - p));
const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('explainBinary', () => {
  const { data, y } = table(600, 7);

  for (const kind of ['logreg', 'gbdt', 'hybrid'] as const) {
    it(`${kind}: base + contributions equals the predicted log-odds, per table column`, () => {
      const model = trainBinary(kind, data, y, rowsOf(data.rows), { seed: 1, gbdt: { numIterations: 40 } });
      const p = predictBinary(model, data);
      const explained = explainBinary(model, data, 3);
      expect(explained).toHaveLength(data.rows);
      for (let i = 0; i < data.rows; i += 37) {
        const e = explained[i]!;
        expect(e.logit).toBeCloseTo(logit(p[i]!), 8);
        // All three columns are in the top 3, so they add up to the whole prediction.
        const sum = e.contributions.reduce((s, c) => s + c.contribution, e.base);
        if (e.contributions.length === 3) expect(sum).toBeCloseTo(e.logit, 8);
        for (const c of e.contributions) expect(['signal', 'plan', 'noise']).toContain(c.feature);
        const sizes = e.contributions.map((c) => Math.abs(c.contribution));
        expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
      }
    });
  }

  it("hybrid: each column's contribution is its linear part plus its TreeSHAP value", () => {
    const model = trainBinary('hybrid', data, y, rowsOf(data.rows), { seed: 1, gbdt: { numIterations: 40 } });
    if (model.kind !== 'hybrid') throw new Error('expected a hybrid');
    expect(model.model.trees.length).toBeGreaterThan(0);
    const linear = explainBinary({ kind: 'logreg', encoding: model.encoding, model: model.base }, data, 3);
    const trees = explainBinary(
      { kind: 'gbdt', encoding: model.encoding, model: model.model, bestIteration: model.bestIteration },
      data,
      3,
    );
    const both = explainBinary(model, data, 3);
    const of = (e: (typeof both)[number], feature: string) =>
      e.contributions.find((c) => c.feature === feature)?.contribution ?? 0;
    for (let i = 0; i < data.rows; i += 29) {
      expect(both[i]!.base).toBeCloseTo(linear[i]!.base + trees[i]!.base, 10);
      expect(both[i]!.logit).toBeCloseTo(linear[i]!.logit + trees[i]!.logit, 10);
      for (const feature of ['signal', 'plan', 'noise'])
        expect(of(both[i]!, feature)).toBeCloseTo(of(linear[i]!, feature) + of(trees[i]!, feature), 10);
    }
  });

  it('reports the raw table value: the number, the category, or null when missing', () => {
    const model = trainBinary('logreg', data, y, rowsOf(data.rows));
    const explained = explainBinary(model, data, 3);
    const at = (row: number, feature: string) =>
      explained[row]!.contributions.find((c) => c.feature === feature);
    expect(at(1, 'signal')?.value).toBe(data.columns[0]!.values[1]);
    expect(at(0, 'signal')?.value ?? null).toBeNull(); // row 0: signal is missing
    const planRow = rowsOf(data.rows).find((i) => at(i, 'plan') !== undefined)!;
    expect(at(planRow, 'plan')?.value).toBe(data.columns[1]!.values[planRow]);
  });

  it('puts the driving column first for most rows', () => {
    const model = trainBinary('gbdt', data, y, rowsOf(data.rows), { seed: 1 });
    const explained = explainBinary(model, data, 1);
    const first = explained.filter((e) => e.contributions[0]?.feature === 'signal').length;
    expect(first / data.rows).toBeGreaterThan(0.6);
  });

  it('explains more rows than one chunk', () => {
    const big = table(9000, 3);
    const model = trainBinary('logreg', big.data, big.y, rowsOf(big.data.rows));
    const p = predictBinary(model, big.data);
    const explained = explainBinary(model, big.data);
    expect(explained).toHaveLength(9000);
    expect(explained[8999]!.logit).toBeCloseTo(logit(p[8999]!), 8);
  });
});
