// Turns the measured cases into the markdown that run.js prints and writes into docs/benchmarks.md.
import { writeBenchDocs } from '../lib/docs.js';
import { median } from '../lib/processes.js';

export const TARGETS = { trackEventsPerSec: 20_000, batchEventsPerSec: 150_000, p99Ms: 25 };

/** Medians over the measured runs of one case (the warm-up is not included). */
export function summarize(c) {
  const m = (f) => median(c.runs.map(f));
  const eventsPerSec = c.runs.map((r) => r.eventsPerSec);
  return {
    eventsPerSec: m((r) => r.eventsPerSec),
    eventsPerSecMin: Math.min(...eventsPerSec),
    eventsPerSecMax: Math.max(...eventsPerSec),
    reqPerSec: m((r) => r.reqPerSec),
    p50: m((r) => r.latencyMs.p50),
    p99: m((r) => r.latencyMs.p99),
    non2xx: c.runs.reduce((s, r) => s + r.non2xx + r.errors, 0),
    serverCpu: m((r) => r.serverCpu),
    serverCpuUsPerEvent: m((r) => r.serverCpuUsPerEvent),
    loadGenCpu: m((r) => r.loadGenCpu),
    otherCpu: m((r) => r.otherCpu),
  };
}

const int = (n) => (n === null ? '–' : Math.round(n).toLocaleString('en-US'));
const pct = (n) => (n === null ? '–' : `${Math.round(n * 100)} %`);
const ms = (n) => (n === null ? '–' : `${n}`);
const probe = (c) => (c.cpuProbeUs ? c.cpuProbeUs.map((v) => v.toFixed(2)).join(' / ') : '–');

export function resultsTable(cases) {
  const baselineOf = (c) => cases.find((b) => b.server === 'baseline' && b.route === c.route);
  const lines = [
    '| Case | Route | Conns | Events/req | **Events/s** (median) | range over runs | Req/s | p50 ms | p99 ms | non-2xx + errors | vs parse-only | server CPU | server CPU µs/event | loadgen CPU | other CPU | CPU probe µs |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const c of cases) {
    const s = c.summary;
    const base = baselineOf(c);
    const ratio =
      c.server === 'baseline' || !base
        ? '1 (ceiling)'
        : `${(s.eventsPerSec / base.summary.eventsPerSec).toFixed(2)}×`;
    lines.push(
      `| ${c.label} | ${c.route} | ${c.connections} | ${c.eventsPerRequest} | **${int(s.eventsPerSec)}** | ${int(s.eventsPerSecMin)}–${int(s.eventsPerSecMax)} | ${int(s.reqPerSec)} | ${ms(s.p50)} | ${ms(s.p99)} | ${s.non2xx} | ${ratio} | ${pct(s.serverCpu)} | ${s.serverCpuUsPerEvent === null ? '–' : s.serverCpuUsPerEvent.toFixed(1)} | ${pct(s.loadGenCpu)} | ${pct(s.otherCpu)} | ${probe(c)} |`,
    );
  }
  return lines.join('\n');
}

export function durabilityTable(cases) {
  const lines = [
    '| Case | events acknowledged (2xx × events/req, all runs incl. warm-up) | cut off in flight at run ends | acknowledged by server (metrics) | indexed when killed | events readable after restart | catch-up on restart | check |',
    '|---|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const c of cases.filter((x) => x.durability)) {
    const d = c.durability;
    const catchUp =
      d.pendingAtRestart > 0
        ? `${int(d.pendingAtRestart)} events in ${d.recoverySeconds.toFixed(1)} s (${int(d.pendingAtRestart / d.recoverySeconds)}/s)`
        : 'none needed';
    lines.push(
      `| ${c.label}, ${c.route} | ${int(d.ackedEvents)} | ≤ ${int(d.inflightEvents)} | ${int(d.serverAccepted)} | ${int(d.indexedAtKill)} | ${int(d.rows)} | ${catchUp} | ${d.ok ? 'pass' : `**FAIL**: ${d.problem}`} |`,
    );
  }
  return lines.join('\n');
}

/** Facts a reader needs to interpret this particular run, derived from its numbers. */
export function observations(cases) {
  const notes = [];
  for (const c of cases) {
    const s = c.summary;
    const where = `${c.label}, ${c.route}`;
    if (c.server === 'baseline' && s.loadGenCpu !== null && s.loadGenCpu > 0.9) {
      notes.push(
        `${where}: the load generator used ${pct(s.loadGenCpu)} of a core, so this ceiling is autocannon's on this machine, not Fastify's.`,
      );
    }
    if (s.otherCpu !== null && s.otherCpu > 0.2) {
      notes.push(
        `${where}: other processes used ${s.otherCpu.toFixed(2)} cores (median) during the kept runs; treat these numbers as disturbed (lower than on a quiet machine).`,
      );
    }
    const rates = c.runs.map((r) => r.eventsPerSec);
    const falling = rates.length >= 3 && rates.every((v, i) => i === 0 || v < rates[i - 1]);
    if (c.server === 'rapport' && falling && c.writer === 'worker') {
      notes.push(
        `${where}: events/s fell run after run (${rates.map((v) => int(v)).join(' → ')}) while the table grew to ${int(c.durability?.rows ?? null)} rows: insert cost rises with index size.`,
      );
    }
  }
  const probes = cases.flatMap((c) => c.cpuProbeUs ?? []);
  if (probes.length > 0 && Math.max(...probes) > 1.25 * Math.min(...probes)) {
    notes.push(
      `The CPU probe ranged from ${Math.min(...probes).toFixed(2)} to ${Math.max(...probes).toFixed(2)} µs: the VM got noticeably less CPU from its host at times, so rows measured at different times are not strictly comparable.`,
    );
  }
  return notes.map((n) => `- ${n}`).join('\n');
}

export function targetsTable(cases) {
  const find = (route, writer) =>
    cases.find((c) => c.server === 'rapport' && c.route === route && c.writer === writer);
  const rows = [];
  for (const writer of ['journal', 'worker']) {
    const track = find('/v1/track', writer);
    const batch = find('/v1/batch', writer);
    const tag =
      writer === 'journal'
        ? 'durable, synchronous=full, default journal (the target)'
        : 'indexed writes on the request path (comparison)';
    for (const [route, c, target] of [
      ['/v1/track', track, TARGETS.trackEventsPerSec],
      ['/v1/batch', batch, TARGETS.batchEventsPerSec],
    ]) {
      if (!c) continue;
      rows.push(
        check(
          `${route} ≥ ${int(target)} events/s — ${tag}`,
          c.summary.eventsPerSec >= target,
          int(c.summary.eventsPerSec),
        ),
      );
      rows.push(
        check(
          `${route} p99 < ${TARGETS.p99Ms} ms — ${tag}`,
          c.summary.p99 < TARGETS.p99Ms,
          `${c.summary.p99} ms`,
        ),
      );
    }
  }
  return ['| Target (from the issue) | measured | met? |', '|---|--:|---|', ...rows].join('\n');
}

function check(label, met, measured) {
  return `| ${label} | ${measured} | ${met ? 'yes' : '**no**'} |`;
}

export function markdown(report) {
  const { machine: mc, options: o, cases } = report;
  return [
    `Measured ${report.date} with \`${report.nice ? `nice -n ${report.nice} ` : ''}npm run bench:ingest${report.argv.length ? ` -- ${report.argv.join(' ')}` : ''}\` at commit ${report.commit ?? '?'}${report.srcDirty ? ' with uncommitted changes in src/' : ''}.`,
    '',
    `Machine: ${mc.nproc} cores (\`nproc\`), ${mc.cpu}, ${mc.memoryGiB} GiB, Node ${mc.node}, ${mc.platform}; data directory on a disk ` +
      `where a 4 KiB write + fdatasync takes ${mc.fsync.medianMs.toFixed(2)} ms median (${mc.fsync.p99Ms.toFixed(2)} ms p99).`,
    '',
    `Load: autocannon ${o.autocannonVersion} in the parent process, one server child process; ${o.warmup} s warm-up, then ` +
      `${o.runs} × ${o.duration} s measured runs per case, medians over those runs. ${o.clientIds ? 'Every event carries a unique client messageId.' : 'No client messageIds (the server generates them).'} ` +
      `Rapport runs from dist/ with its defaults (group commit wait ${o.commitWait ?? 'default'}), log level silent. CPU probe: µs per SHA-256 of 1 KiB before / after each case (fixed work; higher means the VM got less CPU from its host).${o.pin ? ' Load generator pinned to CPU 0, server to CPU 1.' : ''}`,
    '',
    resultsTable(cases),
    '',
    observations(cases),
    '',
    '**Targets** (2-core machine):',
    '',
    targetsTable(cases),
    '',
    '**Durability / correctness** — after the last run the server is killed with SIGKILL (no graceful close). The data directory is then reopened the way Rapport restarts: ' +
      'events acknowledged into the ingest journal but not yet indexed when the server died are indexed first ("catch-up on restart", the indexer running alone on the machine). ' +
      'Every acknowledged event must then be readable, and the count must equal what the server itself acknowledged; the only events a client did not see acknowledged are requests autocannon cut off in flight when a run ended.',
    '',
    durabilityTable(cases),
  ].join('\n');
}

/** Replaces the generated block of the ingest section of docs/benchmarks.md. */
export function writeDocs(file, body) {
  writeBenchDocs(file, { name: 'ingest', heading: '## Ingest (bench/ingest)' }, body);
}
