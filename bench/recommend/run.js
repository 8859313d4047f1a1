// Recommenders (issue 5): protocol P5 on Online Retail II beside the reference results in
// ../shared/benchmarks/RESULTS.md, and training time of each algorithm on Online Retail II and on a generated set of
// 1,000,000 interactions (6,000 customers × 4,000 items). Usage: npm run bench:recommend [-- --json --no-docs]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuProbe } from '../ingest/machine.js';
import { publishBenchResults } from '../lib/docs.js';
import { generateInteractions } from './generate.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(root, '../shared');
const dataFile = path.join(shared, 'datasets/online-retail-ii/online_retail_II_2009-2010.csv.gz');
const resultsFile = path.join(shared, 'benchmarks/RESULTS.md');

const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
  },
});
const runs = Number(opt.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const progress = (text) => process.stderr.write(`${text}\n`);
const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? null;
if (spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' }).status !== 0)
  throw new Error('npm run build:server failed');
const rec = await import(pathToFileURL(path.join(root, 'dist/recommend/index.js')).href);
const demo = await import(pathToFileURL(path.join(root, 'dist/demo/index.js')).href);

const TARGETS = { easeSeconds: 20, alsSeconds: 15, itemKnnSeconds: 5 };
/** Rapport model → the start of the reference row it is compared with (the same algorithm and setting). */
const REFERENCE_OF = {
  pop: 'Pop (last 30 days)',
  repeat: 'PersonalPop',
  itemknn: 'ItemKNN (k=100)',
  ease: 'EASE (λ=500',
};
const referenceRow = (references, model) => {
  const prefix = REFERENCE_OF[model];
  if (!prefix || !references) return null;
  const name = Object.keys(references).find((n) => n.startsWith(prefix));
  return name ? { name, metrics: references[name] } : null;
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The P5 tables of RESULTS.md: task → system → metrics (numbers only), read at run time. */
function referenceResults() {
  if (!fs.existsSync(resultsFile)) return null;
  const text = fs.readFileSync(resultsFile, 'utf8');
  const from = text.indexOf('## P5');
  if (from < 0) return null;
  const next = text.indexOf('\n## ', from + 1);
  const section = text.slice(from, next < 0 ? undefined : next);
  const out = {};
  for (const [task, marker] of [
    ['repeat-allowed', 'Task (a)'],
    ['new-items', 'Task (b)'],
  ]) {
    const start = section.indexOf(marker);
    if (start < 0) continue;
    // The table right after the marker: its lines up to the first line that is not a table row.
    const after = section.slice(start).split('\n').slice(1);
    const first = after.findIndex((l) => l.startsWith('|'));
    const rest = first < 0 ? [] : after.slice(first);
    const stop = rest.findIndex((l) => !l.startsWith('|'));
    const rows = stop < 0 ? rest : rest.slice(0, stop);
    const num = (cell) => Number(cell.replace(/\*/g, '').trim());
    out[task] = Object.fromEntries(
      rows
        .slice(2)
        .map((line) =>
          line
            .split('|')
            .slice(1, -1)
            .map((c) => c.trim()),
        )
        .filter((cells) => cells.length >= 8)
        .map((cells) => [
          cells[0],
          {
            recall: num(cells[1]),
            ndcg: num(cells[2]),
            hr: num(cells[3]),
            precision: num(cells[4]),
            mrr: num(cells[5]),
            coverage: num(cells[6]),
            trainSeconds: num(cells[7]),
          },
        ]),
    );
  }
  return out;
}

const started = performance.now();
const probeBefore = cpuProbe();
const report = {
  measuredAt: new Date().toISOString(),
  commit: git('rev-parse', '--short', 'HEAD'),
  srcDirty: (git('status', '--porcelain', '--', 'src') ?? '') !== '',
  machine: { nproc: os.availableParallelism(), cpu: os.cpus()[0]?.model, node: process.version },
  load: os.loadavg(),
  p5: null,
  demo: null,
  generated: null,
};

// P5: quality of every model (deterministic, measured once) and training times.
if (fs.existsSync(dataFile)) {
  progress('P5: reading and cleaning Online Retail II…');
  const { tasks, rows } = rec.onlineRetailTasks(dataFile);
  const references = referenceResults();
  report.p5 = { rows, tasks: [] };
  for (const t of tasks) {
    progress(
      `P5 ${t.task.name}: ${t.task.users.length} users, hyper-parameters on ${t.validation.users.length} validation users…`,
    );
    const r = rec.evaluateWithSelection(t, rec.MODEL_NAMES, {
      k: 10,
      seed: '0',
      onModel: (done, total) => done < total && progress(`  ${rec.MODEL_NAMES[done]}…`),
    });
    report.p5.tasks.push({ ...r, references: references?.[t.task.name] ?? null });
  }
} else progress(`P5: skipped, the data is missing (${dataFile}).`);

// The demo shop (rapport demo's defaults) against its customers' hidden tastes.
progress('Demo shop: generating (2,000 customers, 180 days, seed 42) and scoring against the hidden tastes…');
{
  const endDate = Date.parse('2026-10-31T23:59:59.999Z');
  const shop = demo.generateShop({ customers: 2000, days: 180, seed: 42, endDate });
  const models = [
    ['pop', (i) => rec.fitPopularity(i)],
    ['repeat', (i) => rec.fitPersonalPopularity(i)],
    ['itemknn', (i) => rec.fitItemKnn(i, { neighbours: 100 })],
    ['ease', (i) => rec.fitEase(i, { lambda: 500 })],
    ['als', (i) => rec.fitAls(i, { seed: '0' })],
    ['content', (i) => rec.fitContent(i)],
  ].map(([name, fit]) => ({ name, fit }));
  report.demo = rec.evaluateOnDemoTastes(shop, models, { asOf: endDate, k: 10 });
}

// Training time on 1,000,000 generated interactions.
progress('Generating 1,000,000 interactions (6,000 customers × 4,000 items)…');
const matrix = generateInteractions(rec.buildMatrix, {
  users: 6000,
  items: 4000,
  interactions: 1_000_000,
  seed: 1,
});
const input = { matrix };
const timings = { itemknn: [], ease: [], als: [], alsSingleThread: [], pop: [], repeat: [] };
const time = async (name, fit) => {
  const t0 = performance.now();
  await fit();
  timings[name].push((performance.now() - t0) / 1000);
};
for (let run = 0; run < runs; run++) {
  progress(`Generated set, run ${run + 1}/${runs}…`);
  await time('pop', () => rec.fitPopularity(input));
  await time('repeat', () => rec.fitPersonalPopularity(input));
  await time('itemknn', () => rec.fitItemKnn(input, { neighbours: 100 }));
  await time('ease', () => rec.fitEase(input, { lambda: 500 }));
  await time('als', () => rec.fitAlsParallel(input, { seed: 'bench', factors: 64, iterations: 15 }));
  if (run === 0)
    await time('alsSingleThread', () => rec.fitAls(input, { seed: 'bench', factors: 64, iterations: 15 }));
}
report.generated = {
  users: matrix.users,
  items: matrix.items,
  interactions: matrix.indices.length,
  seconds: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, { median: median(v), runs: v }])),
};
report.cpuProbe = [probeBefore, cpuProbe()];
report.seconds = (performance.now() - started) / 1000;

// Markdown.
const f4 = (x) => (Number.isFinite(x) ? x.toFixed(4) : '–');
const s2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const lines = [
  `Measured ${report.measuredAt.slice(0, 10)} with \`npm run bench:recommend\` at commit ${report.commit}${report.srcDirty ? ' (with uncommitted changes in src/)' : ''}.`,
  '',
  `Machine: ${report.machine.nproc} cores, ${report.machine.cpu}, Node ${report.machine.node}; load average ${report.load.map((l) => l.toFixed(1)).join(' / ')} at the start; CPU probe ${report.cpuProbe.map((p) => p.toFixed(2)).join(' / ')} µs (SHA-256 of 1 KiB; higher means less CPU from the host).`,
  '',
];
const checks = [];
if (report.p5) {
  lines.push(
    `**Protocol P5, Online Retail II** (${report.p5.rows.kept.toLocaleString('en-US')} of ${report.p5.rows.read.toLocaleString('en-US')} rows after cleaning; metrics at 10). Hyper-parameters and blend weights are chosen on a validation split inside the training period (its last 30 days), never on the test period; train s is the final fit on the whole training period. The reference rows are read from \`../shared/benchmarks/RESULTS.md\` at run time.`,
    '',
  );
  for (const task of report.p5.tasks) {
    lines.push(
      `*${task.task}* (${task.users.toLocaleString('en-US')} users, ${task.items.toLocaleString('en-US')} items; validation ${task.validationUsers.toLocaleString('en-US')} users)`,
      '',
    );
    lines.push(
      '| system | Recall | NDCG | HR | Precision | MRR | Coverage | train s | chosen on validation | NDCG vs reference |',
      '|---|--:|--:|--:|--:|--:|--:|--:|---|--:|',
    );
    for (const r of task.results) {
      const found = referenceRow(task.references, r.model);
      const refName = found?.name;
      const ref = found?.metrics;
      const vs = ref
        ? `${(((r.metrics.ndcg - ref.ndcg) / ref.ndcg) * 100).toFixed(1)} % (${refName} ${f4(ref.ndcg)})`
        : '–';
      lines.push(
        `| Rapport ${r.model} | ${f4(r.metrics.recall)} | **${f4(r.metrics.ndcg)}** | ${f4(r.metrics.hr)} | ${f4(r.metrics.precision)} | ${f4(r.metrics.mrr)} | ${f4(r.metrics.coverage)} | ${s2(r.trainSeconds)} | ${r.chosen ?? ''} | ${vs} |`,
      );
      if (ref)
        checks.push([
          `${task.task}: Rapport ${r.model} NDCG@10 within 2 % of ${refName} or better`,
          f4(r.metrics.ndcg),
          f4(ref.ndcg),
          r.metrics.ndcg >= ref.ndcg * 0.98,
        ]);
    }
    for (const [name, m] of Object.entries(task.references ?? {}))
      lines.push(
        `| reference: ${name} | ${f4(m.recall)} | ${f4(m.ndcg)} | ${f4(m.hr)} | ${f4(m.precision)} | ${f4(m.mrr)} | ${f4(m.coverage)} | ${s2(m.trainSeconds)} | | |`,
      );
    lines.push('');
    if (task.references) {
      const best = task.results.reduce((a, b) => (b.metrics.ndcg > a.metrics.ndcg ? b : a));
      const [refBestName, refBest] = Object.entries(task.references).reduce((a, b) =>
        b[1].ndcg > a[1].ndcg ? b : a,
      );
      checks.push([
        `${task.task}: the best Rapport model beats the best reference on NDCG@10`,
        `${best.model} ${f4(best.metrics.ndcg)}`,
        `${refBestName} ${f4(refBest.ndcg)}`,
        best.metrics.ndcg > refBest.ndcg,
      ]);
    }
  }
} else lines.push('**Protocol P5:** skipped, `../shared/datasets/online-retail-ii` is missing.', '');

const d = report.demo;
lines.push(
  `**Demo shop against the hidden tastes** (\`rapport demo\`'s shop: 2,000 customers, 180 days, seed 42; ${d.users.toLocaleString('en-US')} customers with orders, ${d.items} products). Each model trains on all orders and recommends 10 products the customer has not bought; the gain of each is the customer's true preference for it (\`src/demo/preference-truth.ts\`: the chance one browsing view ends with it in the cart, from the hidden category affinities and price sensitivity), scored as graded NDCG@10 against the best 10 unbought products. Models run with their default settings.`,
  '',
  '| model | graded NDCG@10 | vs popularity | train s |',
  '|---|--:|--:|--:|',
);
const popNdcg = d.results.find((r) => r.model === 'pop').ndcg;
for (const r of d.results)
  lines.push(
    `| ${r.model} | **${f4(r.ndcg)}** | ${r.model === 'pop' ? '1 (baseline)' : `${(r.ndcg / popNdcg).toFixed(2)}×`} | ${s2(r.trainSeconds)} |`,
  );
lines.push('');
const bestDemo = d.results.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
checks.push([
  'demo shop: recommendations beat popularity on NDCG of the true preferences',
  `${bestDemo.model} ${f4(bestDemo.ndcg)}`,
  `pop ${f4(popNdcg)}`,
  bestDemo.ndcg > popNdcg,
]);

const g = report.generated;
lines.push(
  `**Training time on generated data** (${g.interactions.toLocaleString('en-US')} distinct interactions, ${g.users.toLocaleString('en-US')} customers × ${g.items.toLocaleString('en-US')} items, Zipf item popularity, lognormal activity; \`bench/recommend/generate.js\`, seed 1; median of ${runs} runs):`,
  '',
  '| algorithm | median s | runs (s) | target |',
  '|---|--:|---|--:|',
);
const targetOf = { itemknn: TARGETS.itemKnnSeconds, ease: TARGETS.easeSeconds, als: TARGETS.alsSeconds };
const labelOf = {
  pop: 'popularity',
  repeat: 'personal repeat popularity',
  itemknn: 'item-kNN (cosine, 100 neighbours)',
  ease: 'EASE (λ = 500)',
  als: 'ALS (64 factors, 15 iterations, 2 worker threads)',
  alsSingleThread: 'ALS, the same on one thread (run 1 only)',
};
for (const [name, t] of Object.entries(g.seconds)) {
  lines.push(
    `| ${labelOf[name]} | **${s2(t.median)}** | ${t.runs.map(s2).join(' / ')} | ${targetOf[name] ? `≤ ${targetOf[name]} s` : ''} |`,
  );
  if (targetOf[name])
    checks.push([
      `${labelOf[name]} trains in ≤ ${targetOf[name]} s`,
      `${s2(t.median)} s`,
      '',
      t.median <= targetOf[name],
    ]);
}
lines.push(
  '',
  '**Targets:**',
  '',
  '| target (from the issue) | measured | reference | met? |',
  '|---|--:|--:|---|',
  ...checks.map(
    ([label, measured, ref, met]) => `| ${label} | ${measured} | ${ref} | ${met ? 'yes' : '**no**'} |`,
  ),
  '| serving p99 < 5 ms at ≥ 5,000 requests/s from cache, < 15 ms computed for a 5,000-item catalogue | measured by `npm run bench:recommend:serve`: see Serving below | | see there |',
);
const text = lines.join('\n');
if (
  publishBenchResults(
    root,
    { name: 'recommend', heading: '## Recommenders (bench/recommend)' },
    report,
    text,
    {
      json: Boolean(opt.json),
      noDocs: Boolean(opt['no-docs']),
    },
  )
)
  progress('Updated docs/benchmarks.md');
