import { tfidfVectors } from '../content.js';

/**
 * Cold items: catalogue items the served model has no purchase signal for (products added after it was trained, and
 * products never bought together with anything), placed beside the items it knows by their text. TF-IDF vectors are
 * fitted over the current catalogue's text (name, description, category and text attributes; no purchases, so
 * nothing leaks from the future); each cold item keeps its nearest known items by cosine. A cold item then scores
 * `COLD_SHARE` of the cosine-weighted mean of its neighbours' scores for the customer: it reaches the lists where the
 * items it resembles are, a little below them.
 */

export interface ColdItems {
  /** Catalogue index → row in the neighbour lists, -1 for a warm item. */
  rowOf: Int32Array;
  /** Cold item `rowOf[i]`'s neighbours are at indptr[row] .. indptr[row + 1] - 1, best first. */
  indptr: Int32Array;
  /** Catalogue indexes of warm items. */
  neighbours: Int32Array;
  /** Their cosines, in (0, 1]. */
  weights: Float32Array;
  /** How many cold items there are. */
  count: number;
}

const NO_LENDERS = new Int32Array(0);

/** The share of its neighbours' weighted mean score a cold item gets. */
export const COLD_SHARE = 0.8;
/** Known items kept per cold item, and the least cosine that counts as resembling. */
const NEIGHBOURS = 20;
const MIN_COSINE = 0.1;
const MAX_DF_SHARE = 0.05;
const COMMON_DF = 20;

/** The text a product is matched on: its name, description, category and text attributes. */
export function productText(p: {
  name: string | null;
  description: string | null;
  category: string | null;
  attributes?: Record<string, unknown>;
}): string {
  const parts = [p.name, p.description, p.category];
  for (const v of Object.values(p.attributes ?? {})) if (typeof v === 'string') parts.push(v);
  return parts.filter((x): x is string => typeof x === 'string' && x !== '').join(' \n ');
}

/**
 * Finds the cold items of a catalogue (`warm(i)` false) and each one's nearest warm items by text.
 *
 * @example
 * const cold = findColdItems(products.map(productText), (i) => i < modelItems && hasCoPurchases(i));
 */
export function findColdItems(texts: readonly string[], warm: (index: number) => boolean): ColdItems {
  const n = texts.length;
  const rowOf = new Int32Array(n).fill(-1);
  let count = 0;
  for (let i = 0; i < n; i++) if (!warm(i)) rowOf[i] = count++;
  const indptr = new Int32Array(count + 1);
  if (count === 0)
    return { rowOf, indptr, neighbours: new Int32Array(0), weights: new Float32Array(0), count };
  // Words in more than MAX_DF_SHARE of the items (at least COMMON_DF of them) are left out: they match nearly
  // everything, and walking their postings would make this quadratic in the catalogue.
  const maxDf = Math.max(COMMON_DF, Math.floor(n * MAX_DF_SHARE));
  const { itemVectors: rows, termPostings: postings } = tfidfVectors(texts, { maxDf });
  const sims = new Float32Array(n);
  const touched: number[] = [];
  const neighbours: number[] = [];
  const weights: number[] = [];
  const top: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = rowOf[i] as number;
    if (row < 0) continue;
    for (let e = rows.indptr[i] as number; e < (rows.indptr[i + 1] as number); e++) {
      const t = rows.indices[e] as number;
      const v = rows.values[e] as number;
      for (let q = postings.indptr[t] as number; q < (postings.indptr[t + 1] as number); q++) {
        const other = postings.indices[q] as number;
        if ((rowOf[other] as number) >= 0) continue;
        if (sims[other] === 0) touched.push(other);
        sims[other] = (sims[other] as number) + v * (postings.values[q] as number);
      }
    }
    // The best NEIGHBOURS by insertion (ties: lower index first); then the scratch is cleared.
    top.length = 0;
    const better = (a: number, b: number) =>
      (sims[a] as number) > (sims[b] as number) || (sims[a] === sims[b] && a < b);
    for (const c of touched) {
      if (!((sims[c] as number) >= MIN_COSINE)) continue;
      if (top.length === NEIGHBOURS && !better(c, top[NEIGHBOURS - 1] as number)) continue;
      let at = top.length === NEIGHBOURS ? NEIGHBOURS - 1 : top.length;
      while (at > 0 && better(c, top[at - 1] as number)) {
        top[at] = top[at - 1] as number;
        at--;
      }
      top[at] = c;
    }
    for (const c of top) {
      neighbours.push(c);
      weights.push(Math.min(1, sims[c] as number));
    }
    for (const c of touched) sims[c] = 0;
    touched.length = 0;
    indptr[row + 1] = neighbours.length;
  }
  return {
    rowOf,
    indptr,
    neighbours: Int32Array.from(neighbours),
    weights: Float32Array.from(weights),
    count,
  };
}

/**
 * Scores the cold items of `scores` (one per catalogue item; warm items already scored) in place: the larger of their
 * own score and `COLD_SHARE` × the cosine-weighted mean of their neighbours' scores. Returns per catalogue item the
 * neighbour that lent the most (-1 for warm items, and for cold ones whose own score stood; an empty array, read as
 * all -1, when there are no cold items).
 */
export function scoreColdItems(cold: ColdItems, scores: Float32Array): Int32Array {
  if (cold.count === 0) return NO_LENDERS;
  const lender = new Int32Array(scores.length).fill(-1);
  for (let i = 0; i < scores.length; i++) {
    const row = cold.rowOf[i] as number;
    if (row < 0) continue;
    let sum = 0;
    let norm = 0;
    let best = -1;
    let bestValue = -Infinity;
    for (let e = cold.indptr[row] as number; e < (cold.indptr[row + 1] as number); e++) {
      const j = cold.neighbours[e] as number;
      const v = (cold.weights[e] as number) * (scores[j] as number);
      if (!Number.isFinite(v)) continue;
      sum += v;
      norm += cold.weights[e] as number;
      if (v > bestValue) {
        bestValue = v;
        best = j;
      }
    }
    if (norm === 0) continue;
    const value = (COLD_SHARE * sum) / norm;
    const own = scores[i] as number;
    if (!(own >= value)) {
      scores[i] = value;
      lender[i] = best;
    }
  }
  return lender;
}

/** A cold item's nearest known items by text, best first. */
export function coldNeighbours(cold: ColdItems, index: number): { index: number; similarity: number }[] {
  const row = cold.rowOf[index] ?? -1;
  if (row < 0) return [];
  const out: { index: number; similarity: number }[] = [];
  for (let e = cold.indptr[row] as number; e < (cold.indptr[row + 1] as number); e++)
    out.push({ index: cold.neighbours[e] as number, similarity: cold.weights[e] as number });
  return out;
}
