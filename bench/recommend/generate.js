// Seeded synthetic interactions for training-time benchmarks: item popularity follows Zipf(0.8), customer activity
// is lognormal, and customers lean towards one of 16 taste groups of items, so the matrix looks like a shop's.
import { rngOf } from '../profiles/generate.js';

/** A users × items matrix with exactly `interactions` distinct pairs (weights 1–4), built with `buildMatrix`. */
export function generateInteractions(buildMatrix, { users, items, interactions, seed }) {
  const rand = rngOf(seed);
  const groups = 16;
  // Cumulative Zipf weights over items, per taste group (a group's items are boosted 8×).
  const zipf = Float64Array.from({ length: items }, (_, i) => 1 / (i + 1) ** 0.8);
  const perm = Int32Array.from({ length: items }, (_, i) => i);
  for (let i = items - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const cumulative = [];
  for (let g = 0; g < groups; g++) {
    const c = new Float64Array(items);
    let sum = 0;
    for (let i = 0; i < items; i++) {
      sum += zipf[i] * (perm[i] % groups === g ? 8 : 1);
      c[i] = sum;
    }
    cumulative.push(c);
  }
  const pick = (c) => {
    const target = rand() * c[c.length - 1];
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return perm[lo];
  };
  // Lognormal activity, scaled so the counts add up to `interactions` (capped at the catalogue).
  const activity = Float64Array.from({ length: users }, () => {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    return Math.exp(Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  });
  const total = activity.reduce((s, a) => s + a, 0);
  const counts = Int32Array.from(activity, (a) =>
    Math.min(items / 8, Math.max(1, Math.round((a / total) * interactions))),
  );
  let diff = interactions - counts.reduce((s, c) => s + c, 0);
  for (let u = 0; diff !== 0; u = (u + 1) % users) {
    if (diff > 0 && counts[u] < items / 8) {
      counts[u]++;
      diff--;
    } else if (diff < 0 && counts[u] > 1) {
      counts[u]--;
      diff++;
    }
  }
  const rows = new Int32Array(interactions);
  const cols = new Int32Array(interactions);
  const weights = new Float32Array(interactions);
  let n = 0;
  const seen = new Uint8Array(items);
  for (let u = 0; u < users; u++) {
    const c = cumulative[u % groups];
    const mine = [];
    while (mine.length < counts[u]) {
      const i = pick(c);
      if (seen[i]) continue;
      seen[i] = 1;
      mine.push(i);
    }
    for (const i of mine) {
      seen[i] = 0;
      rows[n] = u;
      cols[n] = i;
      weights[n] = 1 + Math.floor(rand() ** 3 * 4);
      n++;
    }
  }
  return buildMatrix(users, items, rows, cols, weights);
}
