// One measurement in its own process, forked by run.js: Rapport built from dist/, opened the way the CLI opens
// it (createRuntime over the data directory), talking to run.js over IPC only. A fresh process per
// measurement keeps the measurements apart: no JIT state, heap or SQLite page cache carries over, and peak
// RSS (VmHWM) is this measurement's alone. Modes:
//   load         generate the history and append it (writer thread, synchronous=normal; not measured)
//   driver-scan  the driver floor: every event's stored columns in timestamp order through better-sqlite3
//   source-scan  the baseline: the profile source's events() pages (the build's own read), doing nothing
//   build        runtime.profiles.build(), with per-stage times from onProgress
//   updates      runtime.profiles.update() over live batches, each beside its I/O floor
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { eventPages, liveBatches, planCustomers, planEvents, T_END } from './generate.js';

const task = JSON.parse(process.argv[2] ?? '{}');
const dist = task.dist
  ? pathToFileURL(`${path.resolve(task.dist)}/`)
  : new URL('../../dist/', import.meta.url);
const load = (p) => import(new URL(p, dist).href);

const log = (text) => process.stderr.write(`  [${task.mode}] ${text}\n`);

/** Peak RSS since the last reset (Linux VmHWM), in MiB; null elsewhere. */
function peakRssMiB() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0), so the peak covers the measurement only. */
function resetPeakRss() {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

/**
 * Rapport's clock, shifted so that "now" starts at the end of the generated history: the data is the same on
 * any day, and windows (30/90 days) cover it the same way. Elapsed time is real.
 */
function benchClock() {
  const startedAt = Date.now();
  return { now: () => T_END + (Date.now() - startedAt) };
}

async function openRuntime(env) {
  const { loadConfig } = await load('config/index.js');
  const { createLogger, createRuntime } = await load('server/index.js');
  const config = loadConfig({
    RAPPORT_DATA_DIR: task.dataDir,
    RAPPORT_LOG_LEVEL: 'silent',
    RAPPORT_PROFILES_LIVE: 'false',
    RAPPORT_INGEST_WORKERS: '0',
    ...env,
  });
  return createRuntime(config, createLogger(config.logLevel), { clock: benchClock() });
}

async function loadHistory() {
  const runtime = await openRuntime({
    RAPPORT_SQLITE_EVENT_WRITER: 'worker',
    RAPPORT_SQLITE_SYNCHRONOUS: 'normal',
  });
  try {
    const privacy = await load('privacy/index.js');
    const started = performance.now();
    const plan = planCustomers({ seed: task.seed, customers: task.customers });
    const planned = planEvents(plan, { events: task.events });
    log(
      `planned ${task.events.toLocaleString('en-US')} events in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    let done = 0;
    let lastReport = performance.now();
    // The writer thread inserts one page while this thread generates the next.
    let pending = Promise.resolve();
    for (const page of eventPages(plan, planned, 10_000, { privacy, cipher: runtime.cipher })) {
      await pending;
      pending = runtime.stores.events.append(page).then(() => {});
      done += page.length;
      if (performance.now() - lastReport > 5_000 || done === task.events) {
        lastReport = performance.now();
        const s = (lastReport - started) / 1000;
        log(
          `loaded ${done.toLocaleString('en-US')} events (${Math.round(done / s).toLocaleString('en-US')}/s)`,
        );
      }
    }
    await pending;
    const count = await runtime.stores.events.count();
    return { events: count, customers: task.customers, seconds: (performance.now() - started) / 1000 };
  } finally {
    await runtime.close();
  }
}

/** The driver floor: the stored columns the build reads, in the build's order, through the same driver. */
function driverScan() {
  const db = new Database(path.join(task.dataDir, 'rapport.db'), { readonly: true, fileMustExist: true });
  try {
    db.pragma('cache_size = -65536');
    resetPeakRss();
    const rssBefore = rssMiB();
    const started = performance.now();
    const statement = db
      .prepare(
        `select seq, type, event, user_id, anonymous_id, timestamp, message_id, email_hash, properties, context,
                traits, pii from events where timestamp <= ? order by timestamp, seq`,
      )
      .raw();
    let rows = 0;
    for (const row of statement.iterate(task.asOf)) if (row) rows++;
    const seconds = (performance.now() - started) / 1000;
    return { rows, seconds, rssBeforeMiB: rssBefore, peakRssMiB: peakRssMiB() };
  } finally {
    db.close();
  }
}

async function sourceScan() {
  const runtime = await openRuntime({});
  try {
    const { propertiesRead } = await load('profiles/computed-traits.js');
    const props = propertiesRead(runtime.profiles.computedTraits);
    await runtime.stores.events.settle();
    resetPeakRss();
    const rssBefore = rssMiB();
    const started = performance.now();
    let rows = 0;
    let pages = 0;
    for await (const page of runtime.stores.profileSource.events(props, task.asOf)) {
      rows += page.length;
      pages++;
    }
    const seconds = (performance.now() - started) / 1000;
    return { rows, pages, seconds, rssBeforeMiB: rssBefore, peakRssMiB: peakRssMiB() };
  } finally {
    await runtime.close();
  }
}

async function build() {
  // `threads`: RAPPORT_PROFILES_BUILD_THREADS for this build (default: Rapport's own, one per core up to 4).
  const runtime = await openRuntime(
    task.threads ? { RAPPORT_PROFILES_BUILD_THREADS: String(task.threads) } : {},
  );
  try {
    await runtime.stores.events.settle();
    resetPeakRss();
    const rssBefore = rssMiB();
    // Stage boundaries as onProgress reports them: the time of each stage's last callback.
    const marks = [];
    const onProgress = (stage, done) => {
      const at = performance.now();
      const last = marks[marks.length - 1];
      if (last && last.stage === stage) {
        last.at = at;
        last.done = done;
      } else marks.push({ stage, at, done });
    };
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const summary = await runtime.profiles.build({ asOf: task.asOf, onProgress });
    const ended = performance.now();
    const cpu = process.cpuUsage(cpu0);
    const stages = [];
    let from = started;
    for (const m of marks) {
      stages.push({ stage: m.stage, done: m.done, seconds: (m.at - from) / 1000 });
      from = m.at;
    }
    stages.push({ stage: 'finish', done: null, seconds: (ended - from) / 1000 });
    return {
      seconds: (ended - started) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      stages,
      summary,
      rssBeforeMiB: rssBefore,
      peakRssMiB: peakRssMiB(),
    };
  } finally {
    await runtime.close();
  }
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function latencySummary(ms, size) {
  const sorted = [...ms].sort((a, b) => a - b);
  const total = ms.reduce((s, v) => s + v, 0);
  return {
    batches: ms.length,
    events: ms.length * size,
    totalSeconds: total / 1000,
    eventsPerSec: (ms.length * size) / (total / 1000),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1],
  };
}

/**
 * Incremental updates, per batch size: first `profiles.update(batch)` writing every batch, on batches of its own; then
 * the live consumer's way under load, `update(batch, { defer: true })` while more batches follow and a last call that
 * writes what waits. Each of those batches is followed by its baseline on the same batch: resolve its identifiers, read
 * the profiles they point to and write them back unchanged (`resolveMany` + `getMany` + `put`), the store work of an
 * updater that keeps nothing between batches, with no event processing, identity resolution or feature computation.
 */
async function updates() {
  const runtime = await openRuntime({});
  try {
    const privacy = await load('privacy/index.js');
    const { identifierKey } = await load('profiles/index.js');
    const deps = { privacy, cipher: runtime.cipher };
    const plan = planCustomers({ seed: task.seed, customers: task.customers });
    const store = runtime.stores.profiles;
    let from = runtime.clock.now();
    // Live events must be new to the data dir, which may be reused (--data-dir) after earlier runs applied theirs.
    const stamp = Date.now().toString(36);
    // Warm-up (not measured): JIT and page cache.
    for (const batch of liveBatches(
      plan,
      { batches: 4, size: 500, from, salt: `warmup-${task.round}-${stamp}` },
      deps,
    ))
      await runtime.profiles.update(batch);
    from = runtime.clock.now();

    const cases = [];
    for (const size of task.batchSizes) {
      const count = Math.max(1, Math.round(task.updateEvents / size));
      // Writing every batch (each call without `defer`), on batches of its own.
      const eachBatches = liveBatches(
        plan,
        { batches: count, size, from, salt: `${task.round}-${size}-each-${stamp}` },
        deps,
      );
      from = eachBatches.at(-1).at(-1).timestamp + 1;
      const eachMs = [];
      for (const batch of task.liveOnly ? [] : eachBatches) {
        const t = performance.now();
        await runtime.profiles.update(batch);
        eachMs.push(performance.now() - t);
      }
      const batches = liveBatches(
        plan,
        { batches: count, size, from, salt: `${task.round}-${size}-${stamp}` },
        deps,
      );
      from = batches.at(-1).at(-1).timestamp + 1;
      const updateMs = [];
      const floorMs = [];
      const putMs = [];
      const totals = { profiles: 0, created: 0, merges: 0, splits: 0, written: 0 };
      for (const [i, batch] of batches.entries()) {
        // As the live consumer runs under load: profiles may wait in memory while more batches follow; the last
        // call writes what waits, and its time counts.
        let t = performance.now();
        const s = await runtime.profiles.update(batch, { defer: i < batches.length - 1 });
        updateMs.push(performance.now() - t);
        totals.profiles += s.profiles;
        totals.created += s.created;
        totals.merges += s.merges;
        totals.splits += s.splits;
        totals.written += s.customerIds.length;
        if (task.liveOnly) continue;

        t = performance.now();
        const refs = new Map();
        for (const e of batch) {
          if (e.userId !== null)
            refs.set(identifierKey('user_id', e.userId), { kind: 'user_id', value: e.userId });
          else
            refs.set(identifierKey('anonymous_id', e.anonymousId), {
              kind: 'anonymous_id',
              value: e.anonymousId,
            });
        }
        const resolved = await store.resolveMany([...refs.values()]);
        const records = await store.getMany([...new Set(resolved.values())]);
        const tPut = performance.now();
        await store.put(records);
        const ended = performance.now();
        floorMs.push(ended - t);
        putMs.push(ended - tPut);
      }
      const update = latencySummary(updateMs, size);
      const each = eachMs.length > 0 ? latencySummary(eachMs, size) : null;
      const floor = floorMs.length > 0 ? latencySummary(floorMs, size) : null;
      const put = putMs.length > 0 ? latencySummary(putMs, size) : null;
      const rate = (summary) =>
        summary ? `${Math.round(summary.eventsPerSec).toLocaleString('en-US')} events/s` : 'not measured';
      log(
        `batch ${size}: ${Math.round(update.eventsPerSec).toLocaleString('en-US')} events/s, p99 ${update.p99Ms.toFixed(1)} ms; ` +
          `writing every batch ${rate(each)}; per-batch read + write-back ${rate(floor)}`,
      );
      cases.push({
        size,
        update,
        each,
        floor,
        put,
        profilesPerBatch: totals.profiles / count,
        writtenPerBatch: totals.written / count,
        created: totals.created,
        merges: totals.merges,
        splits: totals.splits,
        raw: { updateMs, eachMs, floorMs, putMs },
      });
    }
    return { cases, profiles: await runtime.profiles.count() };
  } finally {
    await runtime.close();
  }
}

const modes = { load: loadHistory, 'driver-scan': driverScan, 'source-scan': sourceScan, build, updates };

try {
  const result = await modes[task.mode]();
  const cpu = process.cpuUsage();
  result.processCpuSeconds = (cpu.user + cpu.system) / 1e6;
  // Run by hand (node bench/profiles/worker.js '<task JSON>'), it prints the result instead.
  if (process.send) process.send({ type: 'result', result });
  else console.log(JSON.stringify(result, null, 2));
} catch (error) {
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  if (process.send) process.send({ type: 'error', error: text });
  else console.error(text);
  process.exitCode = 1;
}
if (process.connected) process.disconnect();
