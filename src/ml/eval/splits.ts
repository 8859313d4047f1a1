import fs from 'node:fs';
import { AppError, createRng } from '../../shared/index.js';
import { stratifiedKFold } from '../cross-validation.js';

/** One evaluation round: fit on `train`, score on `test` (row indices in file order). */
export interface EvalFold {
  train: number[];
  test: number[];
}

/** How rows are split, per `../shared/benchmarks/PROTOCOLS.md`. */
export type SplitSpec =
  | { kind: 'temporal'; fraction: number }
  | { kind: 'random'; fraction: number; seed: string }
  | { kind: 'cv'; k: number; seed: string }
  | { kind: 'file'; path: string }
  | { kind: 'folds'; path: string };

const bad = (message: string) => new AppError('invalid_split', message);

function fraction(text: string | undefined, spec: string): number {
  const f = Number(text);
  if (!(f > 0 && f < 1)) throw bad(`${spec}: the training share must be a number between 0 and 1`);
  return f;
}

/** `temporal:0.8`, `random:0.8:SEED`, `cv:5:SEED`, `file:PATH` or `folds:PATH`. */
export function parseSplit(spec: string): SplitSpec {
  const [kind, ...rest] = spec.split(':');
  switch (kind) {
    case 'temporal':
      if (rest.length !== 1) throw bad(`${spec}: expected temporal:FRACTION`);
      return { kind, fraction: fraction(rest[0], spec) };
    case 'random':
      if (rest.length !== 2) throw bad(`${spec}: expected random:FRACTION:SEED`);
      return { kind, fraction: fraction(rest[0], spec), seed: rest[1] as string };
    case 'cv': {
      const k = Number(rest[0]);
      if (rest.length !== 2 || !Number.isInteger(k) || k < 2 || k > 100)
        throw bad(`${spec}: expected cv:K:SEED with K from 2 to 100`);
      return { kind, k, seed: rest[1] as string };
    }
    case 'file':
    case 'folds':
      if (rest.length === 0 || rest.join(':') === '') throw bad(`${spec}: expected ${kind}:PATH`);
      return { kind, path: rest.join(':') };
    default:
      throw bad(`unknown split ${JSON.stringify(spec)}: use temporal, random, cv, file or folds`);
  }
}

/** One integer per non-empty line. */
function readAssignment(path: string, rows: number, allowed: (v: number) => boolean): number[] {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch (cause) {
    throw bad(`cannot read ${path}: ${(cause as Error).message}`);
  }
  const values = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l, i) => {
      const v = Number(l);
      if (!Number.isInteger(v) || !allowed(v))
        throw bad(`${path} line ${i + 1}: unexpected value ${JSON.stringify(l)}`);
      return v;
    });
  if (values.length !== rows) throw bad(`${path} has ${values.length} lines for ${rows} data rows`);
  return values;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** The evaluation rounds of a split over `rows` data rows with labels `y` (for stratified folds). */
export function splitRows(spec: SplitSpec, rows: number, y: ArrayLike<number>): EvalFold[] {
  switch (spec.kind) {
    case 'temporal': {
      const cut = Math.floor(spec.fraction * rows);
      if (cut < 1 || cut >= rows) throw bad(`temporal:${spec.fraction} leaves no rows on one side`);
      return [{ train: range(0, cut), test: range(cut, rows) }];
    }
    case 'random': {
      const order = range(0, rows);
      const rng = createRng(spec.seed);
      for (let i = rows - 1; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      const cut = Math.floor(spec.fraction * rows);
      if (cut < 1 || cut >= rows) throw bad(`random:${spec.fraction} leaves no rows on one side`);
      return [
        { train: order.slice(0, cut).sort((a, b) => a - b), test: order.slice(cut).sort((a, b) => a - b) },
      ];
    }
    case 'cv':
      if (spec.k > rows) throw bad(`cv:${spec.k} needs at least ${spec.k} rows`);
      return stratifiedKFold(y, spec.k, createRng(spec.seed)).map((f) => ({
        train: [...f.train],
        test: [...f.test],
      }));
    case 'file': {
      const part = readAssignment(spec.path, rows, (v) => v === 0 || v === 1);
      const train = range(0, rows).filter((i) => part[i] === 0);
      const test = range(0, rows).filter((i) => part[i] === 1);
      if (train.length === 0 || test.length === 0) throw bad(`${spec.path} leaves no rows on one side`);
      return [{ train, test }];
    }
    case 'folds': {
      const fold = readAssignment(spec.path, rows, (v) => v >= 0 && v < 1000);
      const k = Math.max(...fold) + 1;
      if (k < 2) throw bad(`${spec.path} holds a single fold`);
      return range(0, k).map((f) => ({
        train: range(0, rows).filter((i) => fold[i] !== f),
        test: range(0, rows).filter((i) => fold[i] === f),
      }));
    }
  }
}
