// Turns the serving benchmark's measured cases into the markdown serve.js prints and writes into the Recommenders
// section of docs/benchmarks.md, between its own markers.
import fs from 'node:fs';
import { median } from '../lib/processes.js';

export const TARGETS = { cachedRate: 5000, cachedP99Ms: 5, computedP99Ms: 15 };

/** Medians over the measured runs of one case (the warm-up is not included). */
export function summarize(c) {
  const m = (f) => median(c.runs.map(f));
  const rates = c.runs.map((r) => r.reqPerSec);
  return {
    reqPerSec: m((r) => r.reqPerSec),
    reqPerSecMin: Math.min(...rates),
    reqPerSecMax: Math.max(...rates),
    p50: m((r) => r.latencyMs.p50),
    p99: m((r) => r.latencyMs.p99),
    p99Max: Math.max(...c.runs.map((r) => r.latencyMs.p99 ?? Infinity)),
    max: Math.max(...c.runs.map((r) => r.latencyMs.max ?? 0)),
    failed: c.runs.reduce((s, r) => s + r.non2xx + r.errors + r.timeouts, 0),
    serverCpu: m((r) => r.serverCpu),
    serverCpuUsPerRequest: m((r) => r.serverCpuUsPerRequest),
    loadGenCpu: m((r) => r.loadGenCpu),
    otherCpu: m((r) => r.otherCpu),
    saturated: c.runs.filter((r) => r.saturated).length,
    cacheHits: c.runs.reduce((s, r) => s + (r.cache?.hits ?? 0), 0),
    cacheMisses: c.runs.reduce((s, r) => s + (r.cache?.misses ?? 0), 0),
  };
}

const int = (n) => (n === null || n === undefined ? '–' : Math.round(n).toLocaleString('en-US'));
const pct = (n) => (n === null ? '–' : `${Math.round(n * 100)} %`);
const ms = (n) => (n === null ? '–' : n < 10 ? n.toFixed(2) : n.toFixed(1));

const ROUTE = { recommendations: '/v1/recommendations/:userId?k=10', similar: '/v1/items/:id/similar?k=10' };
const LABEL = {
  'baseline-rec': 'parse-only baseline',
  'baseline-similar': 'parse-only baseline',
  'baseline-paced': 'parse-only baseline',
  cached: 'Rapport, from cache',
  'cached-rate': 'Rapport, from cache',
  'cached-paced': 'Rapport, from cache',
  computed: 'Rapport, computed (cache off)',
  'computed-rate': 'Rapport, computed (cache off)',
  'computed-paced': 'Rapport, computed (cache off)',
  similar: 'Rapport (always computed)',
};
const loadOf = (c) =>
  c.mode === 'full'
    ? `full speed, ${c.connections} conns`
    : c.mode === 'rate'
      ? `autocannon overallRate ${int(c.rate)}/s, ${c.connections} conns`
      : `paced open loop ${int(c.rate)}/s`;

export function resultsTable(cases) {
  const baselineOf = (c) => cases.find((b) => b.server === 'baseline' && b.route === c.route);
  const lines = [
    '| Case | Route | Load | **Req/s** (median) | range over runs | p50 ms | **p99 ms** | max ms | failed | vs baseline | server CPU | server CPU µs/req | loadgen CPU | other CPU | cache hits / misses |',
    '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const c of cases) {
    const s = c.summary;
    const base = baselineOf(c);
    const ratio =
      c.server === 'baseline'
        ? c.mode === 'full'
          ? '1 (ceiling)'
          : '–'
        : c.mode === 'full' && base
          ? `${(s.reqPerSec / base.summary.reqPerSec).toFixed(2)}×`
          : '–';
    const cache = c.server === 'baseline' ? '–' : `${int(s.cacheHits)} / ${int(s.cacheMisses)}`;
    lines.push(
      `| ${LABEL[c.id]} | \`${ROUTE[c.route]}\` | ${loadOf(c)} | **${int(s.reqPerSec)}**${s.saturated ? ' (saturated)' : ''} | ${int(s.reqPerSecMin)}–${int(s.reqPerSecMax)} | ${ms(s.p50)} | **${ms(s.p99)}** | ${ms(s.max)} | ${s.failed} | ${ratio} | ${pct(s.serverCpu)} | ${s.serverCpuUsPerRequest === null ? '–' : Math.round(s.serverCpuUsPerRequest)} | ${pct(s.loadGenCpu)} | ${pct(s.otherCpu)} | ${cache} |`,
    );
  }
  return lines.join('\n');
}

function targetsTable(cases) {
  const find = (id) => cases.find((c) => c.id === id);
  const rows = [];
  const row = (label, measured, met) => rows.push(`| ${label} | ${measured} | ${met ? 'yes' : '**no**'} |`);
  const t = TARGETS;
  const cached = find('cached');
  if (cached) {
    const s = cached.summary;
    row(
      `from cache: p99 < ${t.cachedP99Ms} ms at ≥ ${int(t.cachedRate)} req/s — full speed, ${cached.connections} connections`,
      `${int(s.reqPerSec)} req/s, p99 ${ms(s.p99)} ms`,
      s.reqPerSec >= t.cachedRate && s.p99 < t.cachedP99Ms,
    );
  }
  const floor = find('baseline-paced');
  for (const id of ['cached-rate', 'cached-paced']) {
    const c = find(id);
    if (!c) continue;
    const s = c.summary;
    const reference =
      c.mode === 'paced' && floor
        ? ` (the parse-only baseline under the same load: p99 ${ms(floor.summary.p99)} ms)`
        : '';
    row(
      `from cache: p99 < ${t.cachedP99Ms} ms at ${int(c.rate)} req/s — ${loadOf(c)}`,
      `${int(s.reqPerSec)} req/s, p99 ${ms(s.p99)} ms${reference}`,
      s.reqPerSec >= 0.98 * t.cachedRate && c.rate >= t.cachedRate && s.p99 < t.cachedP99Ms && s.failed === 0,
    );
  }
  for (const id of ['computed', 'computed-rate', 'computed-paced']) {
    const c = find(id);
    if (!c) continue;
    const s = c.summary;
    row(
      `computed on the fly (5,000-item catalogue): p99 < ${t.computedP99Ms} ms — ${loadOf(c)}`,
      `${int(s.reqPerSec)} req/s, p99 ${ms(s.p99)} ms`,
      s.p99 < t.computedP99Ms && s.failed === 0,
    );
  }
  return ['| Target (from the issue) | measured | met? |', '|---|--:|---|', ...rows].join('\n');
}

/** Facts a reader needs to interpret this particular run, derived from its numbers. */
function observations(report) {
  const notes = [];
  for (const c of report.cases) {
    const s = c.summary;
    if (s.otherCpu !== null && s.otherCpu > 0.2)
      notes.push(
        `${LABEL[c.id]}, ${loadOf(c)}: other processes used ${s.otherCpu.toFixed(2)} cores (median) during the runs; treat it as disturbed.`,
      );
    if (c.mode === 'full' && s.loadGenCpu !== null && s.loadGenCpu > 0.9)
      notes.push(
        `${LABEL[c.id]}, ${loadOf(c)}: the load generator used ${pct(s.loadGenCpu)} of a core; on 2 cores that caps what the server can be offered.`,
      );
    if ((c.discarded ?? []).length > 0)
      notes.push(
        `${LABEL[c.id]}, ${loadOf(c)}: ${c.discarded.length} run(s) repeated because other processes used more than 0.2 cores during them (kept in the raw JSON).`,
      );
    if (s.saturated > 0)
      notes.push(
        `${LABEL[c.id]}, ${loadOf(c)}: in ${s.saturated} of ${c.runs.length} runs more than a second's worth of requests waited for the server, so the run stopped early (saturated: the server cannot hold this rate); the requests never sent count as failed.`,
      );
    if (c.server === 'cached' && s.cacheMisses > 0)
      notes.push(
        `${LABEL[c.id]}, ${loadOf(c)}: ${int(s.cacheMisses)} requests missed the cache (${c.runs.map((r) => int(r.cache?.misses ?? 0)).join(' / ')} per run) although every run started warm and the TTL is a day; something dropped lists during the run (a model or catalogue reload, or events).`,
      );
  }
  const probes = report.cases.flatMap((c) => c.cpuProbeUs ?? []);
  if (probes.length > 0 && Math.max(...probes) > 1.25 * Math.min(...probes))
    notes.push(
      `The CPU probe ranged from ${Math.min(...probes).toFixed(2)} to ${Math.max(...probes).toFixed(2)} µs: the VM got noticeably less CPU from its host at times.`,
    );
  return notes.map((n) => `- ${n}`).join('\n');
}

function probeRange(report) {
  const probes = report.cases.flatMap((c) => c.cpuProbeUs ?? []);
  return probes.length === 0 ? '–' : `${Math.min(...probes).toFixed(2)}–${Math.max(...probes).toFixed(2)}`;
}

export function markdown(report) {
  const { machine: mc, options: o, setup: s } = report;
  const m = s.model;
  const chosen = m.comparison.find((c) => c.model === m.chosen);
  const command = `${report.nice ? `nice -n ${report.nice} ` : ''}npm run bench:recommend:serve${report.argv.length ? ` -- ${report.argv.join(' ')}` : ''}`;
  return [
    `Measured ${report.measuredAt.slice(0, 10)} with \`${command}\` at commit ${report.commit ?? '?'}${report.srcDirty ? ' with uncommitted changes in src/' : ''}.`,
    '',
    `Machine: ${mc.nproc} cores, ${mc.cpu}, ${mc.memoryGiB} GiB, Node ${mc.node}, ${mc.platform}; load average ${report.load.map((l) => l.toFixed(1)).join(' / ')} at the start; CPU probe ${probeRange(report)} µs (SHA-256 of 1 KiB, before and after each case; higher means less CPU from the host). Load generator (autocannon ${o.autocannonVersion}, and the paced client) and server share the 2 cores.`,
    '',
    `**Shop** (\`bench/recommend/serve-shop.js\`, seed ${o.shop.seed}; set up through the stores before timing${s.reused ? ', reused from --data-dir' : ''}): ${int(s.shop.items)} products in ${s.shop.categories} categories (${int(s.shop.outOfStock)} out of stock), ${int(s.shop.customers)} customers each known by an identify, ${int(s.shop.orders)} orders with ${int(s.shop.lines)} order lines over ${s.shop.days} days. ` +
      `Recommender: \`trainRecommender\` compared ${m.comparison.map((c) => c.model).join(', ')} on the last 30 days and chose **${m.chosen}**${chosen?.chosen ? ` (${chosen.chosen})` : ''}, holdout NDCG@10 ${chosen?.ndcg.toFixed(4) ?? '–'}; training took **${m.trainSeconds.toFixed(1)} s**${m.stages ? ` (${m.stages.map((st) => `${st.stage} ${st.seconds.toFixed(1)} s`).join(', ')})` : ''}, on ${int(m.interactions)} distinct order × item pairs and ${int(m.items)} items. ` +
      `Requests spread over ${int(s.sample.users.length)} customers (order lines each: median ${s.sample.linesMedian}, p99 ${s.sample.linesP99}, max ${s.sample.linesMax}) or ${int(s.sample.items.length)} items; response bodies ${int(s.bodyBytes.recommendations)} B and ${int(s.bodyBytes.similar)} B.`,
    '',
    `Load: each case ${o.warmup} s warm-up, then ${o.runs} × ${o.duration} s runs, medians over the runs (p99 is the median of the runs' p99s; max is over all runs). Latency percentiles are exact (from every response's time), not autocannon's whole-millisecond histogram; failed counts non-2xx responses, errors and requests never answered (or, in a saturated paced run, never sent). ` +
      `Cache on: \`RAPPORT_RECOMMEND_CACHE_TTL_MS=86400000\`, and before the cached cases each sampled customer's list is computed once (${int(report.warmCache?.misses ?? null)} lists). Cache off: \`RAPPORT_RECOMMEND_CACHE_TTL_MS=0\`, every request reads the customer's orders and events and scores them against the catalogue. ` +
      'The fixed-rate rows come two ways: autocannon `overallRate` (each connection sends its per-second quota back to back, then waits for the next second: bursts at full speed) and a paced open-loop client (`serve-paced.js`: request i due at i / rate, latency from when it was due, as wrk2 measures); the parse-only baseline under the same paced load gives that client’s own floor.',
    '',
    resultsTable(report.cases),
    '',
    observations(report),
    '',
    '**Targets** (2-core machine, load generator included):',
    '',
    targetsTable(report.cases),
  ].join('\n');
}

const START =
  '<!-- bench:recommend-serve:start (generated by bench/recommend/serve.js; edit outside these markers) -->';
const END = '<!-- bench:recommend-serve:end -->';
const HEADING = '## Recommenders (bench/recommend)';

/**
 * Replaces the serving block of docs/benchmarks.md; the first time, puts it after the training block
 * (bench/recommend/run.js's markers), or at the end of the Recommenders section.
 */
export function writeServeDocs(file, body) {
  let text = fs.readFileSync(file, 'utf8');
  const block = `${START}\n${body}\n${END}`;
  const from = text.indexOf(START);
  const to = text.indexOf(END);
  if (from >= 0 && to > from) text = text.slice(0, from) + block + text.slice(to + END.length);
  else {
    const after = '<!-- bench:recommend:end -->';
    const heading = text.indexOf(HEADING);
    let at = text.indexOf(after);
    if (at >= 0) at += after.length;
    else if (heading >= 0) {
      const next = text.indexOf('\n## ', heading + HEADING.length);
      at = next < 0 ? text.length : next;
    } else at = text.length;
    const rest = text.slice(at).trim() === '' ? '' : `\n${text.slice(at).replace(/^\n*/, '')}`;
    text = `${text.slice(0, at).trimEnd()}\n\n**Serving** (\`npm run bench:recommend:serve\`)\n\n${block}\n${rest}`;
  }
  fs.writeFileSync(file, text);
}
