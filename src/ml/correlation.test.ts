import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman } from './correlation.js';

// Expected values: scipy 1.17.1, scipy.stats.pearsonr / spearmanr / rankdata on the samples below.
const x = [0.3, 1.2, 1.2, 5, -2, 0.3, 7, 7, 7, 1];
const y = [2, 1, 3, 3, 0, 5, 9, 8, 9, 2];

describe('correlation', () => {
  it('matches scipy on a sample with ties', () => {
    expect(pearson(x, y)).toBeCloseTo(0.8688379794063155, 12);
    expect(spearman(x, y)).toBeCloseTo(0.7663886105924606, 12);
    expect([...averageRanks(x)]).toEqual([2.5, 5.5, 5.5, 7, 1, 2.5, 9, 9, 9, 4]);
    expect(pearson([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
  });

  it('is 1 for any increasing map (Spearman), and ±1 for a line (Pearson)', () => {
    const n = [1, 2, 3, 4, 5];
    expect(
      spearman(
        n,
        n.map((v) => Math.exp(v)),
      ),
    ).toBeCloseTo(1, 12);
    expect(
      spearman(
        n,
        n.map((v) => -(v ** 3)),
      ),
    ).toBeCloseTo(-1, 12);
    expect(
      pearson(
        n,
        n.map((v) => 3 - 2 * v),
      ),
    ).toBeCloseTo(-1, 12);
  });

  it('is NaN for a constant sample or fewer than two pairs, and refuses unequal lengths', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(spearman([2], [3])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
  });

  it('stays in [-1, 1], symmetric in its arguments', () => {
    const pair = fc
      .integer({ min: 2, max: 30 })
      .chain((n) =>
        fc.tuple(
          fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: n, maxLength: n }),
          fc.array(fc.integer({ min: -5, max: 5 }), { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        for (const r of [pearson(a, b), spearman(a, b)])
          if (!Number.isNaN(r)) expect(Math.abs(r)).toBeLessThanOrEqual(1);
        const s = spearman(a, b);
        if (!Number.isNaN(s)) expect(spearman(b, a)).toBeCloseTo(s, 12);
      }),
    );
  });
});
