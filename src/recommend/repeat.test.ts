import { describe, expect, it } from 'vitest';
import { buildMatrix } from './matrix.js';
import { fitPersonalPopularity, popularityRankScores } from './repeat.js';
import { smallShop } from './test-kit.js';
import { topK } from './top-k.js';

function ranking(fitted: ReturnType<typeof fitPersonalPopularity>, user: number, items: number): number[] {
  const scores = new Float32Array(items);
  fitted.scoreUser(user, scores);
  return Array.from(topK(scores, items));
}

describe('popularityRankScores', () => {
  it('numbers items n − 1 … 0 by popularity, ties to the lower index', () => {
    expect(Array.from(popularityRankScores(Float64Array.of(3, 2, 2, 3, 1)))).toEqual([4, 2, 1, 3, 0]);
  });
});

describe('fitPersonalPopularity', () => {
  it("ranks the user's items by weight, ties by popularity then index, then fills with popularity", () => {
    // Popularity (distinct users) 3, 2, 2, 3, 1 → fill order 0, 3, 1, 2, 4.
    const fitted = fitPersonalPopularity({ matrix: smallShop() });
    // User 0 has item 0 ×2, items 1 and 3 ×1: 0 first; 3 before 1 (popularity 3 > 2); then 2, 4.
    expect(ranking(fitted, 0, 5)).toEqual([0, 3, 1, 2, 4]);
    // User 2 has item 3 ×2, items 1 and 2 ×1 (equal popularity 2: index decides); then 0, 4.
    expect(ranking(fitted, 2, 5)).toEqual([3, 1, 2, 0, 4]);
    // User 1 has item 2 ×3 and item 0 ×1.
    expect(ranking(fitted, 1, 5)).toEqual([2, 0, 3, 1, 4]);
  });

  it('writes score = level(weight)·n + popularity rank score', () => {
    // Distinct weights 1, 2, 3 → levels 1, 2, 3; n = 5. User 0: item 0 → 2·5 + 4, item 1 → 5 + 2, item 3 → 5 + 3.
    const scores = new Float32Array(5);
    fitPersonalPopularity({ matrix: smallShop() }).scoreUser(0, scores);
    expect(Array.from(scores)).toEqual([14, 7, 1, 8, 0]);
  });

  it('fills with the windowed popularity when asked', () => {
    // Times 1, 2, 9 ms; the window [10 − 8.64, 10) ms (1e-7 days) holds the interactions at 2 and 9 only, so the
    // fill popularity is 0, 1, 1 instead of the all-time 1, 1, 1: item 1 now beats item 0 in user 0's tie.
    const matrix = buildMatrix(2, 3, [0, 0, 1], [0, 1, 2]);
    const input = { matrix, lastAt: Float64Array.of(1, 2, 9), asOf: 10 };
    expect(ranking(fitPersonalPopularity(input), 0, 3)).toEqual([0, 1, 2]);
    const windowed = fitPersonalPopularity(input, { popularity: { windowDays: 1e-7 } });
    expect(ranking(windowed, 0, 3)).toEqual([1, 0, 2]);
    expect(ranking(windowed, 1, 3)).toEqual([2, 1, 0]);
  });

  it('keeps a fractional weight order exact', () => {
    const matrix = buildMatrix(1, 3, [0, 0, 0], [0, 1, 2], [0.5, 0.25, 0.75]);
    expect(ranking(fitPersonalPopularity({ matrix }), 0, 3)).toEqual([2, 0, 1]);
  });
});
