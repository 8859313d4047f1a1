// Demand models on the demo shop against the generator's hidden truth: propensity_30d and churn_60d scored as of
// T = the data end − their horizon (the trainer sees nothing after T), set against the orders generated after T
// and against each customer's true chance (src/demo/demand-truth.ts); and the CLV model's held-out error beside
// the naive baseline. See README.md. Usage: npm run bench:demand [-- --seeds 42,43,44 --customers 2000 --json]
// One seed by default: loading one shop takes about a minute; with several seeds it reports their medians.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { publishBenchResults } from '../lib/docs.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DAY = 86_400_000;
/** `rapport demo`'s default last day (src/cli/commands/demo.ts), so the shops are the ones the demo loads. */
const END = '2026-10-31';

const DEFAULTS = { seeds: '42', customers: '2000', days: '270' };
const { values: opt } = parseArgs({
  options: {
    seeds: { type: 'string', default: DEFAULTS.seeds },
    customers: { type: 'string', default: DEFAULTS.customers },
    days: { type: 'string', default: DEFAULTS.days },
    json: { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const seeds = opt.seeds.split(',').map(Number);
const customers = Number(opt.customers);
const days = Number(opt.days);
for (const [name, values] of [
  ['seeds', seeds],
  ['customers', [customers]],
  ['days', [days]],
])
  if (values.length === 0 || values.some((v) => !Number.isInteger(v) || v < 1))
    throw new Error(`--${name} must be positive integers`);
const HORIZON = { propensity: 30, churn: 60, clv: 90 };
// The churn and CLV training windows both start 180 days before the end (T − 2 × 60 with T = end − 60; end − 2 × 90)
// and need a month of orders before that.
const MIN_DAYS = 210;
if (days < MIN_DAYS)
  throw new Error(
    `--days must be at least ${MIN_DAYS}: the churn and CLV training windows need history before them`,
  );
const progress = (text) => process.stderr.write(`${text}\n`);

const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? null;
progress('Building the server (npm run build:server)…');
const build = spawnSync('npm', ['run', '--silent', 'build:server'], { cwd: root, encoding: 'utf8' });
if (!fs.existsSync(path.join(root, 'dist/cli/main.js')))
  throw new Error(`npm run build:server produced no dist/:\n${build.stdout}${build.stderr}`);
if (build.status !== 0) progress('  tsc reported type errors; the emitted dist/ is used anyway.');
const load = (p) => import(pathToFileURL(path.join(root, 'dist', p)).href);
const { generateShop, checkDemandScores } = await load('demo/index.js');
const demand = await load('demand/index.js');
const { customerIdScheme } = await load('profiles/index.js');
const { openRuntime } = await load('cli/context.js');

const endDate = Date.parse(`${END}T23:59:59.999Z`);
/** The command that gives these numbers again: the sizes that differ from the defaults. */
const changed = Object.keys(DEFAULTS)
  .filter((name) => opt[name] !== DEFAULTS[name])
  .map((name) => `--${name} ${opt[name]}`);
const command = `npm run bench:demand${changed.length > 0 ? ` -- ${changed.join(' ')}` : ''}`;
const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** `rapport demo --no-serve` into a fresh directory: the shop as the demo loads it (import, collect API, profiles). */
function loadDemo(dir, seed) {
  const started = performance.now();
  const run = spawnSync(
    process.execPath,
    [
      path.join(root, 'bin/rapport.js'),
      'demo',
      '--no-serve',
      '--no-models',
      '--json',
      '--customers',
      String(customers),
      '--days',
      String(days),
      '--seed',
      String(seed),
      '--end',
      END,
      '--dir',
      dir,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, RAPPORT_LOG_LEVEL: 'warn' }, maxBuffer: 64 << 20 },
  );
  if (run.status !== 0) throw new Error(`rapport demo failed:\n${run.stderr}`);
  return { summary: JSON.parse(run.stdout), seconds: (performance.now() - started) / 1000 };
}

async function runSeed(seed) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `rapport-bench-demand-${seed}-`));
  try {
    progress(`seed ${seed}: rapport demo (${customers} customers, ${days} days)…`);
    const loaded = loadDemo(dir, seed);
    // The same options give the same shop: regenerate it here for its orders and hidden state, and check that it
    // is the one loaded.
    const shop = generateShop({ customers, days, seed, endDate });
    const written = fs.readFileSync(path.join(dir, 'demo/truth.json'), 'utf8');
    if (written !== JSON.stringify(shop.truth))
      throw new Error('the regenerated shop differs from the loaded one');
    const runtime = await openRuntime({ RAPPORT_DATA_DIR: dir });
    try {
      const deps = {
        source: runtime.stores.profileSource,
        settle: () => runtime.stores.events.settle(),
        features: runtime.profiles.features,
        computedTraits: runtime.profiles.computedTraits,
        scheme: customerIdScheme,
        clock: runtime.clock,
      };
      const result = { seed, loadSeconds: loaded.seconds, orders: loaded.summary.stored.orders, models: {} };
      for (const kind of ['propensity', 'churn']) {
        const horizonDays = HORIZON[kind];
        const asOf = endDate - horizonDays * DAY;
        progress(`seed ${seed}: ${kind}_${horizonDays}d as of ${new Date(asOf).toISOString().slice(0, 10)}…`);
        const trained = await demand.trainDemandModel(deps, { kind, asOf, horizonDays, seed: 0 });
        const t0 = performance.now();
        const check = checkDemandScores(shop, trained.scores, { kind, asOf, horizonDays });
        result.models[kind] = {
          name: trained.name,
          chosen: trained.chosen,
          heldOutRocAuc: trained.metrics.rocAuc,
          trainRows: trained.trainRows,
          validationRows: trained.validationRows,
          trainSeconds: trained.seconds,
          truthSeconds: (performance.now() - t0) / 1000,
          check,
        };
      }
      if (typeof demand.trainClvModel === 'function') {
        progress(`seed ${seed}: clv_${HORIZON.clv}d…`);
        const clv = await demand.trainClvModel(deps, { asOf: endDate, horizonDays: HORIZON.clv, seed: 0 });
        result.clv = {
          name: clv.name,
          window: clv.window,
          chosen: clv.chosen,
          heldOut: clv.heldOut,
          beatsBaseline: clv.beatsBaseline,
          rmseImprovement: clv.rmseImprovement,
          validationRows: clv.validationRows,
          trainSeconds: clv.seconds,
        };
      } else result.clv = null;
      return result;
    } finally {
      await runtime.close();
    }
  } finally {
    if (!opt.keep) fs.rmSync(dir, { recursive: true, force: true });
    else progress(`  kept ${dir}`);
  }
}

const started = performance.now();
const results = [];
for (const seed of seeds) results.push(await runSeed(seed));
const report = {
  measuredAt: new Date().toISOString(),
  commit: git('rev-parse', '--short', 'HEAD'),
  srcDirty: (git('status', '--porcelain', '--', 'src') ?? '') !== '',
  machine: { nproc: os.availableParallelism(), cpu: os.cpus()[0]?.model, node: process.version },
  command,
  options: { seeds, customers, days, end: END, horizons: HORIZON },
  seconds: (performance.now() - started) / 1000,
  results,
};

const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const eur = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const day = (ms) => new Date(ms).toISOString().slice(0, 10);

function markdown(r) {
  // A median column when there are several seeds.
  const several = r.results.length > 1;
  const head = `| | ${r.results.map((x) => `seed ${x.seed}`).join(' | ')} |${several ? ' **median** |' : ''}`;
  const rule = `|---|${r.results.map(() => '--:').join('|')}|${several ? '--:|' : ''}`;
  const row = (label, get, fmt = f3) => {
    const values = r.results.map(get);
    return `| ${label} | ${values.map(fmt).join(' | ')} |${several ? ` **${fmt(median(values))}** |` : ''}`;
  };
  const text = (label, get) => `| ${label} | ${r.results.map(get).join(' | ')} |${several ? ' |' : ''}`;
  const model = (kind) => [
    head,
    rule,
    text('model chosen', (x) => x.models[kind].chosen),
    row('customers scored', (x) => x.models[kind].check.customers, String),
    row(
      `realized positives (${kind === 'propensity' ? 'an order' : 'no order'} in the window)`,
      (x) => x.models[kind].check.positives,
      String,
    ),
    row(
      'expected positives from the true chances',
      (x) => x.models[kind].check.expectedPositives,
      (v) => v.toFixed(1),
    ),
    row('**ROC-AUC vs the realized outcome**', (x) => x.models[kind].check.rocAuc),
    row(
      'ROC-AUC of the true chance vs the realized outcome (ceiling)',
      (x) => x.models[kind].check.truthRocAuc,
    ),
    row("trainer's own held-out ROC-AUC (the window before T)", (x) => x.models[kind].heldOutRocAuc),
    row('**Spearman** with the true chance', (x) => x.models[kind].check.trueChance.spearman),
    row('Pearson with the true chance', (x) => x.models[kind].check.trueChance.pearson),
    row('Spearman with the true churn hazard', (x) => x.models[kind].check.hazard.spearman),
    row(
      'the true chance’s own Spearman with the hazard (what a perfect model would show)',
      (x) => x.models[kind].check.trueChanceVsHazard.spearman,
    ),
    row(`Spearman with true P(gone by T + ${HORIZON[kind]} d)`, (x) => x.models[kind].check.gone.spearman),
    row(`Pearson with true P(gone by T + ${HORIZON[kind]} d)`, (x) => x.models[kind].check.gone.pearson),
    row(
      'training seconds',
      (x) => x.models[kind].trainSeconds,
      (v) => v.toFixed(1),
    ),
  ];
  const t = (kind) => day(endDate - HORIZON[kind] * DAY);
  const clvBuilt = r.results.every((x) => x.clv);
  const clv = clvBuilt
    ? [
        head,
        rule,
        text('model chosen', (x) => x.clv.chosen),
        row('customers in the held-out period', (x) => x.clv.validationRows, String),
        row(
          'actual spend in it, EUR',
          (x) => x.clv.heldOut.baseline.actualTotal,
          (v) => v.toFixed(0),
        ),
        row('**MAE, chosen model** (EUR per customer)', (x) => x.clv.heldOut[x.clv.chosen].mae, eur),
        row('MAE, naive baseline', (x) => x.clv.heldOut.baseline.mae, eur),
        row('**RMSE, chosen model**', (x) => x.clv.heldOut[x.clv.chosen].rmse, eur),
        row('RMSE, naive baseline', (x) => x.clv.heldOut.baseline.rmse, eur),
        row('RMSE, BG/NBD + Gamma-Gamma', (x) => x.clv.heldOut.bgnbd_gamma_gamma.rmse, eur),
        row('RMSE, GBDT regression', (x) => x.clv.heldOut.gbdt_regression.rmse, eur),
        row(
          'RMSE improvement over the baseline',
          (x) => x.clv.rmseImprovement,
          (v) => `${(100 * v).toFixed(1)} %`,
        ),
        text('beats the baseline', (x) => (x.clv.beatsBaseline ? 'yes' : '**no**')),
      ]
    : ['The CLV model is not built (`trainClvModel` is not exported by dist/demand/index.js).'];
  const yes = (ok) => (ok ? 'yes' : '**no**');
  const beatsAll = clvBuilt && r.results.every((x) => x.clv.beatsBaseline);
  return [
    `Measured ${r.measuredAt.slice(0, 10)} with \`${r.command}\` at commit ${r.commit}${r.srcDirty ? ' with uncommitted changes in src/' : ''}; ${r.results.length} seed${several ? 's' : ''}, ${r.seconds.toFixed(0)} s in all.`,
    '',
    `Machine: ${r.machine.nproc} cores, ${r.machine.cpu}, Node ${r.machine.node}.`,
    '',
    `Data: \`rapport demo --no-serve --customers ${r.options.customers} --days ${r.options.days} --end ${r.options.end} --seed <seed>\` per seed (import, collect API, profiles; ${median(r.results.map((x) => x.loadSeconds)).toFixed(0)} s to load, ${median(r.results.map((x) => x.orders)).toFixed(0)} orders${several ? ', medians' : ''}). Each model is trained with \`trainDemandModel(…, { asOf: T })\`, T = the data end (${r.options.end} 23:59:59.999 UTC) − its horizon, so it sees nothing after T; its scores of every customer as of T are then set against the orders generated in (T, T + horizon] and against the true chance of each customer from the generator's process (\`demandTruth\`, src/demo/demand-truth.ts).`,
    '',
    `**propensity_30d** (T = ${t('propensity')}), label: an order in (T, T + 30 d]:`,
    '',
    ...model('propensity'),
    '',
    `**churn_60d** (T = ${t('churn')}), label: no order in (T, T + 60 d], among customers with an order in the year before T:`,
    '',
    ...model('churn'),
    '',
    `**clv_${HORIZON.clv}d** (\`trainClvModel(…, { asOf: ${r.options.end} })\`): held-out period = the last ${HORIZON.clv} days, which the chosen model never saw (GBDT trained on the ${HORIZON.clv} days before it, BG/NBD fitted on the purchases before it); baseline = each customer's historical average spend rate × ${HORIZON.clv} days:`,
    '',
    ...clv,
    '',
    '**Targets**:',
    '',
    `| Target (from the issue) | measured${several ? ` (median of ${r.results.length} seeds)` : ''} | met? |`,
    '|---|--:|---|',
    `| propensity ROC-AUC vs the realized outcome, and correlation with the true chance, reported | ROC-AUC ${f3(median(r.results.map((x) => x.models.propensity.check.rocAuc)))} (ceiling ${f3(median(r.results.map((x) => x.models.propensity.check.truthRocAuc)))}), Spearman ${f3(median(r.results.map((x) => x.models.propensity.check.trueChance.spearman)))} | reported |`,
    `| churn ROC-AUC vs the realized outcome, and correlation with the true hazard, reported | ROC-AUC ${f3(median(r.results.map((x) => x.models.churn.check.rocAuc)))} (ceiling ${f3(median(r.results.map((x) => x.models.churn.check.truthRocAuc)))}), Spearman with the hazard ${f3(median(r.results.map((x) => x.models.churn.check.hazard.spearman)))} | reported |`,
    clvBuilt
      ? `| the chosen CLV model beats the naive baseline (held-out RMSE), every seed | RMSE ${eur(median(r.results.map((x) => x.clv.heldOut[x.clv.chosen].rmse)))} vs ${eur(median(r.results.map((x) => x.clv.heldOut.baseline.rmse)))} | ${yes(beatsAll)} |`
      : '| the chosen CLV model beats the naive baseline | not built | **no** |',
  ].join('\n');
}

const text = markdown(report);
if (
  publishBenchResults(
    root,
    { name: 'demand', heading: '## Demand models against the demo shop’s truth (bench/demand)' },
    report,
    text,
    {
      json: Boolean(opt.json),
      noDocs: Boolean(opt['no-docs']),
    },
  )
)
  progress('Updated docs/benchmarks.md');
