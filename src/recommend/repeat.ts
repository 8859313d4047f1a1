import { popularityScores, type PopularityOptions } from './popularity.js';
import type { FittedRecommender, TrainInput } from './types.js';
import { checkScoresLength, checkUser } from './validate.js';

export interface PersonalPopularityOptions {
  /** How the fill-in popularity is counted. Default all-time distinct users; P5's reference uses `{ windowDays: 30 }`. */
  readonly popularity?: PopularityOptions;
}

/**
 * Personal repeat popularity (P5 "PersonalPop"): rank the user's own items by their weight (e.g. the number of
 * distinct orders holding the item), ties and the remaining slots by popularity, then by item index.
 *
 * The score is `weight·BIG + popularity normalised to [0, 1)`, written in integers so that float32 keeps the order
 * exact: with n items, score = level(weight)·n + (n − 1 − popularity rank), where the popularity rank orders items
 * by (popularity desc, index asc) and level(weight) is the weight's position among the distinct positive weights of
 * the matrix (1 for the smallest, 0 for items the user never had). Every item gets a distinct whole number, so the
 * ranking is exactly the reference's while (levels + 1)·n ≤ 2²⁴; beyond that float32 rounding can only merge
 * neighbouring scores (it is monotone), and such ties fall back to the item index.
 */
export function fitPersonalPopularity(
  input: TrainInput,
  options: PersonalPopularityOptions = {},
): FittedRecommender {
  const { matrix } = input;
  const { users, items, indptr, indices, weights } = matrix;
  const base = popularityRankScores(popularityScores(input, options.popularity ?? {}));
  const levels = weightLevels(weights);
  return {
    scoreUser(user, out) {
      checkUser(user, users);
      checkScoresLength(out, items);
      out.set(base);
      for (let e = indptr[user]!; e < indptr[user + 1]!; e++) {
        const item = indices[e]!;
        out[item] = levels[e]! * items + base[item]!;
      }
    },
  };
}

/** n − 1 − the item's position when items are ordered by popularity (desc), then index (asc). */
export function popularityRankScores(popularity: Float64Array): Float32Array {
  const n = popularity.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => popularity[b]! - popularity[a]! || a - b);
  const out = new Float32Array(n);
  for (let r = 0; r < n; r++) out[order[r]!] = n - 1 - r;
  return out;
}

/** Per entry: 0 for a weight ≤ 0, else the weight's 1-based position among the distinct positive weights. */
function weightLevels(weights: Float32Array): Float64Array {
  const distinct = Float32Array.from(new Set(weights)).sort();
  const levelOf = new Map<number, number>();
  let level = 0;
  for (const w of distinct) if (w > 0) levelOf.set(w, ++level);
  const out = new Float64Array(weights.length);
  for (let e = 0; e < weights.length; e++) out[e] = levelOf.get(weights[e]!) ?? 0;
  return out;
}
