import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRapport } from './helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-ml-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function csv(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const evalArgs = (file: string, extra: string[] = []) => [
  'ml',
  'eval',
  '--data',
  file,
  '--target',
  'y',
  '--positive',
  'yes',
  ...extra,
];

describe('rapport ml eval and train: bad input gets one clear line, not a stack trace', () => {
  it.each([
    ['a missing target column', 'a,b\n1,2\n3,4\n', [], 'invalid_target'],
    ['a constant target', 'a,y\n1,yes\n2,yes\n', [], 'invalid_target'],
    ['garbage in a numeric column', 'a,y\n1,yes\n2,no\n3,no\nlots,no\n', [], 'invalid_training_data'],
    ['an empty file', '', [], 'invalid_training_data'],
    ['a bad split', 'a,y\n1,yes\n2,no\n', ['--split', 'temporal:2'], 'invalid_split'],
    ['hyper-parameters that are not JSON', 'a,y\n1,yes\n2,no\n', ['--params', '{oops'], 'invalid_request'],
  ])('%s', (_, text, extra, code) => {
    const file = csv(`${code}-${Math.random().toString(36).slice(2)}.csv`, text);
    const r = runRapport(dir, [...evalArgs(file, extra), '--json']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^rapport: error \\[${code}\\] `));
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code } });
  });

  it('evaluates a learnable file and prints the metrics as JSON', () => {
    const lines = ['x,colour,y'];
    for (let i = 0; i < 400; i++) {
      const x = ((i * 37) % 100) / 100;
      const colour = i % 3 === 0 ? 'red' : 'blue';
      lines.push(`${x},${colour},${x + (colour === 'red' ? 0.3 : 0) > 0.6 ? 'yes' : 'no'}`);
    }
    const r = runRapport(dir, [
      ...evalArgs(csv('ok.csv', lines.join('\n')), ['--split', 'cv:3:1', '--model', 'logreg']),
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { folds: unknown[]; summary: { rocAuc: { mean: number } } };
    expect(report.folds).toHaveLength(3);
    expect(report.summary.rocAuc.mean).toBeGreaterThan(0.95);
  });

  it('train refuses a store without history with a clear error', () => {
    const r = runRapport(path.join(dir, 'empty-store'), ['train', 'propensity', '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^rapport: error \[invalid_training_data\] /);
  });
});
