import { describe, expect, it } from 'vitest';
import { createRankingAccumulator, rankingAtK } from './ranking-at-k.js';

// Hand computation for the list [4, 2, 9, 1, 7] against the target {2, 7, 8}: hits at ranks 2 and 5.
// DCG = 1/log2(3) + 1/log2(6) = 0.6309298 + 0.3868528 = 1.0177826.
// Ideal DCG over min(K, 3) = 3 hits: 1 + 0.6309298 + 0.5 = 2.1309298.
const LIST = [4, 2, 9, 1, 7];
const TARGET = new Set([2, 7, 8]);

describe('rankingAtK', () => {
  it('computes every metric at K = 5 by the protocol definitions', () => {
    const m = rankingAtK(LIST, TARGET, 5);
    expect(m.recall).toBeCloseTo(2 / 3, 12);
    expect(m.precision).toBeCloseTo(2 / 5, 12);
    expect(m.hr).toBe(1);
    expect(m.mrr).toBeCloseTo(1 / 2, 12);
    expect(m.ndcg).toBeCloseTo(1.0177826 / 2.1309298, 6); // 0.4776237
  });

  it('counts only the first K recommendations', () => {
    const m = rankingAtK(LIST, TARGET, 3);
    // One hit (rank 2): recall 1/3, precision 1/3, DCG 0.6309298 over the same ideal 2.1309298.
    expect(m.recall).toBeCloseTo(1 / 3, 12);
    expect(m.precision).toBeCloseTo(1 / 3, 12);
    expect(m.ndcg).toBeCloseTo(0.2960819, 6);
    expect(m.mrr).toBeCloseTo(0.5, 12);
  });

  it('takes the ideal DCG over K hits when the target is larger than K', () => {
    // K = 2, |target| = 3: one hit at rank 2; ideal DCG over min(2, 3) = 2 hits = 1.6309298.
    const m = rankingAtK(LIST, TARGET, 2);
    expect(m.ndcg).toBeCloseTo(0.6309298 / 1.6309298, 6);
    expect(m.recall).toBeCloseTo(1 / 3, 12);
    expect(m.precision).toBeCloseTo(1 / 2, 12);
  });

  it('keeps target items outside the catalogue in the denominators', () => {
    // |target| = 4 (one item cannot be recommended): recall 2/4; ideal DCG over 4 hits adds 1/log2(5) = 0.4306766.
    const m = rankingAtK(LIST, Int32Array.of(8, 7, 2), 5, 4);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.ndcg).toBeCloseTo(1.0177826 / 2.5616063, 6);
    expect(m.precision).toBeCloseTo(0.4, 12);
  });

  it('gives zeros without a hit, divides precision by K for short lists, counts a repeated item once', () => {
    expect(rankingAtK([1, 3], new Set([5]), 10)).toEqual({ recall: 0, ndcg: 0, hr: 0, precision: 0, mrr: 0 });
    expect(rankingAtK([5], new Set([5]), 10)).toEqual({ recall: 1, ndcg: 1, hr: 1, precision: 0.1, mrr: 1 });
    expect(rankingAtK([5, 5], new Set([5, 6]), 2).recall).toBe(0.5);
  });

  it('rejects an empty target and a target size below the items given', () => {
    expect(() => rankingAtK([1], new Set(), 5)).toThrow(/target size/);
    expect(() => rankingAtK([1], new Set([1, 2]), 5, 1)).toThrow(/target size/);
    expect(() => rankingAtK([1], new Set([1]), 0)).toThrow(/k must be/);
  });
});

describe('createRankingAccumulator', () => {
  it('averages over users and measures catalogue coverage', () => {
    const acc = createRankingAccumulator(3, 20);
    acc.add(LIST, TARGET); // K = 3: recall 1/3, ndcg 0.2960819, hr 1, precision 1/3, mrr 1/2
    acc.add([9, 4, 11], new Set([11]), 2); // hit at rank 3: recall 1/2, DCG 0.5 over ideal 1.6309298, mrr 1/3
    const r = acc.result();
    expect(r.users).toBe(2);
    expect(r.recall).toBeCloseTo((1 / 3 + 1 / 2) / 2, 12);
    expect(r.ndcg).toBeCloseTo((0.2960819 + 0.5 / 1.6309298) / 2, 6);
    expect(r.hr).toBe(1);
    expect(r.precision).toBeCloseTo(1 / 3, 12);
    expect(r.mrr).toBeCloseTo((1 / 2 + 1 / 3) / 2, 12);
    // Distinct items in the top 3s: {4, 2, 9} ∪ {9, 4, 11} = 4 of 20.
    expect(r.coverage).toBeCloseTo(4 / 20, 12);
  });

  it('reports zeros before any user and rejects items outside the catalogue', () => {
    const acc = createRankingAccumulator(10, 5);
    expect(acc.result()).toEqual({ users: 0, recall: 0, ndcg: 0, hr: 0, precision: 0, mrr: 0, coverage: 0 });
    expect(() => acc.add([7], new Set([7]))).toThrow(/outside the catalogue/);
  });
});
