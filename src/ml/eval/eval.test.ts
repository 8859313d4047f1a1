import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../shared/index.js';
import { evaluateBinary } from './evaluate.js';
import { loadTable } from './load-table.js';
import { parseSplit, splitRows } from './splits.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-ml-eval-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** A table where y depends on x (logistic) and on the colour; `noise` is unrelated. */
function syntheticCsv(rows: number, seed: string): string {
  const rng = createRng(seed);
  const lines = ['x;colour;noise;y'];
  for (let i = 0; i < rows; i++) {
    const x = rng.normal(0, 1);
    const colour = ['red', 'green', 'blue'][Math.floor(rng.next() * 3)] as string;
    const logit = 2 * x + (colour === 'red' ? 1.5 : colour === 'blue' ? -1.5 : 0);
    const y = rng.next() < 1 / (1 + Math.exp(-logit)) ? 'yes' : 'no';
    lines.push(`${x.toFixed(4)};${colour};${rng.next().toFixed(4)};${y}`);
  }
  return lines.join('\n');
}

describe('loadTable', () => {
  const base = { sep: ';', target: 'y', positive: 'yes' };

  it('types columns, reads gzip, drops columns and binarises the target', () => {
    const file = write('t.csv.gz', gzipSync(Buffer.from('a;b;c;y\n1;x;5;yes\n2;NA;6;no\n;z;7;no\n')));
    const { table, y } = loadTable(file, { ...base, drop: ['c'] });
    expect(table.rows).toBe(3);
    expect(table.columns.map((c) => [c.name, c.kind])).toEqual([
      ['a', 'numeric'],
      ['b', 'categorical'],
    ]);
    expect([...(table.columns[0]!.values as Float64Array)]).toEqual([1, 2, NaN]);
    expect(table.columns[1]!.values).toEqual(['x', null, 'z']);
    expect([...y]).toEqual([1, 0, 0]);
  });

  it('reads a numeric column as categories when asked', () => {
    const file = write('cat.csv', 'a;y\n1;yes\n2;no\n');
    expect(loadTable(file, { ...base, categorical: ['a'] }).table.columns[0]).toMatchObject({
      kind: 'categorical',
      values: ['1', '2'],
    });
  });

  it.each([
    ['missing target column', 'a;b\n1;2\n', {}, 'invalid_target'],
    ['constant target', 'a;y\n1;yes\n2;yes\n', {}, 'invalid_target'],
    ['no positive row', 'a;y\n1;no\n2;no\n', {}, 'invalid_target'],
    ['garbage in a numeric column', 'a;y\n1;yes\n2;no\n3;no\nabc;no\n', {}, 'invalid_training_data'],
    ['an empty file', '', {}, 'invalid_training_data'],
    ['a header only', 'a;y\n', {}, 'invalid_training_data'],
    ['ragged rows', 'a;y\n1;yes;3\n', {}, 'invalid_training_data'],
    ['an unknown --drop column', 'a;y\n1;yes\n2;no\n', { drop: ['nope'] }, 'invalid_training_data'],
    ['nothing left to learn from', 'a;y\n1;yes\n2;no\n', { drop: ['a'] }, 'invalid_training_data'],
  ])('refuses %s with a clear error', (_, text, extra, code) => {
    const file = write(`bad-${code}-${Math.random()}.csv`, text);
    expect(() => loadTable(file, { ...base, ...extra })).toThrow(expect.objectContaining({ code }));
  });

  it('refuses a file that is not there or not gzip', () => {
    expect(() => loadTable(path.join(dir, 'none.csv'), base)).toThrow(
      expect.objectContaining({ code: 'invalid_training_data' }),
    );
    const fake = write('fake.csv.gz', 'a;y\n1;yes\n');
    expect(() => loadTable(fake, base)).toThrow(/not a valid gzip/);
  });
});

describe('splits', () => {
  it('parses the protocol split specs and refuses bad ones', () => {
    expect(parseSplit('temporal:0.8')).toEqual({ kind: 'temporal', fraction: 0.8 });
    expect(parseSplit('random:0.7:s1')).toEqual({ kind: 'random', fraction: 0.7, seed: 's1' });
    expect(parseSplit('cv:5:42')).toEqual({ kind: 'cv', k: 5, seed: '42' });
    expect(parseSplit('folds:/a:b')).toEqual({ kind: 'folds', path: '/a:b' });
    for (const bad of ['temporal:1.5', 'random:0.8', 'cv:1:0', 'cv:x:0', 'file:', 'holdout:0.8', ''])
      expect(() => parseSplit(bad)).toThrow(expect.objectContaining({ code: 'invalid_split' }));
  });

  it('temporal keeps the first rows for training', () => {
    expect(splitRows({ kind: 'temporal', fraction: 0.8 }, 10, new Uint8Array(10))).toEqual([
      { train: [0, 1, 2, 3, 4, 5, 6, 7], test: [8, 9] },
    ]);
  });

  it('random and cv splits partition the rows, seeded', () => {
    const y = Uint8Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const [once] = splitRows({ kind: 'random', fraction: 0.8, seed: 'a' }, 50, y);
    expect([...once!.train, ...once!.test].sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    expect(once!.train).toHaveLength(40);
    expect(splitRows({ kind: 'random', fraction: 0.8, seed: 'a' }, 50, y)).toEqual([once]);
    const folds = splitRows({ kind: 'cv', k: 5, seed: 'a' }, 50, y);
    expect(folds.flatMap((f) => f.test).sort((a, b) => a - b)).toEqual([...Array(50).keys()]);
    for (const f of folds) expect(f.test.filter((i) => y[i] === 1)).toHaveLength(2);
  });

  it('reads given train/test and fold files, and checks their length', () => {
    const file = write('split.txt', '0\n0\n1\n0\n1\n');
    expect(splitRows({ kind: 'file', path: file }, 5, new Uint8Array(5))).toEqual([
      { train: [0, 1, 3], test: [2, 4] },
    ]);
    const folds = write('folds.txt', '0\n1\n2\n1\n0\n');
    expect(splitRows({ kind: 'folds', path: folds }, 5, new Uint8Array(5))[1]).toEqual({
      train: [0, 2, 4],
      test: [1, 3],
    });
    expect(() => splitRows({ kind: 'file', path: file }, 6, new Uint8Array(6))).toThrow(/5 lines for 6/);
    const bad = write('bad.txt', '0\n2\n');
    expect(() => splitRows({ kind: 'file', path: bad }, 2, new Uint8Array(2))).toThrow(/line 2/);
  });
});

describe('evaluateBinary', () => {
  const file = write('synthetic.csv', syntheticCsv(1500, 'eval'));
  const { table, y } = loadTable(file, { sep: ';', target: 'y', positive: 'yes' });

  it('logistic regression learns the planted signal on a temporal split', () => {
    const report = evaluateBinary(table, y, { model: 'logreg', split: parseSplit('temporal:0.8') });
    expect(report.folds).toHaveLength(1);
    expect(report.folds[0]).toMatchObject({ model: 'logreg', trainRows: 1200, testRows: 300 });
    expect(report.summary.rocAuc.mean).toBeGreaterThan(0.85);
    expect(report.summary.logLoss.mean).toBeLessThan(0.5);
  });

  it('auto picks a model per fold on a hold-out of the training rows and reports the choice', () => {
    const report = evaluateBinary(table, y, {
      model: 'auto',
      split: parseSplit('cv:3:1'),
      params: { gbdt: { numIterations: 60 } },
    });
    expect(report.folds).toHaveLength(3);
    for (const f of report.folds) {
      expect(Object.keys(f.selection ?? {}).sort()).toEqual([
        'gbdt',
        'gbdt(bag=5)',
        'logreg(C=0.05)',
        'logreg(C=0.2)',
        'logreg(C=1)',
        'logreg(C=5)',
      ]);
      const best = Object.entries(f.selection ?? {}).sort((a, b) => b[1] - a[1])[0]![0];
      expect(f.model).toBe(best);
      expect(f.drifting).toBeUndefined();
    }
    expect(report.summary.rocAuc.mean).toBeGreaterThan(0.85);
  });

  it('auto on a temporal split adds the hybrid and reports the drifting columns (none here)', () => {
    const report = evaluateBinary(table, y, {
      model: 'auto',
      split: parseSplit('temporal:0.8'),
      params: { gbdt: { numIterations: 60 } },
    });
    const [fold] = report.folds;
    expect(Object.keys(fold!.selection ?? {})).toContain('gbdt');
    expect(Object.keys(fold!.selection ?? {}).filter((k) => k.startsWith('hybrid('))).toHaveLength(1);
    expect(fold!.drifting).toEqual([]);
  });

  it('fits the hybrid, with options for its linear part and its trees', () => {
    const report = evaluateBinary(table, y, {
      model: 'hybrid',
      split: parseSplit('temporal:0.8'),
      params: { logreg: { C: 0.5 }, gbdt: { numIterations: 30, maxLeaves: 7 } },
    });
    expect(report.folds[0]).toMatchObject({ model: 'hybrid', trainRows: 1200 });
    expect(report.summary.rocAuc.mean).toBeGreaterThan(0.85);
    expect(() =>
      evaluateBinary(table, y, { model: 'hybrid', split: parseSplit('temporal:0.8'), params: { C: 1 } }),
    ).toThrow(/linear part and its trees/);
  });

  it('turns hyper-parameters of the wrong shape into a clear error', () => {
    expect(() =>
      evaluateBinary(table, y, { model: 'auto', split: parseSplit('temporal:0.8'), params: { gbdt: 3 } }),
    ).toThrow(/JSON object/);
  });
});
