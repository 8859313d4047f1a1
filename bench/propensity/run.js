// Protocol P2 (../shared/benchmarks/PROTOCOLS.md) on UCI Bank Marketing: Rapport's logistic regression, GBDT and
// its own model selection, beside the reference results in ../shared/benchmarks/RESULTS.md, plus GBDT training time
// and batch scoring speed. Usage: npm run bench:propensity [-- --runs 3 --json --no-docs]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuProbe } from '../ingest/machine.js';
import { publishBenchResults } from '../lib/docs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shared = path.resolve(root, '../shared');
const dataFile = path.join(shared, 'datasets/bank-marketing/bank-additional-full.csv.gz');
const foldsFile = path.join(shared, 'benchmarks/splits/bank_cv5_folds.txt');
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

if (!fs.existsSync(dataFile) || !fs.existsSync(foldsFile)) {
  progress(`bench/propensity: skipped, the data is missing (${dataFile}, ${foldsFile}).`);
  process.exit(0);
}

const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? null;
if (spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, stdio: 'inherit' }).status !== 0)
  throw new Error('npm run build:server failed');
const load = (p) => import(pathToFileURL(path.join(root, 'dist', p)).href);
const { loadTable } = await load('ml/eval/load-table.js');
const { evaluateBinary } = await load('ml/eval/evaluate.js');
const { parseSplit } = await load('ml/eval/splits.js');
const { trainBinary, predictBinary } = await load('ml/binary-models.js');

/** The P2 table of RESULTS.md: system → metrics (numbers only; "±" parts dropped). */
function referenceResults() {
  if (!fs.existsSync(resultsFile)) return [];
  const text = fs.readFileSync(resultsFile, 'utf8');
  const from = text.indexOf('## P2');
  if (from < 0) return [];
  const next = text.indexOf('\n## ', from + 1);
  const section = text.slice(from, next < 0 ? undefined : next);
  const lines = section.split('\n').filter((l) => l.startsWith('|'));
  const num = (cell) => Number(cell.replace(/\*/g, '').split('±')[0].trim());
  return lines.slice(2).map((line) => {
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
    return {
      system: cells[0],
      temporal: { rocAuc: num(cells[1]), prAuc: num(cells[2]), logLoss: num(cells[3]), brier: num(cells[4]) },
      cvRocAuc: num(cells[5]),
      trainSeconds: num(cells[6]),
    };
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const { table, y } = loadTable(dataFile, { sep: ';', target: 'y', positive: 'yes', drop: ['duration'] });
progress(`Loaded ${table.rows} rows, ${table.columns.length} features.`);
const splits = { temporal: parseSplit('temporal:0.8'), cv5: parseSplit(`folds:${foldsFile}`) };
const probeBefore = cpuProbe();
const started = performance.now();

// Quality is deterministic (seeded); it is measured once. Training time is the median over `runs` repetitions.
const quality = {};
const models = ['logreg', 'gbdt', 'hybrid', 'auto'];
const trainTimes = Object.fromEntries(models.map((m) => [m, []]));
for (const [splitName, split] of Object.entries(splits))
  for (const model of models)
    for (let run = 0; run < runs; run++) {
      progress(`${splitName} ${model} (run ${run + 1}/${runs})…`);
      const report = evaluateBinary(table, y, { model, split, seed: 0 });
      if (run === 0) quality[`${splitName}:${model}`] = report;
      for (const f of report.folds) trainTimes[model].push(f.trainSeconds);
    }

// Batch scoring: a GBDT and a logistic regression fitted on all rows score all rows, repeatedly.
const all = Array.from({ length: table.rows }, (_, i) => i);
const scoring = {};
for (const kind of ['gbdt', 'logreg']) {
  const model = trainBinary(kind, table, y, all, { seed: 0 });
  const rates = [];
  for (let r = 0; r < 7; r++) {
    const t0 = performance.now();
    predictBinary(model, table);
    rates.push(table.rows / ((performance.now() - t0) / 1000));
  }
  scoring[kind] = { rowsPerSecond: median(rates), trees: kind === 'gbdt' ? model.model.trees.length : null };
}
const probeAfter = cpuProbe();

const references = referenceResults();
const report = {
  measuredAt: new Date().toISOString(),
  commit: git('rev-parse', '--short', 'HEAD'),
  srcDirty: (git('status', '--porcelain', '--', 'src') ?? '') !== '',
  machine: { nproc: os.availableParallelism(), cpu: os.cpus()[0]?.model, node: process.version },
  load: os.loadavg(),
  cpuProbe: [probeBefore, probeAfter],
  runs,
  seconds: (performance.now() - started) / 1000,
  quality: Object.fromEntries(
    Object.entries(quality).map(([k, r]) => [
      k,
      {
        summary: r.summary,
        models: r.folds.map((f) => f.model),
        folds: r.folds.map((f) => f.metrics),
        selection: r.folds.map((f) => f.selection ?? null),
        drifting: r.folds.map((f) => f.drifting ?? null),
      },
    ]),
  ),
  trainSeconds: Object.fromEntries(Object.entries(trainTimes).map(([k, v]) => [k, median(v)])),
  scoring,
  references,
};

const f4 = (x) => (Number.isFinite(x) ? x.toFixed(4) : '–');
function markdown(r) {
  const refLr = r.references.find((x) => x.system.startsWith('LogisticRegression'));
  const refTrees = r.references.filter((x) => !x.system.startsWith('LogisticRegression'));
  const bestTreeCv = Math.max(...refTrees.map((x) => x.cvRocAuc));
  const bestTreeTemporal = Math.max(...refTrees.map((x) => x.temporal.rocAuc));
  const bestCv = Math.max(...r.references.map((x) => x.cvRocAuc));
  const bestTemporal = Math.max(...r.references.map((x) => x.temporal.rocAuc));
  const xgb = r.references.find((x) => x.system.startsWith('XGBoost'));
  const q = (k) => r.quality[k].summary;
  const rows = [
    '| system | temporal ROC-AUC | PR-AUC | log-loss | Brier | CV5 ROC-AUC (given folds) | train s (median per fit) |',
    '|---|--:|--:|--:|--:|--:|--:|',
    ...models.map((m) => {
      const t = q(`temporal:${m}`);
      const cv = q(`cv5:${m}`);
      const chosen =
        m === 'auto'
          ? ` (picked: temporal ${r.quality[`temporal:${m}`].models.join(', ')}; CV ${[...new Set(r.quality[`cv5:${m}`].models)].join(', ')})`
          : '';
      return `| **Rapport ${m}**${chosen} | **${f4(t.rocAuc.mean)}** | ${f4(t.prAuc.mean)} | ${f4(t.logLoss.mean)} | ${f4(t.brier.mean)} | **${f4(cv.rocAuc.mean)}** ± ${f4(cv.rocAuc.sd)} | ${r.trainSeconds[m].toFixed(2)} |`;
    }),
    ...r.references.map(
      (x) =>
        `| reference: ${x.system} | ${f4(x.temporal.rocAuc)} | ${f4(x.temporal.prAuc)} | ${f4(x.temporal.logLoss)} | ${f4(x.temporal.brier)} | ${f4(x.cvRocAuc)} | ${x.trainSeconds.toFixed(2)} |`,
    ),
  ];
  const yes = (ok) => (ok ? 'yes' : '**no**');
  const lrT = q('temporal:logreg').rocAuc.mean;
  const lrCv = q('cv5:logreg').rocAuc.mean;
  const gT = q('temporal:gbdt').rocAuc.mean;
  const gCv = q('cv5:gbdt').rocAuc.mean;
  const aT = q('temporal:auto').rocAuc.mean;
  const aCv = q('cv5:auto').rocAuc.mean;
  const drifting = r.quality['temporal:auto'].drifting[0] ?? [];
  const pickedCv = r.quality['cv5:auto'].models;
  const targets = [
    '| Target (from the issue) | measured | reference | met? |',
    '|---|--:|--:|---|',
    `| logistic regression within 0.003 ROC-AUC of the reference LR, temporal | ${f4(lrT)} | ${f4(refLr?.temporal.rocAuc)} | ${yes(Math.abs(lrT - refLr?.temporal.rocAuc) <= 0.003)} |`,
    `| logistic regression within 0.003 ROC-AUC of the reference LR, CV5 | ${f4(lrCv)} | ${f4(refLr?.cvRocAuc)} | ${yes(Math.abs(lrCv - refLr?.cvRocAuc) <= 0.003)} |`,
    `| GBDT within 0.003 of the best reference tree model, CV5 | ${f4(gCv)} | ${f4(bestTreeCv)} | ${yes(gCv >= bestTreeCv - 0.003)} |`,
    `| GBDT at least as good as the reference tree models, temporal | ${f4(gT)} | ${f4(bestTreeTemporal)} | ${yes(gT >= bestTreeTemporal)} |`,
    `| model selection at least as good as the best reference, temporal | ${f4(aT)} | ${f4(bestTemporal)} | ${yes(aT >= bestTemporal)} |`,
    `| model selection at least as good as the best reference, CV5 | ${f4(aCv)} | ${f4(bestCv)} | ${yes(aCv >= bestCv)} |`,
    `| GBDT training ≤ 2 s per fit (ratio to the reference XGBoost's ${xgb?.trainSeconds ?? '?'} s) | ${r.trainSeconds.gbdt.toFixed(2)} s (${(r.trainSeconds.gbdt / (xgb?.trainSeconds ?? NaN)).toFixed(1)}×) | ${xgb?.trainSeconds ?? '–'} s | ${yes(r.trainSeconds.gbdt <= 2)} |`,
    `| batch scoring ≥ 100,000 rows/s (GBDT, ${r.scoring.gbdt.trees} trees) | ${Math.round(r.scoring.gbdt.rowsPerSecond).toLocaleString('en-US')} | – | ${yes(r.scoring.gbdt.rowsPerSecond >= 100_000)} |`,
  ];
  return [
    `Measured ${r.measuredAt.slice(0, 10)} with \`npm run bench:propensity\` at commit ${r.commit}${r.srcDirty ? ' with uncommitted changes in src/' : ''}.`,
    '',
    `Machine: ${r.machine.nproc} cores, ${r.machine.cpu}, Node ${r.machine.node}; load average ${r.load.map((x) => x.toFixed(1)).join(' / ')} at the end; CPU probe ${r.cpuProbe.map((x) => x.toFixed(2)).join(' / ')} µs (SHA-256 of 1 KiB; higher means less CPU from the host).`,
    '',
    `Data: Bank Marketing (\`bank-additional-full.csv.gz\`, 41,188 rows, \`duration\` dropped), protocol P2: the temporal split (first 32,950 rows train) and 5-fold CV with the given folds. Everything is fitted on the training part only; GBDT early stopping and model selection use a hold-out carved from the training part (its last 20 % on the temporal split). \`hybrid\`: GBDT boosted from the log-odds of a logistic regression (C = 1) fitted on the same rows. \`auto\` chooses by hold-out ROC-AUC among logistic regression over C ∈ {0.05, 0.2, 1, 5}, GBDT and, on CV, GBDT cross-fit bagged over 5 folds (one early-stopped model per fold of the training part, averaged); on the temporal split the hybrid (with the best C) replaces the bagged GBDT, and no tree may split on the columns that drift inside the training part (adversarial validation between its earlier and later half, drift AUC ≥ 0.8: ${drifting.length > 0 ? drifting.map((c) => `\`${c}\``).join(', ') : 'none'}). Metrics are seeded and deterministic; training times are medians over ${r.runs} runs of every fit (auto: the whole selection). Scoring: a model fitted on all rows scores all rows, median of 7.`,
    '',
    ...rows,
    '',
    `Auto's picks on the CV folds: ${pickedCv.join(', ')}; hold-out ROC-AUC of every candidate per fold in \`bench/propensity/results/\`.`,
    '',
    `Batch scoring: GBDT ${Math.round(r.scoring.gbdt.rowsPerSecond).toLocaleString('en-US')} rows/s, logistic regression ${Math.round(r.scoring.logreg.rowsPerSecond).toLocaleString('en-US')} rows/s (encoding included).`,
    '',
    '**Targets**:',
    '',
    ...targets,
  ].join('\n');
}

const text = markdown(report);
if (
  publishBenchResults(
    root,
    { name: 'propensity', heading: '## Propensity models (bench/propensity)' },
    report,
    text,
    {
      json: Boolean(opt.json),
      noDocs: Boolean(opt['no-docs']),
    },
  )
)
  progress('Updated docs/benchmarks.md');
