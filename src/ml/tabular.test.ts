import { describe, expect, it } from 'vitest';
import { matrixToRows } from './matrix.js';
import { encodeLinear, encodeTrees, fitTabular, linearColumnNames, type Tabular } from './tabular.js';

const table: Tabular = {
  rows: 5,
  columns: [
    { name: 'age', kind: 'numeric', values: Float64Array.from([20, 30, NaN, 50, 40]) },
    { name: 'job', kind: 'categorical', values: ['a', 'b', 'a', null, 'c'] },
  ],
};

describe('fitTabular', () => {
  it('learns from the training rows only', () => {
    const fit = fitTabular(table, [0, 1, 2]);
    expect(fit.columns[0]).toEqual({ name: 'age', kind: 'numeric', mean: 25, sd: 5, missing: true });
    // Most frequent first; "c" appears only outside the training rows.
    expect(fit.columns[1]).toEqual({ name: 'job', kind: 'categorical', categories: ['a', 'b'] });
  });

  it('keeps the most frequent categories, ties by name', () => {
    const data: Tabular = {
      rows: 5,
      columns: [{ name: 'x', kind: 'categorical', values: ['z', 'y', 'y', 'x', 'z'] }],
    };
    expect(fitTabular(data, undefined, { maxCategories: 2 }).columns[0]).toMatchObject({
      categories: ['y', 'z'],
    });
  });

  it('rejects a table without columns', () => {
    expect(() => fitTabular({ rows: 3, columns: [] })).toThrow(/no feature columns/);
  });
});

describe('encodeLinear', () => {
  it('standardises with the training stats, flags missing values and one-hot encodes categories', () => {
    const fit = fitTabular(table, [0, 1, 2]);
    expect(linearColumnNames(fit)).toEqual(['age', 'age=missing', 'job=a', 'job=b']);
    expect(matrixToRows(encodeLinear(fit, table))).toEqual([
      [-1, 0, 1, 0],
      [1, 0, 0, 1],
      [0, 1, 1, 0],
      [5, 0, 0, 0], // missing category: no indicator
      [3, 0, 0, 0], // unseen category "c": no indicator
    ]);
  });

  it('encodes a subset of rows in the given order', () => {
    const fit = fitTabular(table);
    const all = matrixToRows(encodeLinear(fit, table));
    expect(matrixToRows(encodeLinear(fit, table, [4, 0]))).toEqual([all[4], all[0]]);
  });

  it('refuses data whose columns differ from the fit', () => {
    const fit = fitTabular(table);
    const swapped: Tabular = { rows: 5, columns: [table.columns[1]!, table.columns[0]!] };
    expect(() => encodeLinear(fit, swapped)).toThrow(/expects numeric age/);
  });
});

describe('encodeTrees', () => {
  it('keeps numbers raw and codes categories by their training index (-1 = unseen or missing)', () => {
    const fit = fitTabular(table, [0, 1, 2]);
    const { x, categorical } = encodeTrees(fit, table);
    expect(categorical).toEqual([1]);
    expect(matrixToRows(x)).toEqual([
      [20, 0],
      [30, 1],
      [NaN, 0],
      [50, -1],
      [40, -1],
    ]);
  });
});
