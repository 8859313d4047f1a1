import { describe, expect, it } from 'vitest';
import { fitPopularity, popularityScores } from './popularity.js';
import { smallShop } from './test-kit.js';
import { topK } from './top-k.js';

const DAY = 86_400_000;
const AS_OF = 100 * DAY;
// Latest interaction per small-shop entry, in days, in CSR order:
// user 0: items 0, 1, 3 | user 1: items 0, 2 | user 2: items 1, 2, 3 | user 3: items 0, 3, 4.
const LAST_AT = Float64Array.from([95, 60, 99, 80, 99.5, 71, 90, 100, 70, 69.9, 85], (d) => d * DAY);

describe('popularityScores', () => {
  it('counts distinct users per item, ignoring weights', () => {
    expect(Array.from(popularityScores({ matrix: smallShop() }))).toEqual([3, 2, 2, 3, 1]);
  });

  it('counts only interactions in [asOf − windowDays, asOf)', () => {
    // Window [70, 100): item 0 ← 95, 80, 70 | item 1 ← 71 (60 is out) | item 2 ← 99.5, 90 |
    // item 3 ← 99 (100 is asOf itself, 69.9 is before) | item 4 ← 85.
    const scores = popularityScores(
      { matrix: smallShop(), lastAt: LAST_AT, asOf: AS_OF },
      { windowDays: 30 },
    );
    expect(Array.from(scores)).toEqual([3, 1, 2, 1, 1]);
  });

  it('decays each interaction by its age with the half-life', () => {
    // 0.5^(age / 10 days); ages in days: item 0: 5, 20, 30 → 0.7071068 + 0.25 + 0.125 = 1.0821068;
    // item 1: 40, 29 → 0.0625 + 0.1339746; item 2: 0.5, 10 → 0.9659363 + 0.5; item 3: 1, 0, 30.1 → 0.9330330 +
    // 1 + 0.1241383; item 4: 15 → 0.3535534.
    const scores = popularityScores(
      { matrix: smallShop(), lastAt: LAST_AT, asOf: AS_OF },
      { halfLifeDays: 10 },
    );
    const expected = [1.0821068, 0.1964717, 1.4659363, 2.0571696, 0.3535534];
    expected.forEach((v, i) => expect(scores[i]).toBeCloseTo(v, 6));
  });

  it('needs lastAt and asOf for a window or half-life, and a positive window', () => {
    expect(() => popularityScores({ matrix: smallShop() }, { windowDays: 30 })).toThrow(/lastAt and asOf/);
    expect(() =>
      popularityScores({ matrix: smallShop(), lastAt: new Float64Array(2), asOf: 0 }, { windowDays: 1 }),
    ).toThrow(/2 times for 11 entries/);
    expect(() => popularityScores({ matrix: smallShop() }, { windowDays: 0 })).toThrow(/windowDays/);
  });
});

describe('fitPopularity', () => {
  it('gives every user the same ranking, ties by item index', () => {
    const fitted = fitPopularity({ matrix: smallShop() });
    const scores = new Float32Array(5);
    fitted.scoreUser(2, scores);
    expect(Array.from(topK(scores, 5))).toEqual([0, 3, 1, 2, 4]);
    fitted.scoreUser(0, scores);
    expect(Array.from(scores)).toEqual([3, 2, 2, 3, 1]);
    expect(() => fitted.scoreUser(4, scores)).toThrow(/user 4/);
    expect(() => fitted.scoreUser(0, new Float32Array(4))).toThrow(/5 slots/);
  });
});
