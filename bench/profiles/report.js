// Turns the profiles benchmark's measurements into the markdown run.js prints and writes into docs/benchmarks.md.
import { writeBenchDocs } from '../lib/docs.js';

export const TARGETS = { rebuildSeconds: 5, rebuildEvents: 1_000_000, updatesPerSec: 20_000 };

export function median(values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const int = (n) => (n === null || n === undefined ? '–' : Math.round(n).toLocaleString('en-US'));
const sec = (n) => (n === null || n === undefined ? '–' : n.toFixed(2));
const ms = (n) =>
  n === null || n === undefined ? '–' : n < 10 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US');
const ratio = (a, b) => (a === null || b === null || !b ? '–' : `${(a / b).toFixed(2)}×`);
const mib = (n) => (n === null || n === undefined ? '–' : Math.round(n).toLocaleString('en-US'));
const cores = (n) => (n === null || n === undefined ? '–' : n.toFixed(2));

const STAGES = {
  identities:
    'wait for the index, read imported customers and every identity-bearing event (userId + anonymousId, email hash, alias)',
  customers:
    'resolve identities; on one thread also replace the stored identity graph and apply imported customer records',
  events: 'replay every event in timestamp order into per-customer accumulators (includes reading them)',
  orders: 'orders and their lines from the orders table',
  profiles:
    'features, computed traits and the stored state of each profile; write them, 500 per transaction (split: after storing the identity graph)',
  finish: 'delete profiles the build did not write, record consent choices found in events',
};

function rebuildSummary(report) {
  const rounds = report.rounds ?? [];
  const pick = (f) => median(rounds.map(f));
  return {
    build: pick((r) => r.build.seconds),
    buildRange: [
      Math.min(...rounds.map((r) => r.build.seconds)),
      Math.max(...rounds.map((r) => r.build.seconds)),
    ],
    source: pick((r) => r.source.seconds),
    // Runs from before the one-thread row existed have none.
    oneThread: rounds.every((r) => r.oneThread) ? pick((r) => r.oneThread.seconds) : null,
    oneThreadPeak: rounds.every((r) => r.oneThread) ? pick((r) => r.oneThread.peakRssMiB) : null,
    oneThreadOther: rounds.every((r) => r.oneThread) ? pick((r) => r.oneThread.otherCores) : null,
    driver: pick((r) => r.driver.seconds),
    buildCpu: pick((r) => r.build.cpuSeconds),
    peak: pick((r) => r.build.peakRssMiB),
    before: pick((r) => r.build.rssBeforeMiB),
    sourcePeak: pick((r) => r.source.peakRssMiB),
    driverPeak: pick((r) => r.driver.peakRssMiB),
    other: {
      build: pick((r) => r.build.otherCores),
      source: pick((r) => r.source.otherCores),
      driver: pick((r) => r.driver.otherCores),
    },
    events: rounds[0]?.build.summary.events ?? null,
  };
}

function rebuildTable(report) {
  const s = rebuildSummary(report);
  const rounds = report.rounds;
  const runs = (f) => rounds.map((r) => sec(f(r))).join(' / ');
  const rate = (seconds) => (seconds ? int(s.events / seconds) : '–');
  return [
    '| Measurement | **median s** | runs (s) | events/s | vs source scan | peak RSS MiB (at start) | other CPU (cores) |',
    '|---|--:|---|--:|--:|--:|--:|',
    `| **Rapport: \`profiles.build()\`** (full rebuild, split over ${Math.min(4, report.machine.nproc)} threads by default) | **${sec(s.build)}** | ${runs((r) => r.build.seconds)} | ${rate(s.build)} | ${ratio(s.build, s.source)} | ${mib(s.peak)} (${mib(s.before)}) | ${cores(s.other.build)} |`,
    ...(s.oneThread === null
      ? []
      : [
          `| the same build on one thread (\`RAPPORT_PROFILES_BUILD_THREADS=1\`) | ${sec(s.oneThread)} | ${runs((r) => r.oneThread.seconds)} | ${rate(s.oneThread)} | ${ratio(s.oneThread, s.source)} | ${mib(s.oneThreadPeak)} | ${cores(s.oneThreadOther)} |`,
        ]),
    `| baseline: the profile source's \`events()\` pages, read and dropped | ${sec(s.source)} | ${runs((r) => r.source.seconds)} | ${rate(s.source)} | 1 | ${mib(s.sourcePeak)} | ${cores(s.other.source)} |`,
    `| floor: the same rows' stored columns through better-sqlite3 (\`iterate()\`, no JSON extraction) | ${sec(s.driver)} | ${runs((r) => r.driver.seconds)} | ${rate(s.driver)} | ${ratio(s.driver, s.source)} | ${mib(s.driverPeak)} | ${cores(s.other.driver)} |`,
  ].join('\n');
}

function stageTable(report) {
  const rounds = report.rounds;
  const names = rounds[0].build.stages.map((x) => x.stage);
  const total = median(rounds.map((r) => r.build.seconds));
  const lines = [
    '| Stage (up to its last onProgress call) | what happens | median s | share |',
    '|---|---|--:|--:|',
  ];
  for (const name of names) {
    const m = median(rounds.map((r) => r.build.stages.find((x) => x.stage === name)?.seconds ?? null));
    lines.push(
      `| ${name} | ${STAGES[name] ?? ''} | ${sec(m)} | ${total ? `${Math.round((m / total) * 100)} %` : '–'} |`,
    );
  }
  return lines.join('\n');
}

function updatesTable(report) {
  const lines = [
    '| Batch size | **Rapport: live updates events/s** (`defer` while batches follow) | p50 ms / batch | p99 ms / batch | µs / event (p50 / p99) | profiles touched / written per batch | merges | writing every batch events/s | baseline: per-batch read + write-back events/s | baseline p50 / p99 ms | of which `put()` p50 / p99 ms | live ÷ baseline time |',
    '|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const c of report.updates.cases) {
    const u = c.update;
    const none = { eventsPerSec: null, p50Ms: null, p99Ms: null, totalSeconds: null };
    const f = c.floor ?? none;
    const put = c.put ?? none;
    lines.push(
      `| ${int(c.size)} | **${int(u.eventsPerSec)}** | ${ms(u.p50Ms)} | ${ms(u.p99Ms)} | ${ms((u.p50Ms * 1000) / c.size)} / ${ms((u.p99Ms * 1000) / c.size)} | ${int(c.profilesPerBatch)} / ${int(c.writtenPerBatch ?? c.profilesPerBatch)} | ${int(c.merges)} | ${c.each ? int(c.each.eventsPerSec) : '–'} | ${int(f.eventsPerSec)} | ${ms(f.p50Ms)} / ${ms(f.p99Ms)} | ${ms(put.p50Ms)} / ${ms(put.p99Ms)} | ${ratio(u.totalSeconds, f.totalSeconds)} |`,
    );
  }
  return lines.join('\n');
}

function check(label, met, measured, baseline) {
  return `| ${label} | ${measured} | ${baseline} | ${met ? 'yes' : '**no**'} |`;
}

export function targetsTable(report) {
  const rows = [];
  if (report.rounds) {
    const s = rebuildSummary(report);
    const full = s.events === TARGETS.rebuildEvents;
    rows.push(
      check(
        `Full rebuild of ${int(TARGETS.rebuildEvents)} events < ${TARGETS.rebuildSeconds} s${full ? '' : ` (this run: ${int(s.events)} events)`}`,
        full && s.build < TARGETS.rebuildSeconds,
        `${sec(s.build)} s`,
        `source scan ${sec(s.source)} s`,
      ),
    );
  }
  for (const c of report.updates?.cases ?? [])
    rows.push(
      check(
        `Incremental updates ≥ ${int(TARGETS.updatesPerSec)} events/s (batches of ${int(c.size)})`,
        c.update.eventsPerSec >= TARGETS.updatesPerSec,
        `${int(c.update.eventsPerSec)}/s`,
        `per-batch read + write-back ${c.floor ? int(c.floor.eventsPerSec) : '–'}/s; writing every batch ${c.each ? int(c.each.eventsPerSec) : '–'}/s`,
      ),
    );
  return [
    '| Target (from the issue) | measured | baseline, same run | met? |',
    '|---|--:|--:|---|',
    ...rows,
  ].join('\n');
}

function observations(report) {
  const notes = [];
  const others = [
    ...(report.rounds ?? []).flatMap((r) => [r.build.otherCores, r.source.otherCores, r.driver.otherCores]),
    report.updates?.otherCores,
  ].filter((v) => typeof v === 'number');
  const worst = others.length ? Math.max(...others) : null;
  if (worst !== null && worst > 0.2)
    notes.push(
      `Other processes used up to ${worst.toFixed(2)} cores during a measurement (load average ${report.loadAverage.map((v) => v.toFixed(1)).join(' / ')} at the start, ${report.loadAverageEnd.map((v) => v.toFixed(1)).join(' / ')} at the end): absolute times are inflated; compare each figure with its baseline from the same run.`,
    );
  const probes = report.cpuProbeUs;
  if (probes.length > 1 && Math.max(...probes) > 1.25 * Math.min(...probes))
    notes.push(
      `The CPU probe ranged from ${Math.min(...probes).toFixed(2)} to ${Math.max(...probes).toFixed(2)} µs: the VM got noticeably less CPU from its host at times.`,
    );
  return notes.map((n) => `- ${n}`).join('\n');
}

export function markdown(report) {
  const { machine: mc, options: o } = report;
  const b = report.firstBuild?.summary ?? report.rounds?.[0]?.build.summary;
  const parts = [
    `Measured ${report.date} with \`${report.nice ? `nice -n ${report.nice} ` : ''}npm run bench:profiles${report.argv.length ? ` -- ${report.argv.join(' ')}` : ''}\` at commit ${report.commit ?? '?'}${report.srcDirty ? ' with uncommitted changes in src/' : ''}.`,
    '',
    `Machine: ${mc.nproc} cores (\`nproc\`), ${mc.cpu}, ${mc.memoryGiB} GiB, Node ${mc.node}, ${mc.platform}; a 4 KiB write + fdatasync takes ${mc.fsync.medianMs.toFixed(2)} ms median on the data disk. ` +
      `Load average ${report.loadAverage.map((v) => v.toFixed(1)).join(' / ')} at the start, ${report.loadAverageEnd.map((v) => v.toFixed(1)).join(' / ')} at the end; CPU probe ${report.cpuProbeUs.map((v) => v.toFixed(2)).join(' / ')} µs (SHA-256 of 1 KiB; higher means less CPU from the host).`,
    '',
    `Data: ${int(o.events)} generated events (seed \`${o.seed}\`) from ${int(o.customers)} customers over 180 days, loaded into a fresh SQLite data directory (${mib(report.dbMiB)} MiB${report.load?.seconds ? `, loading took ${Math.round(report.load.seconds)} s and is not measured` : ''}). ` +
      (b
        ? `The build makes ${int(b.profiles)} profiles from ${int(b.identities)} identifiers (${int(b.merges)} merges, ${int(b.conflicts)} conflicts refused, ${int(b.consentChanges)} consent values recorded from events by the first build). `
        : '') +
      `Rapport runs from dist/ with its defaults (synchronous=full, the ingest journal), live profile updates off; every measurement is a fresh process. ${o.runs} measured runs, medians; a first build into the empty profiles table comes before them${report.firstBuild ? ` (${sec(report.firstBuild.seconds)} s)` : ''}.`,
  ];
  if (report.rounds) {
    parts.push(
      '',
      '**Full rebuild**',
      '',
      rebuildTable(report),
      '',
      'Build stages (medians):',
      '',
      stageTable(report),
    );
  }
  if (report.updates) {
    parts.push(
      '',
      `**Incremental updates** (${int(o.updateEvents)} live events per batch size after the build: ~70 % from existing customers, ~25 % new visitors, ~5 % identify calls — sign-ups and logins on new devices; each batch is timed, then its baseline on the same batch: resolve its identifiers, read the profiles they point to and write them back unchanged; live updates defer writes while batches follow, and the last call writes what waits):`,
      '',
      updatesTable(report),
    );
  }
  const notes = observations(report);
  parts.push('', '**Targets** (2-core machine):', '', targetsTable(report));
  if (notes) parts.push('', notes);
  return parts.join('\n');
}

/** Replaces the generated block of the profiles section of docs/benchmarks.md. */
export function writeDocs(file, body) {
  writeBenchDocs(file, { name: 'profiles', heading: '## Profiles (bench/profiles)' }, body);
}
