import type { Rng } from '../shared/index.js';
import { checkNonEmpty, invalidOption, mlInputError } from './validate.js';

/** One split: row indices, ascending. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
}

function checkSplits(k: number, n: number, what = 'rows'): void {
  if (!Number.isInteger(k) || k < 2) throw invalidOption(`k must be an integer ≥ 2, got ${k}`);
  if (k > n) throw invalidOption(`cannot make ${k} folds from ${n} ${what}`, { k, n });
}

/** The folds of a fold number per row (0..k − 1; −1 for never tested). */
function foldsOf(assignment: Int32Array, k: number): Fold[] {
  const n = assignment.length;
  const sizes = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    const f = assignment[i]!;
    if (f >= 0) sizes[f]!++;
  }
  const folds: Fold[] = [];
  for (let f = 0; f < k; f++) {
    const test = new Int32Array(sizes[f]!);
    const train = new Int32Array(n - sizes[f]!);
    let t = 0;
    let r = 0;
    for (let i = 0; i < n; i++) {
      if (assignment[i] === f) test[t++] = i;
      else train[r++] = i;
    }
    folds.push({ train, test });
  }
  return folds;
}

/**
 * Stratified k-fold: each class's rows (classes in ascending order) are shuffled with `rng` and dealt to the folds
 * in turn, the dealing continuing across classes. So every fold holds each class's count within 1 of the others'
 * and fold sizes differ by at most 1. (scikit-learn's `StratifiedKFold(shuffle=True)` guarantees the same bounds
 * but draws differently, so the folds themselves differ.)
 */
export function stratifiedKFold(y: ArrayLike<number>, k: number, rng: Rng): Fold[] {
  const n = y.length;
  checkNonEmpty('y', y);
  checkSplits(k, n);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = y[i]!;
    if (Number.isNaN(c)) throw mlInputError('not_finite', `y is NaN at index ${i}`, { index: i });
    const rows = byClass.get(c);
    if (rows === undefined) byClass.set(c, [i]);
    else rows.push(i);
  }
  const assignment = new Int32Array(n);
  let next = 0;
  for (const c of [...byClass.keys()].sort((a, b) => a - b)) {
    const rows = byClass.get(c)!;
    shuffle(rows, rng);
    for (const i of rows) {
      assignment[i] = next;
      next = (next + 1) % k;
    }
  }
  return foldsOf(assignment, k);
}

/** Fisher–Yates, in place. */
function shuffle(items: number[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
}

/**
 * Group k-fold: no group is split across folds. As scikit-learn's `GroupKFold` (1.2): groups from largest to
 * smallest, each to the fold with the fewest rows so far (the lowest-numbered on ties). Equal-sized groups go in
 * descending order of their key (numbers numerically, strings by code unit), which is numpy's order for up to 16
 * groups; the folds never depend on the order of the rows.
 */
export function groupKFold(groups: ArrayLike<number> | readonly string[], k: number): Fold[] {
  const n = groups.length;
  checkNonEmpty('groups', groups);
  const sizes = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    if (typeof g === 'number' && Number.isNaN(g)) {
      throw mlInputError('not_finite', `group is NaN at index ${i}`, { index: i });
    }
    sizes.set(g, (sizes.get(g) ?? 0) + 1);
  }
  checkSplits(k, sizes.size, 'groups');
  const keys = [...sizes.keys()].sort((a, b) => {
    const bySize = sizes.get(b)! - sizes.get(a)!;
    if (bySize !== 0) return bySize;
    return a < b ? 1 : a > b ? -1 : 0;
  });
  const load = new Float64Array(k);
  const foldOfGroup = new Map<number | string, number>();
  for (const g of keys) {
    let lightest = 0;
    for (let f = 1; f < k; f++) if (load[f]! < load[lightest]!) lightest = f;
    load[lightest]! += sizes.get(g)!;
    foldOfGroup.set(g, lightest);
  }
  const assignment = Int32Array.from({ length: n }, (_, i) => foldOfGroup.get(groups[i]!)!);
  return foldsOf(assignment, k);
}

export interface TimeSeriesSplitOptions {
  /** Default 5. */
  nSplits?: number;
  /** Cap on the training rows, keeping the most recent. */
  maxTrainSize?: number;
  /** Rows per test fold. Default ⌊n / (nSplits + 1)⌋. */
  testSize?: number;
  /** Rows left out between the end of training and the start of the test. Default 0. */
  gap?: number;
}

/**
 * Expanding-window splits of rows in time order, as scikit-learn's `TimeSeriesSplit`: the last nSplits·testSize
 * rows form the test folds in order; each trains on the rows before its test fold, less `gap`.
 */
export function timeSeriesSplit(n: number, options: TimeSeriesSplitOptions = {}): Fold[] {
  const { nSplits = 5, gap = 0 } = options;
  if (!Number.isInteger(n) || n < 1) throw mlInputError('empty_input', `need at least one row, got ${n}`);
  if (!Number.isInteger(nSplits) || nSplits < 2) {
    throw invalidOption(`nSplits must be an integer ≥ 2, got ${nSplits}`);
  }
  if (!Number.isInteger(gap) || gap < 0)
    throw invalidOption(`gap must be a non-negative integer, got ${gap}`);
  const testSize = options.testSize ?? Math.floor(n / (nSplits + 1));
  if (!Number.isInteger(testSize) || testSize < 1) {
    throw invalidOption(`testSize must be a positive integer, got ${testSize}`);
  }
  const { maxTrainSize } = options;
  if (maxTrainSize !== undefined && !(Number.isInteger(maxTrainSize) && maxTrainSize >= 1)) {
    throw invalidOption(`maxTrainSize must be a positive integer, got ${maxTrainSize}`);
  }
  if (nSplits + 1 > n) throw invalidOption(`cannot make ${nSplits + 1} folds from ${n} rows`, { n, nSplits });
  if (n - gap - testSize * nSplits <= 0) {
    throw invalidOption(
      `too many splits (${nSplits}) for ${n} rows with testSize ${testSize} and gap ${gap}`,
      {
        n,
        nSplits,
        testSize,
        gap,
      },
    );
  }
  const folds: Fold[] = [];
  for (let testStart = n - nSplits * testSize; testStart < n; testStart += testSize) {
    const trainEnd = testStart - gap;
    const trainStart = maxTrainSize !== undefined && maxTrainSize < trainEnd ? trainEnd - maxTrainSize : 0;
    folds.push({
      train: Int32Array.from({ length: trainEnd - trainStart }, (_, i) => trainStart + i),
      test: Int32Array.from({ length: testSize }, (_, i) => testStart + i),
    });
  }
  return folds;
}

/**
 * Folds from a fold number per row, as scikit-learn's `PredefinedSplit`: fold f tests the rows numbered f and
 * trains on all others; −1 keeps a row in every training set. Fold numbers must be 0, 1, … with none missing.
 */
export function foldsFromAssignment(assignment: ArrayLike<number>): Fold[] {
  checkNonEmpty('the fold assignment', assignment);
  const folds = Int32Array.from(assignment);
  let k = 0;
  for (let i = 0; i < folds.length; i++) {
    const f = assignment[i]!;
    if (!Number.isInteger(f) || f < -1) {
      throw invalidOption(`fold numbers must be integers ≥ −1, found ${f} at index ${i}`, { index: i });
    }
    k = Math.max(k, f + 1);
  }
  const seen = new Uint8Array(k);
  for (let i = 0; i < folds.length; i++) if (folds[i]! >= 0) seen[folds[i]!] = 1;
  const missing = seen.indexOf(0);
  if (k === 0 || missing >= 0) {
    throw invalidOption(k === 0 ? 'no row is in a test fold' : `fold ${missing} has no rows`, { folds: k });
  }
  return foldsOf(folds, k);
}
