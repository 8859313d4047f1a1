import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import {
  foldsFromAssignment,
  groupKFold,
  stratifiedKFold,
  timeSeriesSplit,
  type Fold,
  type TimeSeriesSplitOptions,
} from './cross-validation.js';
import { lcg } from './reference-data.js';
import { errorReason } from './test-kit.js';

// Expected folds: scripts/ml-reference/cross_validation.py (scikit-learn 1.2.1, numpy 1.24.2): GroupKFold (the fold
// of each group 0, 1, …), TimeSeriesSplit (train and test as [first, last + 1)), PredefinedSplit (test rows).
const GROUP_K_FOLD = {
  // 100 rows, 12 groups, several of equal size (which exercises the tie order).
  tied: { k: 3, foldOfGroup: [0, 2, 1, 2, 1, 2, 2, 2, 1, 1, 2, 1] },
  // 210 rows, 20 groups of sizes 1..20.
  distinct: { k: 4, foldOfGroup: [3, 0, 2, 2, 0, 3, 1, 2, 0, 3, 1, 1, 3, 0, 1, 1, 3, 0, 2, 2] },
};
const TIME_SERIES: { n: number; options: TimeSeriesSplitOptions; folds: [number[], number[]][] }[] = [
  {
    n: 23,
    options: {},
    folds: [
      [
        [0, 8],
        [8, 11],
      ],
      [
        [0, 11],
        [11, 14],
      ],
      [
        [0, 14],
        [14, 17],
      ],
      [
        [0, 17],
        [17, 20],
      ],
      [
        [0, 20],
        [20, 23],
      ],
    ],
  },
  {
    n: 23,
    options: { nSplits: 3, testSize: 4, gap: 2, maxTrainSize: 6 },
    folds: [
      [
        [3, 9],
        [11, 15],
      ],
      [
        [7, 13],
        [15, 19],
      ],
      [
        [11, 17],
        [19, 23],
      ],
    ],
  },
  {
    n: 30,
    options: { nSplits: 4, gap: 3 },
    folds: [
      [
        [0, 3],
        [6, 12],
      ],
      [
        [0, 9],
        [12, 18],
      ],
      [
        [0, 15],
        [18, 24],
      ],
      [
        [0, 21],
        [24, 30],
      ],
    ],
  },
];
const PREDEFINED = {
  assignment: [-1, 0, 1, 2, -1, 0, 1, 2, -1, 0, 1, 2, -1, 0, 1],
  tests: [
    [1, 5, 9, 13],
    [2, 6, 10, 14],
    [3, 7, 11],
  ],
};

/** The groups of cross_validation.py: tied_groups() and distinct_groups(). */
function tiedGroups(): number[] {
  const next = lcg(5);
  return Array.from({ length: 100 }, () => Math.floor(next() ** 2 * 12));
}

function distinctGroups(): number[] {
  const listed: number[] = [];
  for (let g = 0; g < 20; g++) for (let r = 0; r < ((3 * g) % 20) + 1; r++) listed.push(g);
  return Array.from({ length: 210 }, (_, j) => listed[(j * 37) % 210]!);
}

/** Every fold's train and test are disjoint, ascending and together all n rows; the tests partition the rows. */
function expectPartition(folds: Fold[], n: number): void {
  const tested = new Int32Array(n);
  for (const { train, test } of folds) {
    expect(train.length + test.length).toBe(n);
    const inTest = new Set(test);
    for (const i of train) expect(inTest.has(i)).toBe(false);
    for (const part of [train, test])
      for (let r = 1; r < part.length; r++) expect(part[r]!).toBeGreaterThan(part[r - 1]!);
    for (const i of test) tested[i]!++;
  }
  expect(tested.every((c) => c === 1)).toBe(true);
}

describe('stratifiedKFold', () => {
  it('partitions the rows and keeps each class within one row of an even share per fold', () => {
    const labels = fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 200 });
    fc.assert(
      fc.property(labels, fc.integer({ min: 2, max: 10 }), fc.integer(), (y, k, seed) => {
        fc.pre(k <= y.length);
        const folds = stratifiedKFold(y, k, createRng(seed));
        expect(folds).toHaveLength(k);
        expectPartition(folds, y.length);
        const sizes = folds.map((f) => f.test.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        for (const c of new Set(y)) {
          const counts = folds.map((f) => Array.from(f.test).filter((i) => y[i] === c).length);
          expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('is reproducible for a seed and shuffles differently for another', () => {
    const y = Array.from({ length: 100 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const a = stratifiedKFold(y, 5, createRng('cv'));
    expect(stratifiedKFold(y, 5, createRng('cv'))).toEqual(a);
    expect(stratifiedKFold(y, 5, createRng('other'))).not.toEqual(a);
  });

  it('rejects impossible splits', () => {
    expect(errorReason(() => stratifiedKFold([0, 1], 3, createRng(1)))).toBe('invalid_option');
    expect(errorReason(() => stratifiedKFold([0, 1], 1, createRng(1)))).toBe('invalid_option');
    expect(errorReason(() => stratifiedKFold([], 2, createRng(1)))).toBe('empty_input');
  });
});

describe('groupKFold', () => {
  it.each([
    ['tied', tiedGroups()],
    ['distinct', distinctGroups()],
  ] as const)('matches scikit-learn: %s', (name, groups) => {
    const { k, foldOfGroup } = GROUP_K_FOLD[name];
    const folds = groupKFold(groups, k);
    expectPartition(folds, groups.length);
    folds.forEach(({ test }, f) => {
      for (const i of test) expect(foldOfGroup[groups[i]!]).toBe(f);
    });
  });

  it('accepts string groups and never depends on the row order', () => {
    const groups = tiedGroups();
    const names = groups.map((g) => `g${String(g).padStart(2, '0')}`);
    expect(groupKFold(names, 3)).toEqual(groupKFold(groups, 3));
    const reversed = groups.slice().reverse();
    const foldOf = (folds: Fold[], n: number) => {
      const out = new Int32Array(n);
      folds.forEach(({ test }, f) => test.forEach((i) => (out[i] = f)));
      return out;
    };
    expect(Array.from(foldOf(groupKFold(reversed, 3), 100)).reverse()).toEqual(
      Array.from(foldOf(groupKFold(groups, 3), 100)),
    );
  });

  it('needs at least k groups', () => {
    expect(errorReason(() => groupKFold([1, 1, 2], 3))).toBe('invalid_option');
  });
});

describe('timeSeriesSplit', () => {
  it.each(TIME_SERIES)('matches scikit-learn: n = $n, $options', ({ n, options, folds }) => {
    const range = (part: Int32Array) => [part[0], part[part.length - 1]! + 1];
    const actual = timeSeriesSplit(n, options);
    expect(actual.map(({ train, test }) => [range(train), range(test)])).toEqual(folds);
    for (const { train, test } of actual) {
      expect(test.length).toBe(test[test.length - 1]! - test[0]! + 1);
      expect(train.length).toBe(train[train.length - 1]! - train[0]! + 1);
    }
  });

  it('rejects too many splits for the rows', () => {
    expect(errorReason(() => timeSeriesSplit(5, { nSplits: 5 }))).toBe('invalid_option');
    expect(errorReason(() => timeSeriesSplit(10, { nSplits: 3, testSize: 3, gap: 1 }))).toBe(
      'invalid_option',
    );
  });
});

describe('foldsFromAssignment', () => {
  it("matches scikit-learn's PredefinedSplit, −1 rows training in every fold", () => {
    const folds = foldsFromAssignment(PREDEFINED.assignment);
    expect(folds.map((f) => Array.from(f.test))).toEqual(PREDEFINED.tests);
    for (const { train } of folds) for (const i of [0, 4, 8, 12]) expect(train).toContain(i);
  });

  it('partitions the rows when every row has a fold', () => {
    expectPartition(foldsFromAssignment([2, 0, 1, 1, 0, 2]), 6);
  });

  it('rejects a missing fold number or a bad value', () => {
    expect(errorReason(() => foldsFromAssignment([0, 2, 2]))).toBe('invalid_option');
    expect(errorReason(() => foldsFromAssignment([0, 1.5]))).toBe('invalid_option');
    expect(errorReason(() => foldsFromAssignment([-1, -1]))).toBe('invalid_option');
    expect(errorReason(() => foldsFromAssignment([]))).toBe('empty_input');
  });
});
