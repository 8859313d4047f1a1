// Profiles benchmark: the full rebuild over N generated events beside the cost of reading those events, and
// incremental updates beside a per-batch read and write-back, each measurement in a fresh child process
// (worker.js) over the same SQLite data directory. See README.md.
// Usage: npm run bench:profiles [-- --events 1000000 --runs 3 --json]
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { cpuProbe, machine } from '../ingest/machine.js';
import { ensureBuild } from '../lib/processes.js';
import { T_END } from './generate.js';
import { markdown, writeDocs } from './report.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');

const { values: opt } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    customers: { type: 'string' },
    runs: { type: 'string', default: '3' },
    'batch-sizes': { type: 'string', default: '500,2000' },
    'update-events': { type: 'string', default: '40000' },
    seed: { type: 'string', default: 'rapport-profiles' },
    json: { type: 'boolean', default: false },
    'no-docs': { type: 'boolean', default: false },
    'data-dir': { type: 'string' },
    keep: { type: 'boolean', default: false },
    only: { type: 'string' },
    dist: { type: 'string' },
    'cpu-prof': { type: 'string' },
    'live-only': { type: 'boolean', default: false },
  },
});

const events = Number(opt.events);
const options = {
  events,
  customers: Number(opt.customers ?? Math.max(100, Math.round(events / 20))),
  runs: Number(opt.runs),
  batchSizes: opt['batch-sizes'].split(',').map(Number),
  updateEvents: Number(opt['update-events']),
  seed: opt.seed,
  asOf: T_END,
  dist: opt.dist ? path.resolve(opt.dist) : null,
  cpuProf: opt['cpu-prof'] ? path.resolve(opt['cpu-prof']) : null,
  only: opt.only ? new Set(opt.only.split(',')) : null,
};
for (const [name, value] of Object.entries({
  events,
  runs: options.runs,
  'update-events': options.updateEvents,
}))
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);

const progress = (text) => process.stderr.write(`${text}\n`);

/** Busy CPU seconds of the whole machine so far (all cores, from /proc/stat); null elsewhere. */
function machineBusySeconds() {
  try {
    const fields = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return null;
  }
}

/** Runs one measurement in a fresh child process; returns its result with the CPU other processes used meanwhile. */
function measure(mode, extra = {}) {
  const task = {
    mode,
    dataDir: options.dataDir,
    seed: options.seed,
    customers: options.customers,
    events,
    asOf: options.asOf,
    dist: options.dist,
    ...extra,
  };
  const execArgv =
    options.cpuProf && (mode === 'build' || mode === 'updates')
      ? [
          '--cpu-prof',
          '--cpu-prof-dir',
          options.cpuProf,
          '--cpu-prof-name',
          `${mode}-${extra.round ?? 0}.cpuprofile`,
        ]
      : [];
  const busy0 = machineBusySeconds();
  const parent0 = process.cpuUsage();
  const wall0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = fork(path.join(here, 'worker.js'), [JSON.stringify(task)], {
      env: { ...process.env, NODE_ENV: 'production' },
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let outcome = null;
    child.on('message', (m) => (outcome = m));
    child.on('exit', (code) => {
      if (outcome?.type !== 'result')
        return reject(new Error(`${mode} failed (exit ${code}): ${outcome?.error ?? 'no result'}`));
      const wall = (performance.now() - wall0) / 1000;
      const busy1 = machineBusySeconds();
      const parent = process.cpuUsage(parent0);
      const result = outcome.result;
      if (busy0 !== null && busy1 !== null && typeof result.processCpuSeconds === 'number') {
        const other = busy1 - busy0 - result.processCpuSeconds - (parent.user + parent.system) / 1e6;
        result.otherCores = Math.max(0, other / wall);
      }
      resolve(result);
    });
  });
}

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

async function main() {
  if (!options.dist) ensureBuild(root, progress);
  if (options.cpuProf) fs.mkdirSync(options.cpuProf, { recursive: true });
  const reused = opt['data-dir'] !== undefined && fs.existsSync(path.join(opt['data-dir'], 'rapport.db'));
  options.dataDir = opt['data-dir']
    ? path.resolve(opt['data-dir'])
    : fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-bench-profiles-'));
  fs.mkdirSync(options.dataDir, { recursive: true });
  const want = (part) => !options.only || options.only.has(part);
  const report = {
    date: new Date().toISOString().slice(0, 10),
    startedAt: new Date().toISOString(),
    argv: process.argv.slice(2),
    commit: git('rev-parse', '--short', 'HEAD'),
    srcDirty: (git('status', '--porcelain', '--', 'src') ?? '') !== '',
    nice: os.getPriority(),
    loadAverage: os.loadavg(),
    machine: machine(options.dataDir),
    options: { ...options, only: options.only ? [...options.only] : null },
    cpuProbeUs: [cpuProbe()],
  };
  try {
    if (reused) {
      progress(`Reusing the data in ${options.dataDir} (--data-dir)`);
      report.load = { reused: true };
    } else {
      progress(
        `Generating and loading ${events.toLocaleString('en-US')} events for ${options.customers.toLocaleString('en-US')} customers into ${options.dataDir} (not measured)…`,
      );
      report.load = await measure('load');
      progress(`  loaded in ${report.load.seconds.toFixed(0)} s`);
    }
    const dbFile = path.join(options.dataDir, 'rapport.db');
    report.dbMiB = fs.statSync(dbFile).size / 2 ** 20;

    if (want('build')) {
      // The first build writes every profile into an empty table; the measured ones rebuild over existing
      // profiles, which is what `rapport profiles build` does after the first time.
      progress('Warm-up build (not in the medians)…');
      report.firstBuild = await measure('build', { round: 0 });
      progress(`  first build ${report.firstBuild.seconds.toFixed(2)} s`);
      report.rounds = [];
      for (let round = 1; round <= options.runs; round++) {
        const driver = await measure('driver-scan', { round });
        const source = await measure('source-scan', { round });
        const build = await measure('build', { round });
        const oneThread = await measure('build', { round, threads: 1 });
        report.rounds.push({ driver, source, build, oneThread });
        progress(
          `Run ${round}/${options.runs}: build ${build.seconds.toFixed(2)} s | on one thread ${oneThread.seconds.toFixed(2)} s | source scan ${source.seconds.toFixed(2)} s | driver scan ${driver.seconds.toFixed(2)} s | peak RSS ${build.peakRssMiB?.toFixed(0)} MiB | other CPU ${build.otherCores?.toFixed(2) ?? '?'} cores`,
        );
      }
      report.cpuProbeUs.push(cpuProbe());
    }
    if (want('updates')) {
      progress(
        `Incremental updates: batches of ${options.batchSizes.join(', ')} events, ${options.updateEvents.toLocaleString('en-US')} events each…`,
      );
      report.updates = await measure('updates', {
        round: 1,
        batchSizes: options.batchSizes,
        updateEvents: options.updateEvents,
        liveOnly: opt['live-only'],
      });
      report.cpuProbeUs.push(cpuProbe());
    }
  } finally {
    if (!opt.keep && !opt['data-dir']) fs.rmSync(options.dataDir, { recursive: true, force: true });
  }
  report.loadAverageEnd = os.loadavg();

  const text = markdown(report);
  const resultsDir = path.join(here, 'results');
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `profiles-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  if (opt.json) console.log(JSON.stringify(report, null, 2));
  else console.log(`\n${text}\n`);
  progress(`Raw results: ${path.relative(root, file)}`);
  const complete = !options.only && !opt['live-only'] && events === 1_000_000;
  if (!opt['no-docs'] && complete) {
    writeDocs(path.join(root, 'docs/benchmarks.md'), text);
    progress('Updated docs/benchmarks.md');
  } else if (!opt['no-docs']) {
    progress('docs/benchmarks.md left alone (only full runs over 1,000,000 events are written there).');
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
