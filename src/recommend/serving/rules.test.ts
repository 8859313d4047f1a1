import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRules } from './rules.js';
import { defaultRecommendRules } from './rules-config.js';
import type {
  CatalogueItem,
  RecommendRequest,
  RecommendRules,
  RuleContext,
  ScoredCandidate,
} from './types.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 31);
const OLD = NOW - 365 * DAY;

function candidate(
  index: number,
  score: number,
  item: Partial<CatalogueItem> = {},
  id = `i${index}`,
): ScoredCandidate {
  return {
    index,
    score,
    item: { id, name: null, category: null, price: null, stock: null, createdAt: OLD, ...item },
    reason: { code: 'popular', text: 'Popular' },
  };
}

/** Candidates i0..i(n-1) scored by the given list. */
function scored(...scores: number[]): ScoredCandidate[] {
  return scores.map((s, i) => candidate(i, s));
}

function request(over: Partial<RecommendRequest> = {}): RecommendRequest {
  return {
    k: 10,
    categories: null,
    minPrice: null,
    maxPrice: null,
    excludePurchased: false,
    excludeOutOfStock: false,
    excludeItems: [],
    diversity: 0,
    slot: null,
    ...over,
  };
}

/** Rules with freshness off unless a test turns it on. */
function rulesWith(over: Partial<RecommendRules> = {}): RecommendRules {
  return { ...defaultRecommendRules, freshness: { days: 30, boost: 0 }, ...over };
}

function context(over: Partial<RuleContext> = {}): RuleContext {
  return { now: NOW, purchased: new Set(), favouriteCategory: null, similarity: () => 0, ...over };
}

const ids = (list: readonly ScoredCandidate[]): string[] => list.map((c) => c.item.id);

describe('applyRules', () => {
  describe('ranking', () => {
    it('returns the k best by score, ties by ascending model index, not input order', () => {
      const cands = [
        candidate(5, 0.5),
        candidate(2, 0.9),
        candidate(9, 0.5),
        candidate(1, 0.5),
        candidate(3, 0.1),
      ];
      expect(ids(applyRules(cands, request({ k: 3 }), rulesWith(), context()))).toEqual(['i2', 'i1', 'i5']);
      expect(ids(applyRules(cands, request({ k: 10 }), rulesWith(), context()))).toEqual([
        'i2',
        'i1',
        'i5',
        'i9',
        'i3',
      ]);
    });

    it('returns the unchanged candidates themselves when no rule touches them', () => {
      const cands = scored(0.3, 0.7);
      const out = applyRules(cands, request(), rulesWith(), context());
      expect(out[0]).toBe(cands[1]);
      expect(out[1]).toBe(cands[0]);
    });

    it('handles no candidates, k of 1 and a k larger than the list', () => {
      expect(applyRules([], request(), rulesWith(), context())).toEqual([]);
      expect(ids(applyRules(scored(0.1, 0.2), request({ k: 1 }), rulesWith(), context()))).toEqual(['i1']);
      expect(applyRules(scored(0.1, 0.2), request({ k: 100 }), rulesWith(), context())).toHaveLength(2);
    });

    it('drops non-finite scores', () => {
      const cands = scored(NaN, 0.2, Infinity, -Infinity, 0.1);
      expect(ids(applyRules(cands, request(), rulesWith(), context()))).toEqual(['i1', 'i4']);
    });

    it('keeps negative and above-one scores in order', () => {
      expect(ids(applyRules(scored(-2, 3, -0.5), request(), rulesWith(), context()))).toEqual([
        'i1',
        'i2',
        'i0',
      ]);
    });

    it('matches a full sort on random inputs, with many ties', () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 300 }),
          fc.integer({ min: 1, max: 100 }),
          (levels, k) => {
            // Indexes shuffled against positions so that ties are broken by index, not by position.
            const cands = levels.map((l, p) => candidate((p * 7919) % 10_007, l / 5));
            const expected = [...cands]
              .sort((a, b) => b.score - a.score || a.index - b.index)
              .slice(0, k)
              .map((c) => c.item.id);
            expect(ids(applyRules(cands, request({ k }), rulesWith(), context()))).toEqual(expected);
          },
        ),
      );
    });
  });

  describe('hard filters', () => {
    it('leaves out banned and excluded items', () => {
      const out = applyRules(
        scored(0.9, 0.8, 0.7, 0.6),
        request({ excludeItems: ['i2'] }),
        rulesWith({ banned: ['i0'] }),
        context(),
      );
      expect(ids(out)).toEqual(['i1', 'i3']);
    });

    it('leaves out purchased items only when asked', () => {
      const ctx = context({ purchased: new Set(['i0']) });
      expect(ids(applyRules(scored(0.9, 0.8), request(), rulesWith(), ctx))).toEqual(['i0', 'i1']);
      expect(
        ids(applyRules(scored(0.9, 0.8), request({ excludePurchased: true }), rulesWith(), ctx)),
      ).toEqual(['i1']);
    });

    it('leaves out items known to be out of stock only when asked; unknown stock stays', () => {
      const cands = [
        candidate(0, 0.9, { stock: 0 }),
        candidate(1, 0.8, { stock: -3 }),
        candidate(2, 0.7, { stock: null }),
        candidate(3, 0.6, { stock: 1 }),
        candidate(4, 0.5, { stock: 0.5 }),
      ];
      expect(applyRules(cands, request(), rulesWith(), context())).toHaveLength(5);
      expect(ids(applyRules(cands, request({ excludeOutOfStock: true }), rulesWith(), context()))).toEqual([
        'i2',
        'i3',
        'i4',
      ]);
    });

    it('keeps only the requested categories, exactly; an item without one is left out', () => {
      const cands = [
        candidate(0, 0.9, { category: 'shoes' }),
        candidate(1, 0.8, { category: 'Shoes' }),
        candidate(2, 0.7, { category: null }),
        candidate(3, 0.6, { category: 'bags' }),
        candidate(4, 0.5, { category: 'hats' }),
      ];
      const out = applyRules(cands, request({ categories: ['shoes', 'bags'] }), rulesWith(), context());
      expect(ids(out)).toEqual(['i0', 'i3']);
      expect(applyRules(cands, request({ categories: [] }), rulesWith(), context())).toEqual([]);
    });

    it('keeps prices within the inclusive band; no price or a NaN price fails any band', () => {
      const cands = [
        candidate(0, 0.9, { price: 10 }),
        candidate(1, 0.8, { price: 20 }),
        candidate(2, 0.7, { price: 9.99 }),
        candidate(3, 0.6, { price: 20.01 }),
        candidate(4, 0.5, { price: null }),
        candidate(5, 0.4, { price: NaN }),
        candidate(6, 0.3, { price: 0 }),
      ];
      const band = (minPrice: number | null, maxPrice: number | null): string[] =>
        ids(applyRules(cands, request({ minPrice, maxPrice }), rulesWith(), context()));
      expect(band(10, 20)).toEqual(['i0', 'i1']);
      expect(band(20, null)).toEqual(['i1', 'i3']);
      expect(band(null, 10)).toEqual(['i0', 'i2', 'i6']);
      expect(band(0, 0)).toEqual(['i6']);
      expect(band(null, null)).toHaveLength(7);
    });
  });

  describe('freshness', () => {
    const fresh = rulesWith({ freshness: { days: 10, boost: 0.5 } });

    it('adds boost·(1 − age/window) for items younger than the window', () => {
      const cands = [
        candidate(0, 0.1, { createdAt: NOW }), // + 0.5
        candidate(1, 0.1, { createdAt: NOW - 5 * DAY }), // + 0.25
        candidate(2, 0.1, { createdAt: NOW - 10 * DAY }), // at the window: nothing
        candidate(3, 0.1, { createdAt: NOW + DAY }), // in the future: nothing
        candidate(4, 0.1, { createdAt: NaN }),
        candidate(5, 0.1, { createdAt: NOW - 10 * DAY + 1 }), // just inside
      ];
      const out = applyRules(cands, request(), fresh, context());
      const byId = new Map(out.map((c) => [c.item.id, c.score]));
      expect(byId.get('i0')).toBeCloseTo(0.6, 12);
      expect(byId.get('i1')).toBeCloseTo(0.35, 12);
      expect(byId.get('i2')).toBe(0.1);
      expect(byId.get('i3')).toBe(0.1);
      expect(byId.get('i4')).toBe(0.1);
      // boost·(1 − (window − 1 ms)/window) = boost/window; relative check, as 0.1 + 5.8e-10 loses digits.
      expect((byId.get('i5')! - 0.1) / (0.5 / (10 * DAY))).toBeCloseTo(1, 6);
      expect(byId.get('i5')).toBeGreaterThan(0.1);
      expect(ids(out).slice(0, 3)).toEqual(['i0', 'i1', 'i5']);
    });

    it('can lift a new item above an older, better-scored one', () => {
      const cands = [candidate(0, 0.5), candidate(1, 0.3, { createdAt: NOW - DAY })];
      expect(ids(applyRules(cands, request(), fresh, context()))).toEqual(['i1', 'i0']);
      expect(ids(applyRules(cands, request(), rulesWith(), context()))).toEqual(['i0', 'i1']);
    });

    it('says "new in your favourite category" only when boosted and in the favourite category', () => {
      const cands = [
        candidate(0, 0.1, { createdAt: NOW, category: 'shoes' }),
        candidate(1, 0.1, { createdAt: NOW, category: 'bags' }),
        candidate(2, 0.2, { createdAt: OLD, category: 'shoes' }),
        candidate(3, 0.1, { createdAt: NOW, category: null }),
      ];
      const out = applyRules(cands, request(), fresh, context({ favouriteCategory: 'shoes' }));
      const reason = new Map(out.map((c) => [c.item.id, c.reason]));
      expect(reason.get('i0')).toEqual({
        code: 'new_in_your_favourite_category',
        text: 'New in your favourite category, shoes',
      });
      expect(reason.get('i1')).toEqual({ code: 'popular', text: 'Popular' });
      expect(reason.get('i2')).toEqual({ code: 'popular', text: 'Popular' });
      expect(reason.get('i3')).toEqual({ code: 'popular', text: 'Popular' });
    });

    it('does not match a null category to an unknown favourite', () => {
      const cands = [candidate(0, 0.1, { createdAt: NOW, category: null })];
      const out = applyRules(cands, request(), fresh, context({ favouriteCategory: null }));
      expect(out[0]!.reason.code).toBe('popular');
    });

    it('is off with boost 0: no score change and no reason change', () => {
      const cands = [candidate(0, 0.1, { createdAt: NOW, category: 'shoes' })];
      const out = applyRules(cands, request(), rulesWith(), context({ favouriteCategory: 'shoes' }));
      expect(out[0]).toBe(cands[0]);
    });

    it('never mutates the input candidates', () => {
      const cands = [candidate(0, 0.1, { createdAt: NOW, category: 'shoes' }), candidate(1, 0.3)];
      const before = structuredClone(cands);
      const out = applyRules(cands, request(), fresh, context({ favouriteCategory: 'shoes' }));
      expect(cands).toEqual(before);
      expect(out[0]).not.toBe(cands[0]);
      expect(out[0]!.item).toBe(cands[0]!.item);
    });

    it('does not boost a filtered-out item back in', () => {
      const cands = [candidate(0, 0.1, { createdAt: NOW })];
      expect(applyRules(cands, request({ excludeItems: ['i0'] }), fresh, context())).toEqual([]);
    });
  });

  describe('diversity', () => {
    // Items 0..2 are near duplicates (similarity 1), as are 3..5; across the groups similarity is 0.
    const group = (i: number): number => (i < 3 ? 0 : 1);
    const similarity = (a: number, b: number): number => (group(a) === group(b) ? 1 : 0);
    const cands = scored(0.9, 0.85, 0.8, 0.7, 0.65, 0.6);

    it('with d = 0 is plain top-k and never asks for a similarity', () => {
      let calls = 0;
      const ctx = context({
        similarity: () => {
          calls++;
          return 1;
        },
      });
      expect(ids(applyRules(cands, request({ k: 3 }), rulesWith(), ctx))).toEqual(['i0', 'i1', 'i2']);
      expect(calls).toBe(0);
    });

    it('brings in the other group when diversity outweighs the score gap', () => {
      const out = applyRules(cands, request({ k: 4, diversity: 0.5 }), rulesWith(), context({ similarity }));
      // i0; then i3: 0.5·0.7 − 0 = 0.35 beats i1: 0.5·0.85 − 0.5 = −0.075; then i1 (−0.075) over i4 (−0.175),
      // then i2: 0.5·0.8 − 0.5 = −0.1 over i4.
      expect(ids(out)).toEqual(['i0', 'i3', 'i1', 'i2']);
    });

    it('a small diversity leaves the order alone when the score gaps are large', () => {
      const spread = scored(0.9, 0.5, 0.1);
      const out = applyRules(spread, request({ k: 3, diversity: 0.1 }), rulesWith(), context({ similarity }));
      // i1: 0.9·0.5 − 0.1 = 0.35 > i2: 0.9·0.1 − 0.1 = −0.01
      expect(ids(out)).toEqual(['i0', 'i1', 'i2']);
    });

    it('with d = 1 picks the best first, then the least similar, ties by score', () => {
      const out = applyRules(cands, request({ k: 3, diversity: 1 }), rulesWith(), context({ similarity }));
      // i0 first (all equal, best first), then i3 (similarity 0), then everything is similarity 1: i1 by score.
      expect(ids(out)).toEqual(['i0', 'i3', 'i1']);
    });

    it('uses the max similarity to the picked items, with the model indexes', () => {
      const seen: [number, number][] = [];
      const cs = [candidate(40, 0.9), candidate(41, 0.8), candidate(42, 0.7)];
      applyRules(
        cs,
        request({ k: 2, diversity: 0.5 }),
        rulesWith(),
        context({
          similarity: (a, b) => {
            seen.push([a, b]);
            return 0;
          },
        }),
      );
      expect(seen).toEqual([
        [41, 40],
        [42, 40],
      ]);
    });

    it('survives a similarity that returns NaN', () => {
      const out = applyRules(
        cands,
        request({ k: 6, diversity: 0.5 }),
        rulesWith(),
        context({ similarity: () => NaN }),
      );
      expect(ids(out)).toEqual(['i0', 'i1', 'i2', 'i3', 'i4', 'i5']);
    });

    it('draws from a pool of the best max(5k, k+50) only', () => {
      // 100 candidates, best first by index; k = 2 → a pool of max(10, 52) = 52, i0..i51.
      const many = Array.from({ length: 100 }, (_, i) => candidate(i, 1 - i / 100));
      const sim = (a: number, b: number): number => (a < 51 && b < 51 ? 1 : 0);
      const out = applyRules(
        many,
        request({ k: 2, diversity: 1 }),
        rulesWith(),
        context({ similarity: sim }),
      );
      // i51 is the only item of the pool unlike i0.
      expect(ids(out)).toEqual(['i0', 'i51']);
      const out3 = applyRules(
        many,
        request({ k: 2, diversity: 1 }),
        rulesWith(),
        context({ similarity: (a, b) => (a < 52 && b < 52 ? 1 : 0) }),
      );
      // Now the first item unlike i0 is i52, outside the pool: the best similar one comes second.
      expect(ids(out3)).toEqual(['i0', 'i1']);
    });

    it('returns k distinct items, all of them eligible', () => {
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 80 }),
          fc.integer({ min: 1, max: 20 }),
          fc.double({ min: 0, max: 1, noNaN: true }),
          (scores, k, diversity) => {
            const cs = scores.map((s, i) => candidate(i, s, { stock: i % 4 === 0 ? 0 : 5 }));
            const out = applyRules(
              cs,
              request({ k, diversity, excludeOutOfStock: true }),
              rulesWith(),
              context({ similarity: (a, b) => ((a * 31 + b * 17) % 7) / 7 }),
            );
            const eligible = cs.filter((c) => c.item.stock !== 0).length;
            expect(out).toHaveLength(Math.min(k, eligible));
            expect(new Set(ids(out)).size).toBe(out.length);
            for (const c of out) expect(c.item.stock).not.toBe(0);
          },
        ),
      );
    });
  });

  describe('pinned', () => {
    const pin = (itemId: string, position = 1, slot: string | null = null) => ({ itemId, position, slot });
    const cands = scored(0.9, 0.8, 0.7, 0.6, 0.5, 0.1);

    it('places a pinned item at its position with the pinned reason, moving it from where it was', () => {
      const out = applyRules(cands, request({ k: 4 }), rulesWith({ pinned: [pin('i3', 2)] }), context());
      expect(ids(out)).toEqual(['i0', 'i3', 'i1', 'i2']);
      expect(out[1]!.reason).toEqual({ code: 'pinned', text: 'Featured by the shop' });
      expect(out[1]!.score).toBe(0.6);
      expect(cands[3]!.reason.code).toBe('popular');
    });

    it('fills the places around a pin with the next best items', () => {
      // i0 is the best item but pinned at 3: i1 and i2 move up.
      expect(
        ids(applyRules(cands, request({ k: 3 }), rulesWith({ pinned: [pin('i0', 3)] }), context())),
      ).toEqual(['i1', 'i2', 'i0']);
      const spread = rulesWith({ pinned: [pin('i0', 3), pin('i1', 5), pin('i2', 6)] });
      expect(ids(applyRules(cands, request({ k: 3 }), spread, context()))).toEqual(['i3', 'i4', 'i0']);
      expect(ids(applyRules(cands, request({ k: 6 }), spread, context()))).toEqual([
        'i3',
        'i4',
        'i0',
        'i5',
        'i1',
        'i2',
      ]);
    });

    it('drops a pinned item whose position is past k, even the best one', () => {
      expect(
        ids(applyRules(cands, request({ k: 3 }), rulesWith({ pinned: [pin('i0', 10)] }), context())),
      ).toEqual(['i1', 'i2', 'i3']);
    });

    it('brings in an item from outside the top-k, pushing the last one out', () => {
      const out = applyRules(cands, request({ k: 3 }), rulesWith({ pinned: [pin('i5', 1)] }), context());
      expect(ids(out)).toEqual(['i5', 'i0', 'i1']);
    });

    it('finds the pinned item among all candidates, not just the diversity pool', () => {
      const many = Array.from({ length: 200 }, (_, i) => candidate(i, 1 - i / 200));
      const out = applyRules(
        many,
        request({ k: 2, diversity: 0.3 }),
        rulesWith({ pinned: [pin('i199', 2)] }),
        context(),
      );
      expect(ids(out)).toEqual(['i0', 'i199']);
    });

    it('puts positions beyond the list at its end, and drops them when the list is full', () => {
      const short = scored(0.9, 0.8);
      expect(
        ids(applyRules(short, request({ k: 5 }), rulesWith({ pinned: [pin('i0', 9)] }), context())),
      ).toEqual(['i1', 'i0']);
      expect(
        ids(applyRules(cands, request({ k: 3 }), rulesWith({ pinned: [pin('i5', 4)] }), context())),
      ).toEqual(['i0', 'i1', 'i2']);
      expect(
        ids(applyRules(cands, request({ k: 3 }), rulesWith({ pinned: [pin('i5', 3)] }), context())),
      ).toEqual(['i0', 'i1', 'i5']);
    });

    it('lets the earlier entry win a contested position; the later goes right after', () => {
      const rules = rulesWith({ pinned: [pin('i4', 2), pin('i5', 2)] });
      expect(ids(applyRules(cands, request({ k: 5 }), rules, context()))).toEqual([
        'i0',
        'i4',
        'i5',
        'i1',
        'i2',
      ]);
      const swapped = rulesWith({ pinned: [pin('i5', 2), pin('i4', 2)] });
      expect(ids(applyRules(cands, request({ k: 5 }), swapped, context()))).toEqual([
        'i0',
        'i5',
        'i4',
        'i1',
        'i2',
      ]);
    });

    it('gives file order priority over the knock-on of a contested position', () => {
      // i3 is first in the file and claims 3; i4 and i5 both want 2: i5 moves on to 3, taken, so to 4.
      const rules = rulesWith({ pinned: [pin('i3', 3), pin('i4', 2), pin('i5', 2)] });
      expect(ids(applyRules(cands, request({ k: 5 }), rules, context()))).toEqual([
        'i0',
        'i4',
        'i3',
        'i5',
        'i1',
      ]);
    });

    it('orders pins beyond the list by position, then file order', () => {
      const short = scored(0.9);
      const rules = rulesWith({ pinned: [pin('x', 20), pin('y', 9), pin('z', 9)] });
      const cs = [
        ...short,
        candidate(1, 0.1, {}, 'x'),
        candidate(2, 0.1, {}, 'y'),
        candidate(3, 0.1, {}, 'z'),
      ];
      expect(ids(applyRules(cs, request({ k: 10 }), rules, context()))).toEqual(['i0', 'y', 'z', 'x']);
    });

    it('applies slot pins only on their slot and global pins everywhere', () => {
      const rules = rulesWith({ pinned: [pin('i5', 1, 'email'), pin('i4', 2)] });
      expect(ids(applyRules(cands, request({ k: 3 }), rules, context()))).toEqual(['i0', 'i4', 'i1']);
      expect(ids(applyRules(cands, request({ k: 3, slot: 'home' }), rules, context()))).toEqual([
        'i0',
        'i4',
        'i1',
      ]);
      expect(ids(applyRules(cands, request({ k: 3, slot: 'email' }), rules, context()))).toEqual([
        'i5',
        'i4',
        'i0',
      ]);
    });

    it('uses only the first entry for an item pinned twice', () => {
      const rules = rulesWith({ pinned: [pin('i5', 3), pin('i5', 1)] });
      const out = applyRules(cands, request({ k: 4 }), rules, context());
      expect(ids(out)).toEqual(['i0', 'i1', 'i5', 'i2']);
    });

    it('skips pins that are not among the candidates or that fail a hard filter', () => {
      const withStock = [
        candidate(0, 0.9, { price: 10 }),
        candidate(1, 0.8, { price: 10 }),
        candidate(2, 0.7, { price: 10 }),
        candidate(3, 0.1, { price: 10, stock: 0 }),
        candidate(4, 0.2, { price: 50 }),
      ];
      const rules = rulesWith({
        banned: ['i2'],
        pinned: [pin('ghost', 1), pin('i2', 1), pin('i3', 1), pin('i4', 1)],
      });
      const out = applyRules(
        withStock,
        request({ k: 3, excludeOutOfStock: true, maxPrice: 40 }),
        rules,
        context(),
      );
      // i4 fails the price band, i3 is out of stock, i2 is banned, ghost is not a candidate.
      expect(ids(out)).toEqual(['i0', 'i1']);
      const open = applyRules(withStock, request({ k: 3, excludeOutOfStock: true }), rules, context());
      expect(ids(open)).toEqual(['i4', 'i0', 'i1']);
      const excluded = applyRules(
        cands,
        request({ k: 3, excludeItems: ['i5'] }),
        rulesWith({ pinned: [pin('i5')] }),
        context(),
      );
      expect(ids(excluded)).toEqual(['i0', 'i1', 'i2']);
      const bought = applyRules(
        cands,
        request({ k: 3, excludePurchased: true }),
        rulesWith({ pinned: [pin('i5')] }),
        context({ purchased: new Set(['i5']) }),
      );
      expect(ids(bought)).toEqual(['i0', 'i1', 'i2']);
      const nan = applyRules(
        [...scored(0.9, 0.8), candidate(2, NaN)],
        request({ k: 3 }),
        rulesWith({ pinned: [pin('i2')] }),
        context(),
      );
      expect(ids(nan)).toEqual(['i0', 'i1']);
    });

    it('leaves the category filter in force for pins', () => {
      const cs = [candidate(0, 0.9, { category: 'shoes' }), candidate(1, 0.1, { category: 'bags' })];
      const out = applyRules(
        cs,
        request({ categories: ['shoes'] }),
        rulesWith({ pinned: [pin('i1')] }),
        context(),
      );
      expect(ids(out)).toEqual(['i0']);
    });

    it('keeps the freshness boost in a pinned item’s score but says it is pinned', () => {
      const cs = [candidate(0, 0.9), candidate(1, 0.1, { createdAt: NOW, category: 'shoes' })];
      const out = applyRules(
        cs,
        request(),
        rulesWith({ pinned: [pin('i1')], freshness: { days: 10, boost: 0.5 } }),
        context({ favouriteCategory: 'shoes' }),
      );
      expect(ids(out)).toEqual(['i1', 'i0']);
      expect(out[0]!.score).toBeCloseTo(0.6, 12);
      expect(out[0]!.reason.code).toBe('pinned');
    });

    it('never returns more than k, even with more pins than k', () => {
      const rules = rulesWith({ pinned: [pin('i5', 1), pin('i4', 1), pin('i3', 1)] });
      expect(ids(applyRules(cands, request({ k: 2 }), rules, context()))).toEqual(['i5', 'i4']);
    });

    /** A reference built differently: splice each pin into the ranked list at its claimed position, in order. */
    function reference(pinned: RecommendRules['pinned'], k: number, slot: string | null): string[] {
      const claims: [number, string][] = [];
      const taken = new Set<number>();
      const seen = new Set<string>();
      for (const p of pinned) {
        if ((p.slot !== null && p.slot !== slot) || seen.has(p.itemId)) continue;
        seen.add(p.itemId);
        if (!cands.some((c) => c.item.id === p.itemId)) continue;
        let at = p.position;
        while (taken.has(at)) at++;
        taken.add(at);
        claims.push([at, p.itemId]);
      }
      const list = [...cands]
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .map((c) => c.item.id)
        .filter((id) => !seen.has(id));
      for (const [at, id] of claims.sort((x, y) => x[0] - y[0]))
        list.splice(Math.min(at - 1, list.length), 0, id);
      return list.slice(0, k);
    }

    it('agrees with a splicing reference on random pins, slots and k', () => {
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              itemId: fc.constantFrom('i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'nope'),
              position: fc.integer({ min: 1, max: 12 }),
              slot: fc.constantFrom(null, 'email', 'home'),
            }),
            { maxLength: 10 },
          ),
          fc.integer({ min: 1, max: 8 }),
          fc.constantFrom(null, 'email'),
          (pinned, k, slot) => {
            const out = applyRules(cands, request({ k, slot }), rulesWith({ pinned }), context());
            expect(ids(out)).toEqual(reference(pinned, k, slot));
            expect(out).toHaveLength(Math.min(k, cands.length));
            expect(new Set(ids(out)).size).toBe(out.length);
            const pinnedIds = new Set<string>(
              pinned.filter((p) => p.slot === null || p.slot === slot).map((p) => p.itemId),
            );
            for (const c of out) expect(c.reason.code === 'pinned').toBe(pinnedIds.has(c.item.id));
          },
        ),
      );
    });
  });

  it('does not mutate its inputs', () => {
    const cands = [
      candidate(0, 0.1, { createdAt: NOW, category: 'shoes' }),
      candidate(1, 0.5, { createdAt: NOW - DAY }),
      candidate(2, 0.4),
    ];
    const req = request({ k: 2, diversity: 0.5, excludeItems: ['zz'] });
    const rules = rulesWith({
      pinned: [{ itemId: 'i2', position: 1, slot: null }],
      banned: ['b'],
      freshness: { days: 5, boost: 0.4 },
    });
    const snapshot = structuredClone({ cands, req, rules });
    applyRules(cands, req, rules, context({ favouriteCategory: 'shoes', similarity: () => 0.5 }));
    expect({ cands, req, rules }).toEqual(snapshot);
  });

  it('ranks scores given by position exactly as the same scores written into the candidates', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            score: fc.oneof(fc.double({ min: -2, max: 2 }), fc.constant(Number.NaN)),
            age: fc.integer({ min: -2, max: 40 }),
            stock: fc.option(fc.integer({ min: -1, max: 2 })),
            category: fc.constantFrom('a', 'b', null),
            id: fc.integer({ min: 0, max: 40 }),
          }),
          { maxLength: 50 },
        ),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(0, 0.3, 1),
        fc.boolean(),
        fc.boolean(),
        (specs, k, diversity, excludeOutOfStock, excludePurchased) => {
          // Ids may repeat (several positions hold one item), as pins and filters must handle.
          const written = specs.map((x, i) =>
            candidate(
              i,
              x.score,
              { createdAt: NOW - x.age * DAY, stock: x.stock, category: x.category },
              `i${x.id}`,
            ),
          );
          const blank = written.map((c) => ({ ...c, score: 0 }));
          const req = request({ k, diversity, excludeOutOfStock, excludePurchased, excludeItems: ['i3'] });
          const rules = rulesWith({
            freshness: { days: 30, boost: 0.2 },
            pinned: [
              { itemId: 'i5', position: 2, slot: null },
              { itemId: 'i9', position: 1, slot: null },
            ],
            banned: ['i7'],
          });
          const ctx = context({
            purchased: new Set(['i1', 'i2']),
            favouriteCategory: 'a',
            similarity: (a, b) => ((a + b) % 3) / 3,
          });
          const expected = applyRules(written, req, rules, ctx);
          const actual = applyRules(
            blank,
            req,
            rules,
            ctx,
            written.map((c) => c.score),
          );
          expect(actual).toEqual(expected);
          for (const c of actual) expect(blank.includes(c)).toBe(false);
          // The same array ranked again (its columns are kept) gives the same list.
          expect(
            applyRules(
              blank,
              req,
              rules,
              ctx,
              Float64Array.from(written, (c) => c.score),
            ),
          ).toEqual(actual);
        },
      ),
    );
  });

  it('ranks an array again after it grew', () => {
    const cands = scored(0.2, 0.1);
    expect(ids(applyRules(cands, request(), rulesWith({ banned: ['i2'] }), context()))).toEqual(['i0', 'i1']);
    cands.push(candidate(2, 0.9), candidate(3, 0.8));
    expect(ids(applyRules(cands, request(), rulesWith({ banned: ['i2'] }), context()))).toEqual([
      'i3',
      'i0',
      'i1',
    ]);
  });

  it('returns nothing for a k below 1 or NaN (a direct caller skipping the parser)', () => {
    for (const k of [0, -1, NaN, 0.5])
      expect(applyRules(scored(0.5), request({ k }), rulesWith(), context())).toEqual([]);
  });

  it('ranks 20,000 candidates, plain and diverse', () => {
    const n = 20_000;
    const cands = Array.from({ length: n }, (_, i) => candidate(i, ((i * 7919) % n) / n));
    const out = applyRules(cands, request({ k: 100 }), rulesWith(), context());
    expect(out).toHaveLength(100);
    // 7919 is prime to 20,000, so the scores are 0/n … (n−1)/n each once: the top 100 are the last 100 steps.
    out.forEach((c, j) => expect(c.score).toBe((n - 1 - j) / n));
    const diverse = applyRules(cands, request({ k: 100, diversity: 0.2 }), rulesWith(), context());
    expect(new Set(ids(diverse)).size).toBe(100);
  });
});
