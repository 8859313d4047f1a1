// How much slower the first piece of work after an idle gap runs on this machine, with no Rapport code and no I/O.
// The work scores 5,000 rows of 64 float32 factors and sorts the scores: about the memory and CPU of one recommendation
// computed on request. autocannon's fixed-rate mode (overallRate) sends each second's requests in a burst after the
// server idled for the rest of the second, so the first request of each burst pays this; the serving table's
// "overallRate 100/s" row is read against it (docs/benchmarks.md, Recommenders, Serving).
//
//   node bench/recommend/idle-wake.js [--rounds N] [--json]
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';

const { values: opt } = parseArgs({
  options: {
    rounds: { type: 'string', default: '9' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean' },
  },
});
if (opt.help) {
  console.log('usage: node bench/recommend/idle-wake.js [--rounds N] [--json]');
  process.exit(0);
}
const rounds = Number(opt.rounds);
const n = 5_000;
const f = 64;
let seed = 1;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const y = Float32Array.from({ length: n * f }, () => random() - 0.5);

function work() {
  const x = Float32Array.from({ length: f }, random);
  const out = new Float32Array(n);
  for (let i = 0, o = 0; i < n; i++, o += f) {
    let s = 0;
    for (let r = 0; r < f; r++) s += x[r] * y[o + r];
    out[i] = s;
  }
  return Array.from(out.keys()).sort((a, b) => out[b] - out[a])[0];
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (let i = 0; i < 200; i++) work();
const rows = [];
for (const gapMs of [0, 20, 100, 300, 750]) {
  const first = [];
  const next = [];
  for (let r = 0; r < rounds; r++) {
    if (gapMs > 0) await sleep(gapMs);
    else await new Promise((resolve) => setImmediate(resolve));
    let t = performance.now();
    work();
    first.push(performance.now() - t);
    t = performance.now();
    work();
    next.push(performance.now() - t);
  }
  rows.push({ gapMs, firstMs: median(first), firstMaxMs: Math.max(...first), nextMs: median(next) });
}
if (opt.json) console.log(JSON.stringify({ rounds, rows }));
else {
  console.log('| idle gap ms | first call after it, median ms (max) | the call right after, median ms |');
  console.log('|--:|--:|--:|');
  for (const r of rows)
    console.log(
      `| ${r.gapMs} | ${r.firstMs.toFixed(2)} (${r.firstMaxMs.toFixed(2)}) | ${r.nextMs.toFixed(2)} |`,
    );
}
