import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMissing, readCell } from './cells.js';
import { applyImputer, imputedFlag } from './impute-apply.js';
import { fitImputer, type ImputeStrategy } from './impute-fit.js';
import { touchedBy } from './quality-report.js';

const train = [
  { x: 1, colour: 'red', n: 5 },
  { x: 2, colour: 'blue', n: null },
  { x: null, colour: 'red', n: 7 },
  { x: 4, colour: null, n: 7 },
  { x: NaN, colour: '  ', n: 1 },
  { x: 10, colour: 'blue', n: 2 },
];

describe('fitImputer / applyImputer: simple strategies', () => {
  it('learns mean, median, mode and constant fills from training data', () => {
    const { imputer, report } = fitImputer(train, {
      x: { method: 'mean' },
      n: { method: 'median' },
      colour: { method: 'mode' },
    });
    // x: mean of [1, 2, 4, 10] = 4.25; n: median of [5, 7, 7, 1, 2] = 5; colour: red and blue tie at 2, blue is smaller.
    expect(imputer.features).toEqual({
      x: { method: 'mean', fill: 4.25 },
      n: { method: 'median', fill: 5 },
      colour: { method: 'mode', fill: 'blue' },
    });
    expect(touchedBy(report, 'x:missing')).toBe(2);
    expect(touchedBy(report, 'colour:missing')).toBe(2);
  });

  it('fills missing values, flags them and leaves observed values alone', () => {
    const { imputer } = fitImputer(train, {
      x: { method: 'median' },
      colour: { method: 'constant', value: 'unknown' },
    });
    const { rows, report } = applyImputer(imputer, train);
    // median of [1, 2, 4, 10] = 3 (numpy.median).
    expect(rows.map((r) => r.x)).toEqual([1, 2, 3, 4, 3, 10]);
    expect(rows.map((r) => r[imputedFlag('x')])).toEqual([0, 0, 1, 0, 1, 0]);
    expect(rows.map((r) => r.colour)).toEqual(['red', 'blue', 'red', 'unknown', 'unknown', 'blue']);
    expect(touchedBy(report, 'x:imputed')).toBe(2);
    const shift = report.columns.find((c) => c.column === 'x');
    expect([shift?.before.missing, shift?.after.missing, shift?.after.mean]).toEqual([2, 0, 23 / 6]);
    expect(train[2]?.x).toBeNull();
  });

  it('falls back to a constant when training has nothing observed, and says so', () => {
    const { imputer, report } = fitImputer(
      [{ y: null }, { y: 'text' }],
      { y: { method: 'mean' } },
      { fallback: -1 },
    );
    expect(imputer.features.y).toEqual({ method: 'mean', fill: -1 });
    expect(touchedBy(report, 'y:no_observed_values')).toBe(1);
    expect(fitImputer([], { y: { method: 'mode' } }).imputer.features.y?.fill).toBe(0);
  });

  it('rejects malformed strategies as programming errors', () => {
    expect(() => fitImputer(train, { x: { method: 'constant', value: '' } })).toThrow(RangeError);
    expect(() => fitImputer(train, { x: { method: 'knn', using: ['x'] } })).toThrow(RangeError);
    expect(() => fitImputer(train, { x: { method: 'knn', using: ['n'], k: 0 } })).toThrow(RangeError);
    expect(() => fitImputer(train, { x: { method: 'mean' } }, { fallback: NaN })).toThrow(RangeError);
  });
});

describe('k-nearest-neighbour imputation', () => {
  const rows = [
    { age: 20, income: 1000, spend: 10 },
    { age: 30, income: 2000, spend: 20 },
    { age: 40, income: 3000, spend: 30 },
    { age: 50, income: null, spend: 40 },
    { age: null, income: 5000, spend: null },
  ];

  it('averages the k nearest rows by nan-euclidean distance (scikit-learn KNNImputer semantics)', () => {
    const { imputer } = fitImputer(rows, {
      spend: { method: 'knn', using: ['age', 'income'], k: 2, standardize: false },
    });
    const { rows: out } = applyImputer(imputer, [...rows, { age: 45, income: null, spend: null }]);
    // Row 4 shares only income: distances √2·4000, √2·3000, √2·2000 (row 3 has no income) → rows 2 and 1 → 25.
    expect(out[4]?.spend).toBe(25);
    // The new row shares only age: rows 2 and 3 are both 5 away → (30 + 40) / 2.
    expect(out[5]?.spend).toBe(35);
    expect(out[5]?.[imputedFlag('spend')]).toBe(1);
  });

  it('standardizes columns by default so one large-unit column does not decide alone', () => {
    const query = [{ age: 21, income: 3000, spend: null }];
    const fit = (standardize: boolean) =>
      fitImputer(rows, { spend: { method: 'knn', using: ['age', 'income'], k: 1, standardize } }).imputer;
    // Raw: income dominates, row 2 (income 3000) is nearest. Standardized (age σ ≈ 11.2, income σ ≈ 1479):
    // squared distances 1.84 (row 0), 1.10 (row 1), 2.89 (row 2), so row 1 wins.
    expect(applyImputer(fit(false), query).rows[0]?.spend).toBe(30);
    expect(applyImputer(fit(true), query).rows[0]?.spend).toBe(20);
  });

  it('takes the mode of categorical neighbours and falls back when no row is comparable', () => {
    const cats = [
      { a: 1, c: 'x' },
      { a: 2, c: 'y' },
      { a: 3, c: 'y' },
      { a: 100, c: 'x' },
    ];
    const { imputer } = fitImputer(cats, { c: { method: 'knn', using: ['a'], k: 3 } });
    const { rows: out } = applyImputer(imputer, [
      { a: 2.5, c: null },
      { a: 'n/a', c: '' },
    ]);
    expect(out[0]?.c).toBe('y');
    // No usable coordinate: the fallback is the training mode (x and y tie at 2; x is smaller).
    expect(out[1]?.c).toBe('x');
  });

  it('stores a plain JSON imputer that imputes identically after a round trip', () => {
    const { imputer } = fitImputer(rows, {
      spend: { method: 'knn', using: ['age', 'income'], k: 2 },
      age: { method: 'median' },
    });
    const restored = JSON.parse(JSON.stringify(imputer)) as typeof imputer;
    expect(restored).toEqual(imputer);
    expect(applyImputer(restored, rows).rows).toEqual(applyImputer(imputer, rows).rows);
  });
});

describe('imputation properties', () => {
  const cell = fc.oneof(
    fc.double(),
    fc.constantFrom(null, undefined, '', '  ', 'a', 'b'),
    fc.integer({ min: -5, max: 5 }),
  );
  const table = fc.array(fc.record({ p: cell, q: cell, r: cell }), { maxLength: 20 });

  it('never leaves a missing value in an imputed feature, and flags exactly the filled cells', () => {
    fc.assert(
      fc.property(
        table,
        table,
        fc.constantFrom('mean', 'median', 'mode', 'knn'),
        (fitRows, applyRows, method) => {
          const strategy: ImputeStrategy =
            method === 'knn' ? { method, using: ['q', 'r'], k: 3 } : { method };
          const { imputer } = fitImputer(fitRows, {
            p: strategy as never,
            q: { method: 'constant', value: 0 },
          });
          const { rows } = applyImputer(imputer, applyRows);
          rows.forEach((row, i) => {
            const before = readCell(applyRows[i] as object, 'p');
            expect(isMissing(row.p)).toBe(false);
            expect(isMissing(row.q)).toBe(false);
            expect(row.p_imputed).toBe(isMissing(before) ? 1 : 0);
            if (!isMissing(before)) expect(row.p).toBe(before);
          });
        },
      ),
    );
  });
});
