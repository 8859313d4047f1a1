import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runRapport } from './helpers/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-recommend-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

/** 60 shoppers in three taste groups of eight items each; each bought six of their group's items. */
function shop(sep: string): string {
  const lines = [['customer', 'product', 'at'].join(sep)];
  for (let u = 0; u < 60; u++) {
    const group = u % 3;
    for (let j = 0; j < 6; j++) {
      const item = `g${group}-item${(u + j * 3) % 8}`;
      lines.push([`c${u}`, item, `2026-0${1 + (j % 6)}-1${u % 10}`].join(sep));
    }
  }
  return lines.join('\n');
}

const evalArgs = (f: string, extra: string[]) => [
  'recommend',
  'eval',
  '--interactions',
  f,
  '--user-col',
  'customer',
  '--item-col',
  'product',
  ...extra,
];

describe('rapport recommend eval', () => {
  it('evaluates a random per-user split (P4) and prints every metric per model as JSON', () => {
    const r = runRapport(dir, [
      ...evalArgs(file('shop.tsv', shop('\t')), [
        '--format',
        'tsv',
        '--split',
        'random:0.8:7',
        '--models',
        'pop,itemknn,ease,blend',
        '--k',
        '5',
        '--json',
      ]),
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      k: number;
      tasks: {
        task: string;
        users: number;
        items: number;
        results: { model: string; metrics: Record<string, number>; trainSeconds: number }[];
      }[];
    };
    expect(report.k).toBe(5);
    const [task] = report.tasks;
    expect(task?.items).toBe(24);
    expect(task?.users).toBe(60); // every shopper keeps one or two items for the test
    const byModel = Object.fromEntries((task?.results ?? []).map((m) => [m.model, m.metrics]));
    expect(Object.keys(byModel)).toEqual(['pop', 'itemknn', 'ease', 'blend']);
    for (const m of Object.values(byModel))
      for (const key of ['recall', 'ndcg', 'hr', 'precision', 'mrr', 'coverage'])
        expect(m[key]).toBeGreaterThanOrEqual(0);
    // Taste groups are learnable: item-kNN and EASE beat popularity by a wide margin.
    expect(byModel.itemknn?.ndcg).toBeGreaterThan((byModel.pop?.ndcg ?? 1) + 0.2);
    expect(byModel.ease?.ndcg).toBeGreaterThan((byModel.pop?.ndcg ?? 1) + 0.2);
  }, 120_000);

  it('prints a table without --json, and evaluates a temporal split on the time column', () => {
    const f = file('shop.csv', shop(','));
    const r = runRapport(dir, [...evalArgs(f, ['--models', 'pop,repeat'])]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/model\s+Recall\s+NDCG\s+HR/);
    expect(r.stdout).toMatch(/^repeat\s/m);
    const t = runRapport(dir, [
      ...evalArgs(f, ['--split', 'temporal:2026-05-01', '--time-col', 'at', '--json']),
    ]);
    expect(t.code).toBe(0);
    expect(JSON.parse(t.stdout).tasks[0].results.map((x: { model: string }) => x.model)).toEqual([
      'pop',
      'repeat',
      'itemknn',
      'ease',
      'als',
      'blend',
    ]);
  }, 180_000);

  it.each([
    ['an unknown model', ['--models', 'pop,magic'], 'invalid_request'],
    ['the content model without item text', ['--models', 'content'], 'invalid_request'],
    [
      'the preset with a split of its own',
      ['--preset', 'online-retail', '--split', 'random:0.8:1'],
      'invalid_request',
    ],
    [
      'a training part too short to validate on',
      ['--split', 'temporal:2026-01-20', '--time-col', 'at'],
      'invalid_split',
    ],
    ['k out of range', ['--k', '0'], 'invalid_request'],
    ['a missing column', ['--user-col', 'who'], 'invalid_training_data'],
    ['a bad split', ['--split', 'random:2:1'], 'invalid_split'],
    ['a temporal split without times', ['--split', 'temporal:2026-05-01'], 'invalid_split'],
    ['a bad --exclude-seen', ['--exclude-seen', 'maybe'], 'invalid_request'],
  ])('%s gets one clear line and exit 1', (_, extra, code) => {
    const r = runRapport(dir, [...evalArgs(file('bad.csv', shop(',')), extra), '--json']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^rapport: error \\[${code}\\] `));
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code } });
  });
});

/** Protocol P5 on the real file when ../shared has it: Rapport's Pop and PersonalPop reproduce the reference exactly. */
const p5File = path.resolve(
  repoRoot,
  '../shared/datasets/online-retail-ii/online_retail_II_2009-2010.csv.gz',
);
const resultsFile = path.resolve(repoRoot, '../shared/benchmarks/RESULTS.md');
describe.skipIf(!fs.existsSync(p5File) || !fs.existsSync(resultsFile))('P5 on Online Retail II', () => {
  /** NDCG@10 of a system in a P5 task table of RESULTS.md, read at run time (never stored in the repo). */
  function referenceNdcg(task: 'a' | 'b', system: string): number {
    const text = fs.readFileSync(resultsFile, 'utf8');
    const section = text.slice(text.indexOf('## P5'));
    const from = section.indexOf(task === 'a' ? 'Task (a)' : 'Task (b)');
    const row = section
      .slice(from)
      .split('\n')
      .find((l) => l.startsWith(`| ${system}`));
    return Number(row?.split('|')[3]?.replace(/\*/g, '').trim());
  }

  it('reproduces the reference Pop and PersonalPop on both tasks', () => {
    const r = runRapport(dir, [
      'recommend',
      'eval',
      '--interactions',
      p5File,
      '--preset',
      'online-retail',
      '--models',
      'pop,repeat',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as {
      tasks: { task: string; users: number; results: { model: string; metrics: { ndcg: number } }[] }[];
    };
    const ndcg = (task: number, model: string) =>
      report.tasks[task]?.results.find((m) => m.model === model)?.metrics.ndcg as number;
    expect(report.tasks.map((t) => t.task)).toEqual(['repeat-allowed', 'new-items']);
    expect(ndcg(0, 'pop')).toBeCloseTo(referenceNdcg('a', 'Pop'), 4);
    expect(ndcg(0, 'repeat')).toBeCloseTo(referenceNdcg('a', 'PersonalPop'), 4);
    expect(ndcg(1, 'pop')).toBeCloseTo(referenceNdcg('b', 'Pop'), 4);
  }, 120_000);
});
