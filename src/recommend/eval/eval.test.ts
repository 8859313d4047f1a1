import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/index.js';
import type { FittedRecommender } from '../types.js';
import { normaliseScores, learnBlendWeights } from './blend.js';
import { buildTask, buildValidationTask, parseRecommendSplit, type InteractionRows } from './build-task.js';
import { scoreTask } from './evaluate.js';
import { loadInteractions, parseTime } from './load-interactions.js';
import { evaluateWithSelection, oneStandardError } from './select-models.js';

const day = 86_400_000;
const t0 = Date.parse('2026-01-01T00:00:00Z');

function rows(list: [string, string, number][]): InteractionRows {
  return {
    users: list.map((r) => r[0]),
    items: list.map((r) => r[1]),
    times: Float64Array.from(list.map((r) => t0 + r[2] * day)),
  };
}

describe('parseRecommendSplit', () => {
  it('reads the three split kinds and refuses anything else with invalid_split', () => {
    expect(parseRecommendSplit('random:0.8:s')).toEqual({ kind: 'random', fraction: 0.8, seed: 's' });
    expect(parseRecommendSplit('temporal:2010-10-01')).toMatchObject({
      kind: 'temporal',
      at: Date.parse('2010-10-01T00:00:00Z'),
    });
    expect(parseRecommendSplit('file:/tmp/a:b')).toEqual({ kind: 'file', path: '/tmp/a:b' });
    for (const bad of [
      'random:1.2:s',
      'random:0.8',
      'temporal:2010-13',
      'temporal:yesterday',
      'file:',
      'cv:5:1',
      '',
    ])
      expect(() => parseRecommendSplit(bad), bad).toThrow(expect.objectContaining({ code: 'invalid_split' }));
  });
});

describe('buildTask', () => {
  const data = rows([
    ['u1', 'b', 1],
    ['u1', 'a', 2],
    ['u1', 'a', 3],
    ['u1', 'c', 12],
    ['u1', 'z', 13],
    ['u2', 'c', 4],
    ['u2', 'b', 14],
    ['u3', 'a', 15], // only after the split: no training rows
  ]);

  it('temporal: catalogue of training items in string order, out-of-catalogue targets counted, weights and times per pair', () => {
    const task = buildTask(data, parseRecommendSplit('temporal:2026-01-11'), { excludeSeen: false });
    expect(task.itemIds).toEqual(['a', 'b', 'c']);
    expect(task.userIds).toEqual(['u1', 'u2', 'u3']);
    const m = task.train.matrix;
    expect(Array.from(m.indptr)).toEqual([0, 2, 3, 3]);
    expect(Array.from(m.indices)).toEqual([0, 1, 2]);
    expect(Array.from(m.weights)).toEqual([2, 1, 1]); // u1 had a twice
    expect(Array.from(task.train.lastAt ?? [])).toEqual([t0 + 3 * day, t0 + 1 * day, t0 + 4 * day]);
    expect(task.train.asOf).toBe(Date.parse('2026-01-11T00:00:00Z'));
    // u3 has no training rows: not evaluated. u1's z is outside the catalogue: in the size, never hittable.
    expect(Array.from(task.users)).toEqual([0, 1]);
    expect(task.targets.map((t) => Array.from(t))).toEqual([[2], [1]]);
    expect(Array.from(task.targetSizes)).toEqual([2, 1]);
  });

  it('excludeSeen drops training items from the target and users left with none', () => {
    const seen = rows([
      ['u1', 'a', 1],
      ['u1', 'a', 12],
      ['u2', 'a', 2],
      ['u2', 'b', 13],
    ]);
    const task = buildTask(seen, parseRecommendSplit('temporal:2026-01-11'), { excludeSeen: true });
    expect(task.itemIds).toEqual(['a']);
    expect(Array.from(task.users)).toEqual([1]);
    expect(Array.from(task.targetSizes)).toEqual([1]); // b: outside the catalogue
  });

  it('random: per user, floor(fraction × distinct items) train, the same for the same seed', () => {
    const many: [string, string, number][] = [];
    for (let u = 0; u < 30; u++) for (let i = 0; i < 10; i++) many.push([`u${u}`, `i${(u + i) % 25}`, i]);
    const a = buildTask(rows(many), parseRecommendSplit('random:0.8:seed'), { excludeSeen: true });
    const b = buildTask(rows(many), parseRecommendSplit('random:0.8:seed'), { excludeSeen: true });
    const c = buildTask(rows(many), parseRecommendSplit('random:0.8:other'), { excludeSeen: true });
    expect(a.itemIds).toHaveLength(25); // every item in the data (P4)
    for (let u = 0; u < 30; u++)
      expect((a.train.matrix.indptr[u + 1] as number) - (a.train.matrix.indptr[u] as number)).toBe(8);
    expect(Array.from(a.targetSizes)).toEqual(new Array(30).fill(2));
    expect(a.targets.map((t) => Array.from(t))).toEqual(b.targets.map((t) => Array.from(t)));
    expect(a.targets.map((t) => Array.from(t))).not.toEqual(c.targets.map((t) => Array.from(t)));
    // No end to a random split's training period: no popularity window counts back from one.
    expect(a.train.asOf).toBeUndefined();
  });

  it('file: one 0/1 per row, and clear errors for a wrong count or value', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-rec-split-'));
    const file = path.join(dir, 'split.txt');
    fs.writeFileSync(file, '0\n0\n0\n1\n1\n0\n1\n1\n');
    const task = buildTask(data, parseRecommendSplit(`file:${file}`), { excludeSeen: false });
    expect(Array.from(task.targetSizes)).toEqual([2, 1, 1]);
    fs.writeFileSync(file, '0\n1\n');
    expect(() => buildTask(data, parseRecommendSplit(`file:${file}`), { excludeSeen: false })).toThrow(
      /2 lines for 8/,
    );
    fs.writeFileSync(file, '0\n0\n0\n1\n1\n0\n1\n2\n');
    expect(() => buildTask(data, parseRecommendSplit(`file:${file}`), { excludeSeen: false })).toThrow(
      /line 8/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the validation task lies inside the training part: the last 30 days for a temporal split', () => {
    const long: [string, string, number][] = [];
    for (let d = 0; d < 100; d++) long.push([`u${d % 5}`, `i${d % 7}`, d]);
    const split = parseRecommendSplit('temporal:2026-03-01'); // day 59
    const v = buildValidationTask(rows(long), split, { excludeSeen: false });
    expect(v.train.asOf).toBe(Date.parse('2026-03-01T00:00:00Z') - 30 * day);
    const last = Math.max(...Array.from(v.train.lastAt ?? []));
    expect(last).toBeLessThan(v.train.asOf as number);
    // Its targets come from days 29–58 only: every user bought in that period.
    expect(v.users.length).toBe(5);
  });
});

describe('loadInteractions', () => {
  it('reads named columns, times in several forms, and refuses missing columns and empty ids', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-rec-load-'));
    const file = path.join(dir, 'x.tsv');
    fs.writeFileSync(file, 'user\titem\twhen\nu1\ti1\t2026-01-01 10:00:00\nu2\ti2\t1767261600\n');
    const loaded = loadInteractions(file, { sep: '\t', userCol: 'user', itemCol: 'item', timeCol: 'when' });
    expect(loaded.users).toEqual(['u1', 'u2']);
    expect(Array.from(loaded.times ?? [])).toEqual([Date.parse('2026-01-01T10:00:00Z'), 1767261600000]);
    expect(() => loadInteractions(file, { sep: '\t', userCol: 'who', itemCol: 'item' })).toThrow(AppError);
    fs.writeFileSync(file, 'user\titem\nu1\t\n');
    expect(() => loadInteractions(file, { sep: '\t', userCol: 'user', itemCol: 'item' })).toThrow(
      /line 2: empty item/,
    );
    fs.rmSync(dir, { recursive: true, force: true });
    expect(parseTime('2026-02-03')).toBe(Date.parse('2026-02-03T00:00:00Z'));
    expect(Number.isNaN(parseTime('not a time'))).toBe(true);
  });
});

/** A model that scores a fixed list for everyone. */
const fixed = (scores: number[]): FittedRecommender => ({
  scoreUser: (_u, out) => out.set(scores),
});

describe('blending and selection', () => {
  it('normaliseScores maps finite scores to [0, 1] and the rest to 0', () => {
    const s = Float32Array.of(2, 4, -Infinity, 3);
    normaliseScores(s);
    expect(Array.from(s)).toEqual([0, 1, 0, 0.5]);
  });

  it('learns to weight the part that finds the targets', () => {
    const task = buildTask(
      rows([
        ['u1', 'a', 1],
        ['u1', 'c', 12],
        ['u2', 'b', 2],
        ['u2', 'c', 13],
        ['u3', 'a', 3],
        ['u3', 'b', 4],
        ['u3', 'c', 14],
        ['u0', 'd', 5],
        ['u0', 'c', 6],
      ]),
      parseRecommendSplit('temporal:2026-01-11'),
      { excludeSeen: true },
    );
    // Items a, b, c, d. Targets: c for everyone. `good` ranks c first, `bad` ranks d first and c last.
    const good = fixed([0.2, 0.1, 0.9, 0.3]);
    const bad = fixed([0.5, 0.4, 0.0, 0.9]);
    const learned = learnBlendWeights(task, [bad, good], 1);
    expect(learned.ndcg).toBe(1);
    expect(learned.weights[1]).toBeGreaterThan(learned.weights[0] as number);
    expect(scoreTask(task, bad, 1).ndcg).toBe(0);
  });

  it('oneStandardError keeps the default unless another candidate beats it by more than one standard error', () => {
    const base = Float64Array.from({ length: 100 }, (_, i) => (i % 2 ? 0.5 : 0.3));
    // A higher mean (+0.005) inside its noise (paired SE ≈ 0.02): plain argmax would take it; the rule keeps the default.
    const noisyBetter = Float64Array.from(base, (x, i) => x + (i % 2 ? 0.2 : -0.19));
    // Higher by 0.05 ± 0.01 per user: far beyond one standard error.
    const clearlyBetter = Float64Array.from(base, (x, i) => x + 0.05 + (i % 2 ? 0.01 : -0.01));
    expect(noisyBetter.reduce((a, b) => a + b)).toBeGreaterThan(base.reduce((a, b) => a + b));
    expect(oneStandardError([noisyBetter, base], 1)).toBe(1);
    expect(oneStandardError([clearlyBetter, base], 1)).toBe(0);
    expect(oneStandardError([base, clearlyBetter], 0)).toBe(1);
  });

  it('evaluateWithSelection fits on the training part, reports each model and a blend that is no worse on validation', () => {
    const list: [string, string, number][] = [];
    // Customers re-buy their own staples (s0..s4) and also try popular items (p0, p1).
    for (let u = 0; u < 40; u++)
      for (let d = 0; d < 120; d += 10) {
        list.push([`u${u}`, `s${u % 5}`, d + (u % 7)]);
        if (d % 20 === 0) list.push([`u${u}`, `p${d % 40 === 0 ? 0 : 1}`, d + 1]);
      }
    const data = rows(list);
    const split = parseRecommendSplit('temporal:2026-04-01'); // day 90
    const report = evaluateWithSelection(
      {
        task: buildTask(data, split, { excludeSeen: false, name: 'repeat-allowed' }),
        validation: buildValidationTask(data, split, { excludeSeen: false }),
      },
      ['pop', 'repeat', 'blend'],
      { k: 2, seed: '0' },
    );
    expect(report.results.map((r) => r.model)).toEqual(['pop', 'repeat', 'blend']);
    const ndcg = Object.fromEntries(report.results.map((r) => [r.model, r.metrics.ndcg]));
    expect(ndcg.repeat).toBeGreaterThan(ndcg.pop as number);
    expect(ndcg.blend).toBeGreaterThanOrEqual((ndcg.repeat as number) - 1e-9);
    expect(report.results[2]?.chosen).toMatch(/^weights pop=/);
  });
});
