import fs from 'node:fs';
import { AppError, createRng } from '../../shared/index.js';
import { buildMatrixWithEntries, maxPerEntry } from '../matrix.js';
import { indexIds, type EvalTask } from './eval-task.js';

/** How interactions are split (../shared/benchmarks/PROTOCOLS.md, P4 and P5). */
export type RecommendSplit =
  | { kind: 'random'; fraction: number; seed: string }
  | { kind: 'temporal'; at: number; date: string }
  | { kind: 'file'; path: string };

const bad = (message: string) => new AppError('invalid_split', message);

/** `random:FRACTION:SEED` (per user, that share of the user's distinct items trains), `temporal:YYYY-MM-DD`, `file:PATH`. */
export function parseRecommendSplit(spec: string): RecommendSplit {
  const [kind, ...rest] = spec.split(':');
  switch (kind) {
    case 'random': {
      const f = Number(rest[0]);
      if (rest.length !== 2 || !(f > 0 && f < 1) || rest[1] === '')
        throw bad(`${spec}: expected random:FRACTION:SEED with FRACTION between 0 and 1`);
      return { kind, fraction: f, seed: rest[1] as string };
    }
    case 'temporal': {
      const date = rest.join(':');
      const at = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
      if (!Number.isFinite(at)) throw bad(`${spec}: expected temporal:YYYY-MM-DD`);
      return { kind, at, date };
    }
    case 'file':
      if (rest.join(':') === '') throw bad(`${spec}: expected file:PATH`);
      return { kind, path: rest.join(':') };
    default:
      throw bad(
        `unknown split ${JSON.stringify(spec)}: use random:FRACTION:SEED, temporal:YYYY-MM-DD or file:PATH`,
      );
  }
}

/** One 0/1 per non-empty line of a split file: 0 trains, 1 tests. */
function readTrainTestFile(path: string, rows: number): Uint8Array {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (cause) {
    throw bad(`cannot read ${path}: ${(cause as Error).message}`);
  }
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length !== rows) throw bad(`${path} has ${lines.length} lines for ${rows} data rows`);
  const out = new Uint8Array(rows);
  lines.forEach((l, i) => {
    const v = l.trim();
    if (v !== '0' && v !== '1')
      throw bad(`${path} line ${i + 1}: expected 0 (train) or 1 (test), got ${JSON.stringify(v)}`);
    out[i] = Number(v);
  });
  return out;
}

export interface InteractionRows {
  users: readonly string[];
  items: readonly string[];
  times: Float64Array | null;
  /** Per row: how many distinct times it counts for (default 1 each); e.g. distinct orders. */
  basket?: readonly string[];
}

/** Per row: 0 train, 1 test, 2 left out. */
function assign(rows: InteractionRows, split: RecommendSplit): Uint8Array {
  const n = rows.users.length;
  if (split.kind === 'file') return readTrainTestFile(split.path, n);
  const side = new Uint8Array(n);
  if (split.kind === 'temporal') {
    if (!rows.times) throw bad('a temporal split needs a time column (--time-col)');
    for (let r = 0; r < n; r++) side[r] = (rows.times[r] as number) < split.at ? 0 : 1;
    return side;
  }
  // Per user, a seeded shuffle of the user's distinct items; the first floor(fraction × n) train.
  const itemsOf = new Map<string, string[]>();
  for (let r = 0; r < n; r++) {
    const u = rows.users[r] as string;
    const list = itemsOf.get(u) ?? [];
    list.push(rows.items[r] as string);
    itemsOf.set(u, list);
  }
  const trains = new Map<string, Set<string>>();
  const rng = createRng(split.seed);
  for (const u of [...itemsOf.keys()].sort()) {
    const distinct = [...new Set(itemsOf.get(u))].sort();
    const r = rng.fork(u);
    for (let i = distinct.length - 1; i > 0; i--) {
      const j = Math.floor(r.next() * (i + 1));
      [distinct[i], distinct[j]] = [distinct[j] as string, distinct[i] as string];
    }
    trains.set(u, new Set(distinct.slice(0, Math.floor(split.fraction * distinct.length))));
  }
  for (let r = 0; r < n; r++)
    side[r] = trains.get(rows.users[r] as string)?.has(rows.items[r] as string) ? 0 : 1;
  return side;
}

/**
 * An evaluation task from interaction rows and a split. The catalogue is every item in the data (random and file
 * splits, protocol P4) or every item in the training part (temporal splits, as P5); test items outside it stay in the
 * target and can never be hit. Temporal splits evaluate users with training rows only. Weights count training rows per
 * user and item (or distinct `basket`s when given).
 */
export function buildTask(
  rows: InteractionRows,
  split: RecommendSplit,
  options: { excludeSeen: boolean; name?: string },
): EvalTask {
  const side = assign(rows, split);
  const n = rows.users.length;
  const inTrain = (r: number) => side[r] === 0;
  const catalogue = indexIds(
    split.kind === 'temporal' ? rows.items.filter((_, r) => inTrain(r)) : rows.items,
  );
  const people = indexIds(rows.users);
  // One triple per training row: weight 1 (0 for a basket already counted for the pair), so the matrix sums them into
  // row counts or distinct baskets, and the latest time per entry comes from the same triples.
  const us: number[] = [];
  const is: number[] = [];
  const ws: number[] = [];
  const ts: number[] = [];
  const counted = new Set<string>();
  const tests = new Map<number, Set<string>>();
  for (let r = 0; r < n; r++) {
    const u = people.index.get(rows.users[r] as string) as number;
    const item = rows.items[r] as string;
    if (side[r] === 1) {
      const t = tests.get(u) ?? new Set<string>();
      t.add(item);
      tests.set(u, t);
      continue;
    }
    if (side[r] !== 0) continue;
    const i = catalogue.index.get(item) as number;
    let w = 1;
    if (rows.basket) {
      const key = `${u}\u0000${i}\u0000${rows.basket[r] as string}`;
      if (counted.has(key)) w = 0;
      else counted.add(key);
    }
    us.push(u);
    is.push(i);
    ws.push(w);
    ts.push(rows.times ? (rows.times[r] as number) : -Infinity);
  }
  const { matrix, entryOf } = buildMatrixWithEntries(people.ids.length, catalogue.ids.length, us, is, ws);
  const lastAt = rows.times ? maxPerEntry(entryOf, ts, matrix.indices.length) : null;
  const trainedItems = (u: number) =>
    new Set(matrix.indices.subarray(matrix.indptr[u] as number, matrix.indptr[u + 1] as number));

  const users: number[] = [];
  const targets: Int32Array[] = [];
  const sizes: number[] = [];
  for (let u = 0; u < people.ids.length; u++) {
    const test = tests.get(u);
    if (!test) continue;
    const trained = trainedItems(u);
    if (split.kind === 'temporal' && trained.size === 0) continue;
    const inside: number[] = [];
    let size = 0;
    for (const item of test) {
      const i = catalogue.index.get(item);
      if (options.excludeSeen && i !== undefined && trained.has(i)) continue;
      size++;
      if (i !== undefined) inside.push(i);
    }
    if (size === 0) continue;
    users.push(u);
    targets.push(Int32Array.from(inside.sort((a, b) => a - b)));
    sizes.push(size);
  }
  // Only a temporal split's training period has an end: popularity windows and decay count back from it. P4's random
  // and file splits have none, so popularity there counts all time.
  const asOf = split.kind === 'temporal' ? split.at : undefined;
  return {
    name: options.name ?? `${split.kind}-split`,
    train: {
      matrix,
      ...(lastAt ? { lastAt } : {}),
      ...(asOf !== undefined ? { asOf } : {}),
    },
    itemIds: catalogue.ids,
    userIds: people.ids,
    users: Int32Array.from(users),
    targets,
    targetSizes: Int32Array.from(sizes),
    excludeSeen: options.excludeSeen,
  };
}

/** How much of the training period a temporal validation split holds out (its last days). */
export const VALIDATION_DAYS = 30;

/**
 * The validation task inside a task's training part, for choosing hyper-parameters and blend weights (never the
 * test part): for a temporal split, its last VALIDATION_DAYS days; otherwise a per-user random split of the training
 * rows (80 %, seeded).
 */
export function buildValidationTask(
  rows: InteractionRows,
  split: RecommendSplit,
  options: { excludeSeen: boolean; seed?: string },
): EvalTask {
  const side = assign(rows, split);
  const keep: number[] = [];
  for (let r = 0; r < side.length; r++) if (side[r] === 0) keep.push(r);
  const pick = <T>(xs: readonly T[]) => keep.map((r) => xs[r] as T);
  const inner: InteractionRows = {
    users: pick(rows.users),
    items: pick(rows.items),
    times: rows.times ? Float64Array.from(keep, (r) => rows.times?.[r] as number) : null,
    ...(rows.basket ? { basket: pick(rows.basket) } : {}),
  };
  const at = split.kind === 'temporal' ? split.at - VALIDATION_DAYS * 86_400_000 : 0;
  const innerSplit: RecommendSplit =
    split.kind === 'temporal'
      ? { kind: 'temporal', at, date: new Date(at).toISOString().slice(0, 10) }
      : { kind: 'random', fraction: 0.8, seed: `${options.seed ?? 'validation'}/validation` };
  return buildTask(inner, innerSplit, { excludeSeen: options.excludeSeen, name: 'validation' });
}
