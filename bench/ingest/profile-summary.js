// Where a server spent its CPU: self time of a V8 .cpuprofile (from `run.js --cpu-prof <dir>`) grouped by
// package / source folder, plus the top functions. Usage: node bench/ingest/profile-summary.js <file> [top]
import fs from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/ingest/profile-summary.js <file.cpuprofile> [top]');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const top = Number(topArg ?? 30);

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map();
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((s, v) => s + v, 0);

/** The group a frame belongs to: an npm package, a dist/ folder, node internals or V8 pseudo-frames. */
function groupOf(frame) {
  const url = frame.url ?? '';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1];
  const dist = url.match(/\/dist\/([^/]+\/(?:[^/]+\/)?)/);
  if (dist) return `rapport ${dist[1]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  if (url === '') return `(${frame.functionName || 'native'})`;
  return url;
}

// Inclusive time: every function on the sampled stack (once per sample), to see whole subsystems.
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (frame) =>
  `${frame.functionName || '(anonymous)'} ${groupOf(frame)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
const inclusive = new Map();
for (const [id, us] of selfUs) {
  const seen = new Set();
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const name = label(nodes.get(at).callFrame);
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
}

const byGroup = new Map();
const byFunction = new Map();
for (const [id, us] of selfUs) {
  const frame = nodes.get(id).callFrame;
  const group = groupOf(frame);
  byGroup.set(group, (byGroup.get(group) ?? 0) + us);
  const name = label(frame);
  byFunction.set(name, (byFunction.get(name) ?? 0) + us);
}

const show = (map, n) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, us]) =>
        `${((us / total) * 100).toFixed(1).padStart(5)} %  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`,
    )
    .join('\n');

console.log(
  `${file}: ${(total / 1e6).toFixed(1)} s sampled\n\nSelf time by package / folder:\n${show(byGroup, 25)}\n\nTop functions (self time):\n${show(byFunction, top)}\n\nTop functions (inclusive time):\n${show(inclusive, top)}`,
);
