import { describe, expect, it } from 'vitest';
import {
  buildMatrix,
  buildMatrixWithEntries,
  columnCounts,
  maxPerEntry,
  rowOf,
  transpose,
} from './matrix.js';
import { smallShop } from './test-kit.js';

describe('buildMatrix', () => {
  it('sums duplicate pairs and sorts each row by item', () => {
    // Triples (user, item, weight): (1,2,1) (0,3,1) (1,0,2) (0,1,1) (1,2,4) (0,3,1) → row 0: items 1 (1), 3 (1+1);
    // row 1: items 0 (2), 2 (1+4); row 2 empty.
    const m = buildMatrix(3, 4, [1, 0, 1, 0, 1, 0], [2, 3, 0, 1, 2, 3], [1, 1, 2, 1, 4, 1]);
    expect(Array.from(m.indptr)).toEqual([0, 2, 4, 4]);
    expect(Array.from(m.indices)).toEqual([1, 3, 0, 2]);
    expect(Array.from(m.weights)).toEqual([1, 2, 2, 5]);
    expect([m.users, m.items]).toEqual([3, 4]);
  });

  it('counts each triple as 1 without weights', () => {
    const m = buildMatrix(1, 2, [0, 0, 0], [1, 1, 0]);
    expect(Array.from(m.weights)).toEqual([1, 2]);
  });

  it('maps each triple to its entry, so other values can be aggregated the same way', () => {
    const { matrix, entryOf } = buildMatrixWithEntries(2, 3, [1, 0, 1, 1], [2, 1, 0, 2]);
    // Entries: (0,1)=0, (1,0)=1, (1,2)=2.
    expect(Array.from(entryOf)).toEqual([2, 0, 1, 2]);
    const last = maxPerEntry(entryOf, [10, 7, 3, 12], matrix.indices.length);
    expect(Array.from(last)).toEqual([7, 3, 12]);
  });

  it('rejects out-of-range indexes, mismatched lengths and non-finite weights', () => {
    expect(() => buildMatrix(2, 2, [0, 2], [0, 1])).toThrow(/rows\[1\] = 2/);
    expect(() => buildMatrix(2, 2, [0, 1], [0, -1])).toThrow(/cols\[1\] = -1/);
    expect(() => buildMatrix(2, 2, [0, 1], [0, 0.5])).toThrow(/outside/);
    expect(() => buildMatrix(2, 2, [0, 1], [0])).toThrow(/equally long/);
    expect(() => buildMatrix(2, 2, [0], [0], [NaN])).toThrow(/not finite/);
  });
});

describe('transpose', () => {
  it('turns users × items into items × users with the same weights', () => {
    const t = transpose(smallShop());
    // Column 0 of the small shop: users 0 (2), 1 (1), 3 (1); column 3: users 0 (1), 2 (2), 3 (1).
    expect([t.users, t.items]).toEqual([5, 4]);
    expect(Array.from(rowOf(t, 0).indices)).toEqual([0, 1, 3]);
    expect(Array.from(rowOf(t, 0).weights)).toEqual([2, 1, 1]);
    expect(Array.from(rowOf(t, 3).indices)).toEqual([0, 2, 3]);
    expect(Array.from(rowOf(t, 3).weights)).toEqual([1, 2, 1]);
    expect(Array.from(rowOf(t, 4).indices)).toEqual([3]);
  });

  it('is its own inverse', () => {
    const m = smallShop();
    const back = transpose(transpose(m));
    expect(Array.from(back.indptr)).toEqual(Array.from(m.indptr));
    expect(Array.from(back.indices)).toEqual(Array.from(m.indices));
    expect(Array.from(back.weights)).toEqual(Array.from(m.weights));
  });
});

describe('rowOf and columnCounts', () => {
  it('reads a row and counts users per item', () => {
    const m = smallShop();
    expect(Array.from(rowOf(m, 2).indices)).toEqual([1, 2, 3]);
    expect(Array.from(rowOf(m, 2).weights)).toEqual([1, 1, 2]);
    expect(Array.from(columnCounts(m))).toEqual([3, 2, 2, 3, 1]);
    expect(() => rowOf(m, 4)).toThrow(/outside/);
  });
});
