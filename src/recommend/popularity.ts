import type { FittedRecommender, TrainInput } from './types.js';
import {
  checkPositive,
  checkScoresLength,
  checkUser,
  invalidOption,
  recommendInputError,
} from './validate.js';

const DAY_MS = 86_400_000;

export interface PopularityOptions {
  /**
   * Count only interactions whose latest time lies in [asOf − windowDays, asOf) (needs `lastAt` and `asOf`). P5's
   * reference Pop is distinct customers from 2010-09-01 up to the 2010-10-01 split: `windowDays: 30`.
   */
  readonly windowDays?: number;
  /**
   * Weight each user's interaction by 0.5^(age / halfLifeDays), age = asOf − lastAt (clamped at 0), instead of 1
   * (needs `lastAt` and `asOf`).
   */
  readonly halfLifeDays?: number;
}

/**
 * Per item: how many distinct users interacted with it (each matrix entry is one user-item pair), within the
 * window and decayed when asked. The same for every user.
 */
export function popularityScores(input: TrainInput, options: PopularityOptions = {}): Float64Array {
  const { indices } = input.matrix;
  const weights = entryWeights(input, options);
  const scores = new Float64Array(input.matrix.items);
  for (let e = 0; e < indices.length; e++) scores[indices[e]!]! += weights[e]!;
  return scores;
}

/** What each matrix entry (one user-item pair) counts for: 1, decayed by its age, or 0 outside the window. */
function entryWeights(input: TrainInput, options: PopularityOptions): Float64Array {
  const { matrix, lastAt, asOf } = input;
  const { windowDays, halfLifeDays } = options;
  if (windowDays !== undefined) checkPositive('windowDays', windowDays);
  if (halfLifeDays !== undefined) checkPositive('halfLifeDays', halfLifeDays);
  const timed = windowDays !== undefined || halfLifeDays !== undefined;
  const { indices } = matrix;
  const weights = new Float64Array(indices.length);
  if (!timed) return weights.fill(1);
  if (lastAt === undefined || asOf === undefined) {
    throw invalidOption('a popularity window or half-life needs the input lastAt and asOf', {
      option: windowDays !== undefined ? 'windowDays' : 'halfLifeDays',
    });
  }
  if (lastAt.length !== indices.length) {
    throw recommendInputError(
      'length_mismatch',
      `lastAt has ${lastAt.length} times for ${indices.length} entries`,
      {
        lengths: [lastAt.length, indices.length],
      },
    );
  }
  const from = windowDays === undefined ? -Infinity : asOf - windowDays * DAY_MS;
  const to = windowDays === undefined ? Infinity : asOf;
  const rate = halfLifeDays === undefined ? 0 : Math.LN2 / (halfLifeDays * DAY_MS);
  for (let e = 0; e < indices.length; e++) {
    const t = lastAt[e]!;
    if (!(t >= from && t < to)) continue;
    weights[e] = rate === 0 ? 1 : Math.exp(-rate * Math.max(0, asOf - t));
  }
  return weights;
}

export interface GroupPopularityOptions extends PopularityOptions {
  /** How many users' worth of everyone's popularity a group's own counts are smoothed with (default 20). */
  readonly shrinkage?: number;
}

/** Per-group popularity before smoothing, and what smoothing adds: see `groupPopularity`. */
export interface GroupPopularity {
  /** Per item: m · n(i) / U, everyone's share weighted by the shrinkage (0 when nobody counts). */
  prior: Float64Array;
  shrinkage: number;
  groups: {
    /** Per item: n_g(i), the group's own counts. */
    counts: Float64Array;
    /** U_g: the group's users with a counted interaction. */
    buyers: number;
    /** The smoothed popularity (`smoothGroupCounts`). */
    scores: Float64Array;
  }[];
}

/** (counts(i) + prior(i)) / (buyers + shrinkage) per item: a group's popularity from its own counts and the prior. */
export function smoothGroupCounts(
  prior: ArrayLike<number>,
  counts: ArrayLike<number>,
  buyers: number,
  shrinkage: number,
): Float64Array {
  const scores = new Float64Array(prior.length);
  const denominator = buyers + shrinkage;
  if (denominator > 0)
    for (let i = 0; i < scores.length; i++) scores[i] = (counts[i]! + prior[i]!) / denominator;
  return scores;
}

/**
 * Popularity within groups of users (segments), smoothed toward everyone's: for group g and item i,
 * (n_g(i) + m · n(i) / U) / (U_g + m), where n counts users as `popularityScores` does (within the window, decayed
 * when asked), U is how many users have any counted interaction, U_g how many of g's do, and m is `shrinkage`. A
 * group with few buyers gets mostly the shop's list; a large one its own.
 *
 * @example
 * const { groups: [vip] } = groupPopularity(input, [vipUserIndexes], { halfLifeDays: 60 });
 * vip.scores; // per item
 */
export function groupPopularity(
  input: TrainInput,
  groups: readonly (readonly number[])[],
  options: GroupPopularityOptions = {},
): GroupPopularity {
  const { shrinkage = 20, ...counting } = options;
  if (!(Number.isFinite(shrinkage) && shrinkage >= 0))
    throw invalidOption('shrinkage must be a number ≥ 0', { option: 'shrinkage', value: shrinkage });
  const { matrix } = input;
  const everyone = popularityScores(input, counting);
  const weights = entryWeights(input, counting);
  const counted = (u: number) => {
    for (let e = matrix.indptr[u]!; e < matrix.indptr[u + 1]!; e++) if (weights[e]! > 0) return true;
    return false;
  };
  let users = 0;
  for (let u = 0; u < matrix.users; u++) if (counted(u)) users++;
  const prior = everyone.map((n) => (users > 0 ? (shrinkage * n) / users : 0));
  return {
    prior,
    shrinkage,
    groups: groups.map((members) => {
      const counts = new Float64Array(matrix.items);
      let buyers = 0;
      for (const u of new Set(members)) {
        checkUser(u, matrix.users);
        if (!counted(u)) continue;
        buyers++;
        for (let e = matrix.indptr[u]!; e < matrix.indptr[u + 1]!; e++)
          counts[matrix.indices[e]!]! += weights[e]!;
      }
      return { counts, buyers, scores: smoothGroupCounts(prior, counts, buyers, shrinkage) };
    }),
  };
}

/** Recommends the most popular items (`popularityScores`) to everyone. */
export function fitPopularity(input: TrainInput, options: PopularityOptions = {}): FittedRecommender {
  const scores = Float32Array.from(popularityScores(input, options));
  const { users, items } = input.matrix;
  return {
    scoreUser(user, out) {
      checkUser(user, users);
      checkScoresLength(out, items);
      out.set(scores);
    },
  };
}
