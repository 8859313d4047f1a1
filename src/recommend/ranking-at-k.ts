import { checkCount, recommendInputError } from './validate.js';

/**
 * Top-K metrics exactly as PROTOCOLS.md "Metrics at K" defines them. One user's ranked list is scored against the
 * items of their test period (the target); only the first K recommendations count.
 */

export interface RankingMetrics {
  /** hits / |target|. */
  readonly recall: number;
  /** DCG with binary gains over the ideal DCG of min(K, |target|) hits. */
  readonly ndcg: number;
  /** 1 with at least one hit, else 0 (averaged: the hit rate). */
  readonly hr: number;
  /** hits / K (a list shorter than K still divides by K). */
  readonly precision: number;
  /** 1 / rank of the first hit, 0 with none. */
  readonly mrr: number;
}

/** A user's target items (indexes): a set, or a list of distinct indexes. */
export type RankingTarget = ReadonlySet<number> | Int32Array;

/**
 * The metrics of one ranked list (best first, distinct items) against one user's target. `targetSize` is |target|
 * when it also holds items outside the catalogue, which stay in recall's denominator and can never be hit (P5);
 * default the number of target items given, and never smaller.
 */
export function rankingAtK(
  recommended: ArrayLike<number>,
  target: RankingTarget,
  k: number,
  targetSize?: number,
): RankingMetrics {
  checkCount('k', k, 1);
  const given = target instanceof Int32Array ? target.length : target.size;
  const size = targetSize ?? given;
  if (!Number.isInteger(size) || size < Math.max(1, given)) {
    throw recommendInputError('out_of_range', `the target size must be an integer ≥ ${Math.max(1, given)}`, {
      size,
    });
  }
  const has =
    target instanceof Int32Array
      ? (item: number) => target.includes(item)
      : (item: number) => target.has(item);
  const shown = Math.min(k, recommended.length);
  let hits = 0;
  let dcg = 0;
  let firstHit = 0;
  for (let r = 0; r < shown; r++) {
    if (!has(recommended[r]!) || repeats(recommended, r)) continue;
    hits++;
    dcg += 1 / Math.log2(r + 2);
    if (firstHit === 0) firstHit = r + 1;
  }
  let idcg = 0;
  for (let r = 0; r < Math.min(k, size); r++) idcg += 1 / Math.log2(r + 2);
  return {
    recall: hits / size,
    ndcg: dcg / idcg,
    hr: hits > 0 ? 1 : 0,
    precision: hits / k,
    mrr: firstHit === 0 ? 0 : 1 / firstHit,
  };
}

/** True when the item at rank r already appeared higher (a repeated item counts once). */
function repeats(list: ArrayLike<number>, r: number): boolean {
  for (let q = 0; q < r; q++) if (list[q] === list[r]) return true;
  return false;
}

export interface RankingSummary extends RankingMetrics {
  /** Users evaluated. */
  readonly users: number;
  /** Distinct items in anyone's top K / catalogue size. */
  readonly coverage: number;
}

export interface RankingAccumulator {
  /** Scores one user's list (as `rankingAtK`), adds it to the means, and returns that user's metrics. */
  add(recommended: ArrayLike<number>, target: RankingTarget, targetSize?: number): RankingMetrics;
  /** Means over the users added so far (all 0 before the first), and the coverage. */
  result(): RankingSummary;
}

/** Averages `rankingAtK` over users and tracks catalogue coverage (`recommended` must hold item indexes). */
export function createRankingAccumulator(k: number, catalogueSize: number): RankingAccumulator {
  checkCount('k', k, 1);
  checkCount('catalogueSize', catalogueSize, 1);
  const seen = new Uint8Array(catalogueSize);
  let distinct = 0;
  let users = 0;
  const sum = { recall: 0, ndcg: 0, hr: 0, precision: 0, mrr: 0 };
  return {
    add(recommended, target, targetSize) {
      const m = rankingAtK(recommended, target, k, targetSize);
      const shown = Math.min(k, recommended.length);
      for (let r = 0; r < shown; r++) {
        const item = recommended[r]!;
        if (!Number.isInteger(item) || item < 0 || item >= catalogueSize) {
          throw recommendInputError('out_of_range', `recommended item ${item} is outside the catalogue`, {
            item,
          });
        }
        if (seen[item] === 0) {
          seen[item] = 1;
          distinct++;
        }
      }
      users++;
      sum.recall += m.recall;
      sum.ndcg += m.ndcg;
      sum.hr += m.hr;
      sum.precision += m.precision;
      sum.mrr += m.mrr;
      return m;
    },
    result() {
      const d = Math.max(users, 1);
      return {
        users,
        recall: sum.recall / d,
        ndcg: sum.ndcg / d,
        hr: sum.hr / d,
        precision: sum.precision / d,
        mrr: sum.mrr / d,
        coverage: distinct / catalogueSize,
      };
    },
  };
}
