// Recommendation serving (issue 5): GET /v1/recommendations/:userId from cache and computed on the fly, and
// GET /v1/items/:id/similar, against a 5,000-item catalogue, beside a parse-only Fastify baseline measured in the
// same run. See README.md. Usage: npm run bench:recommend:serve [-- --runs 3 --duration 10 --json]
import { spawnSync } from 'node:child_process';
import { ask, ensureBuild, forkReady } from '../lib/processes.js';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuProbe, machine } from '../ingest/machine.js';
import { otherProcessesCpuSeconds } from '../ingest/measure.js';
import { measure } from './serve-measure.js';
import { paced } from './serve-paced.js';
import { markdown, summarize, writeServeDocs } from './serve-report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const require = createRequire(import.meta.url);

const HELP = `Usage: npm run bench:recommend:serve [-- options]

Sets up a synthetic shop (5,000 products, 6,000 customers, ~75,000 order lines over 180 days) in a fresh data
directory, trains and registers the recommender, then measures GET /v1/recommendations/:userId from cache and
computed on the fly, and GET /v1/items/:id/similar, beside a parse-only Fastify baseline, with autocannon.
Writes the results into docs/benchmarks.md (Recommenders section) and bench/recommend/results/.

Options:
  --runs N              measured runs per case, medians over them (default 3)
  --duration S          seconds per measured run (default 10)
  --warmup S            seconds of warm-up load before each case (default 3)
  --connections N       connections of the full-speed cached, similar and baseline cases (default 16)
  --computed-connections N   connections of the computed cases (default 4)
  --rate N              the fixed rate of the cached case, requests/s (default 5000)
  --computed-rate N     the fixed rate of the computed case, requests/s (default 100)
  --sample N            customers (and items) the requests are spread over (default 1000)
  --data-dir DIR        set up in DIR and keep it; reuse it when a previous setup is there
  --cpu-prof DIR        write a V8 CPU profile of each server child into DIR (see bench/ingest/profile-summary.js)
  --only IDS            comma-separated case ids (baseline-rec, baseline-similar, baseline-paced, cached, cached-rate,
                        cached-paced, computed, computed-rate, computed-paced, similar); implies --no-docs
  --quiet-wait S        wait at most S seconds for other processes to go quiet before each case (default 60)
  --retries N           repeat at most N runs per case that other processes disturbed (over 0.2 cores; default 3)
  --json                print the raw report as JSON instead of markdown
  --no-docs             do not write docs/benchmarks.md
  --help                this text
`;

const { values: opt } = parseArgs({
  options: {
    help: { type: 'boolean', default: false },
    runs: { type: 'string', default: '3' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    'computed-connections': { type: 'string', default: '4' },
    rate: { type: 'string', default: '5000' },
    'computed-rate': { type: 'string', default: '100' },
    sample: { type: 'string', default: '1000' },
    'data-dir': { type: 'string' },
    'cpu-prof': { type: 'string' },
    only: { type: 'string' },
    'quiet-wait': { type: 'string', default: '60' },
    retries: { type: 'string', default: '3' },
    json: { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
  },
});
if (opt.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const positive = (name) => {
  const v = Number(opt[name]);
  if (!(Number.isFinite(v) && v > 0)) throw new Error(`--${name} must be a positive number`);
  return v;
};
const options = {
  runs: Math.round(positive('runs')),
  duration: positive('duration'),
  warmup: positive('warmup'),
  connections: Math.round(positive('connections')),
  computedConnections: Math.round(positive('computed-connections')),
  rate: Math.round(positive('rate')),
  computedRate: Math.round(positive('computed-rate')),
  sample: Math.round(positive('sample')),
  quietWait: positive('quiet-wait'),
  retries: Math.max(0, Math.round(Number(opt.retries) || 0)),
  cpuProf: opt['cpu-prof'] ? path.resolve(opt['cpu-prof']) : null,
  autocannonVersion: require('autocannon/package.json').version,
  query: 'k=10',
  shop: { items: 5000, customers: 6000, days: 180, meanOrders: 6, seed: 7 },
};
const only = opt.only ? new Set(opt.only.split(',')) : null;
let sample = null;
const log = (text) => process.stderr.write(`${text}\n`);
const startScript = (script, env, execArgv = []) => forkReady(path.join(here, script), env, execArgv);
const git = (...args) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() || null;

/** Cores used by other processes above which a run counts as disturbed (the machine is shared). */
const DISTURBED = 0.2;

/** Waits (at most `maxSeconds`) until other processes leave the machine nearly idle for `needSeconds` in a row. */
async function waitForQuiet(maxSeconds, needSeconds = 2) {
  const started = Date.now();
  let quiet = 0;
  let busy = null;
  while (Date.now() - started < maxSeconds * 1000 && quiet < needSeconds) {
    const b0 = otherProcessesCpuSeconds([process.pid]);
    await sleep(1000);
    busy = otherProcessesCpuSeconds([process.pid]) - b0;
    quiet = busy < 0.1 ? quiet + 1 : 0;
  }
  return {
    waitedSeconds: Math.round((Date.now() - started) / 1000),
    lastBusyCores: busy,
    quiet: quiet >= needSeconds,
  };
}

/** The shop, set up once (or reused from --data-dir). */
async function setup(dataDir) {
  const saved = path.join(dataDir, 'bench-setup.json');
  if (fs.existsSync(saved)) {
    log(`Reusing the setup in ${dataDir}.`);
    return { ...JSON.parse(fs.readFileSync(saved, 'utf8')), reused: true };
  }
  log(`Setting up the shop in ${dataDir} (not timed)…`);
  const { exited, ready } = startScript('serve-setup.js', {
    RAPPORT_BENCH_SETUP: JSON.stringify({
      dataDir,
      ...options.shop,
      sample: options.sample,
      query: options.query,
    }),
  });
  const report = await ready;
  await exited;
  delete report.type;
  fs.writeFileSync(saved, JSON.stringify(report));
  return { ...report, reused: false };
}

const ALL_CASES = [
  { id: 'baseline-rec', server: 'baseline', route: 'recommendations', mode: 'full' },
  { id: 'baseline-similar', server: 'baseline', route: 'similar', mode: 'full' },
  // The paced client's own floor: the open-loop latency of a server that does nothing, at the cached case's rate.
  { id: 'baseline-paced', server: 'baseline', route: 'recommendations', mode: 'paced' },
  { id: 'cached', server: 'cached', route: 'recommendations', mode: 'full' },
  { id: 'cached-rate', server: 'cached', route: 'recommendations', mode: 'rate' },
  { id: 'cached-paced', server: 'cached', route: 'recommendations', mode: 'paced' },
  { id: 'computed', server: 'computed', route: 'recommendations', mode: 'full' },
  { id: 'computed-rate', server: 'computed', route: 'recommendations', mode: 'rate' },
  { id: 'computed-paced', server: 'computed', route: 'recommendations', mode: 'paced' },
  { id: 'similar', server: 'computed', route: 'similar', mode: 'full' },
];

const SERVERS = {
  baseline: { script: 'serve-baseline.js', env: () => ({}) },
  // The cache kept for the whole run (the configuration's maximum, one day), so every request is a hit once warm.
  cached: { script: 'serve-server.js', env: () => ({ RAPPORT_RECOMMEND_CACHE_TTL_MS: '86400000' }) },
  // No cache: every request reads the customer's history and scores it against the catalogue.
  computed: { script: 'serve-server.js', env: () => ({ RAPPORT_RECOMMEND_CACHE_TTL_MS: '0' }) },
};

function loadOf(c, s) {
  const paths =
    c.route === 'similar'
      ? s.sample.items.map((id) => `/v1/items/${encodeURIComponent(id)}/similar?k=10`)
      : s.sample.users.map((u) => `/v1/recommendations/${encodeURIComponent(u)}?${options.query}`);
  const computed = c.server === 'computed' && c.route === 'recommendations';
  // The computed cases use few connections, at full speed and at their fixed rate alike.
  const connections = computed ? options.computedConnections : options.connections;
  const rate = computed ? options.computedRate : options.rate;
  return { paths, connections, rate };
}

async function runCase(c, server, s) {
  const { paths, connections, rate } = loadOf(c, s);
  const base = { url: server.url, key: server.key, paths, serverPid: server.pid };
  const quiet = await waitForQuiet(options.quietWait);
  const probeBefore = cpuProbe();
  const one = (duration) =>
    c.mode === 'paced'
      ? paced({ ...base, rate, connections: Math.max(connections, 32), duration })
      : measure({
          ...base,
          connections,
          duration,
          ...(c.mode === 'rate' ? { overallRate: rate } : {}),
        });
  const label = c.mode === 'full' ? `${connections} conns` : `${rate} req/s`;
  process.stderr.write(`${c.id.padEnd(17)} ${label}${quiet.quiet ? '' : ' (machine busy)'}: warm-up`);
  const warmup = await one(options.warmup);
  await ask(server.child, 'stats');
  // A run during which other processes kept more than DISTURBED cores busy is repeated after the machine goes quiet
  // (at most `retries` times per case); the medians use the kept runs, the discarded ones stay in the raw JSON.
  const runs = [];
  const discarded = [];
  let retries = options.retries;
  while (runs.length < options.runs) {
    await waitForQuiet(discarded.length > 0 ? options.quietWait : 10, discarded.length > 0 ? 3 : 1);
    // Every run of a cached case starts with every sampled list in the cache (recomputing those dropped since).
    const warmed = c.server === 'cached' ? await warmCache(server) : null;
    const m = await one(options.duration);
    m.cache = await ask(server.child, 'stats');
    m.warmed = warmed;
    const disturbed = m.otherCpu !== null && m.otherCpu > DISTURBED;
    process.stderr.write(
      ` | ${Math.round(m.reqPerSec).toLocaleString('en-US')} req/s p99 ${m.latencyMs.p99} ms` +
        `${disturbed ? ` (other ${m.otherCpu.toFixed(2)} cores${retries > 0 ? ', repeated' : ''})` : ''}`,
    );
    if (disturbed && retries > 0) {
      retries--;
      discarded.push(m);
    } else runs.push(m);
  }
  process.stderr.write('\n');
  const result = { ...c, connections, rate: c.mode === 'full' ? null : rate, quiet, warmup, runs, discarded };
  result.cpuProbeUs = [probeBefore, cpuProbe()];
  result.summary = summarize(result);
  return result;
}

async function main() {
  ensureBuild(root, log);
  const dataDir = opt['data-dir']
    ? path.resolve(opt['data-dir'])
    : fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-serve-'));
  fs.mkdirSync(dataDir, { recursive: true });
  if (options.cpuProf) fs.mkdirSync(options.cpuProf, { recursive: true });
  const report = {
    measuredAt: new Date().toISOString(),
    argv: process.argv.slice(2),
    commit: git('rev-parse', '--short', 'HEAD'),
    srcDirty: (git('status', '--porcelain', '--', 'src') ?? '') !== '',
    nice: os.getPriority(),
    machine: machine(dataDir),
    load: os.loadavg(),
    options,
    setup: null,
    cases: [],
  };
  try {
    report.setup = await setup(dataDir);
    sample = report.setup.sample;
    const { model, shop } = report.setup;
    log(
      `Shop: ${shop.items} products, ${shop.customers} customers, ${shop.lines} order lines; model ${model.chosen} trained in ${model.trainSeconds.toFixed(1)} s.`,
    );
    const cases = ALL_CASES.filter((c) => !only || only.has(c.id));
    for (const kind of ['baseline', 'cached', 'computed']) {
      const mine = cases.filter((c) => c.server === kind);
      if (mine.length === 0) continue;
      const execArgv = options.cpuProf
        ? ['--cpu-prof', '--cpu-prof-dir', options.cpuProf, '--cpu-prof-name', `${kind}.cpuprofile`]
        : [];
      const env = {
        RAPPORT_DATA_DIR: dataDir,
        RAPPORT_LOG_LEVEL: 'silent',
        RAPPORT_BENCH_BODIES: JSON.stringify(report.setup.bodies),
        ...SERVERS[kind].env(),
      };
      const server = startScript(SERVERS[kind].script, env, execArgv);
      try {
        const ready = await server.ready;
        const handle = { ...ready, child: server.child };
        if (kind === 'cached') report.warmCache = await warmCache({ ...handle, pid: ready.pid });
        for (const c of mine)
          report.cases.push(await runCase(c, { ...handle, pid: ready.pid }, report.setup));
      } finally {
        server.child.send('stop');
        await Promise.race([server.exited, sleep(10_000)]);
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGKILL');
      }
    }
  } finally {
    if (!opt['data-dir']) fs.rmSync(dataDir, { recursive: true, force: true });
  }
  report.cpuProbe = cpuProbe();

  const text = markdown(report);
  const resultsDir = path.join(here, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `recommend-serve-${report.measuredAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(opt.json ? `${JSON.stringify(report, null, 2)}\n` : `${text}\n`);
  log(`Raw results: ${path.relative(root, file)}`);
  if (!opt['no-docs'] && !only) {
    writeServeDocs(path.join(root, 'docs/benchmarks.md'), text);
    log('Updated docs/benchmarks.md');
  }
}

/** Requests every sampled customer's list once, so the lists the cache lacks are computed; answers the counters. */
async function warmCache(server) {
  const paths = sample.users.map((u) => `/v1/recommendations/${encodeURIComponent(u)}?${options.query}`);
  await ask(server.child, 'stats');
  await measure({ ...server, serverPid: server.pid, paths, amount: paths.length, connections: 2 });
  return ask(server.child, 'stats');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
