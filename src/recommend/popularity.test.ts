import { describe, expect, it } from 'vitest';
import { fitPopularity, groupPopularity, popularityScores } from './popularity.js';
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

describe('groupPopularity', () => {
  it('smooths a group’s own counts toward everyone’s share by the shrinkage', () => {
    // Everyone: n = [3, 2, 2, 3, 1] over U = 4 users. Group {1, 3}: own counts [2, 0, 1, 1, 1], U_g = 2.
    const {
      groups: [g],
    } = groupPopularity({ matrix: smallShop() }, [[1, 3]], { shrinkage: 4 });
    const expected = [3, 2, 2, 3, 1].map((n, i) => ([2, 0, 1, 1, 1][i]! + (4 * n) / 4) / (2 + 4));
    expect(g!.buyers).toBe(2);
    expected.forEach((v, i) => expect(g!.scores[i]).toBeCloseTo(v, 12));
  });

  it('is the group’s own share without shrinkage, everyone’s share for an empty group', () => {
    const {
      groups: [own, empty],
    } = groupPopularity({ matrix: smallShop() }, [[0, 0, 2], []], { shrinkage: 0 });
    // Users 0 and 2 (0 listed twice counts once): items 0, 1, 3 and 1, 2, 3.
    expect(Array.from(own!.scores)).toEqual([0.5, 1, 0.5, 1, 0]);
    expect(own!.buyers).toBe(2);
    expect(Array.from(empty!.scores)).toEqual([0, 0, 0, 0, 0]);
    const {
      groups: [fallback],
    } = groupPopularity({ matrix: smallShop() }, [[]], { shrinkage: 10 });
    expect(Array.from(fallback!.scores)).toEqual([3, 2, 2, 3, 1].map((n) => n / 4));
  });

  it('counts as popularityScores does: only the window, and only buyers within it', () => {
    // Window [70, 100): user 1's entries are at 99.5 and 90 days (counted); user 3's at 70, 69.9, 85: items 0, 4.
    const input = { matrix: smallShop(), lastAt: LAST_AT, asOf: AS_OF };
    const {
      groups: [g],
    } = groupPopularity(input, [[3]], { windowDays: 30, shrinkage: 0 });
    expect(Array.from(g!.scores)).toEqual([1, 0, 0, 0, 1]);
  });

  it('refuses a negative shrinkage and users outside the matrix', () => {
    expect(() => groupPopularity({ matrix: smallShop() }, [[0]], { shrinkage: -1 })).toThrow(/shrinkage/);
    expect(() => groupPopularity({ matrix: smallShop() }, [[9]])).toThrow();
  });
});
