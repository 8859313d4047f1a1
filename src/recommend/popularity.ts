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
  const { matrix, lastAt, asOf } = input;
  const { windowDays, halfLifeDays } = options;
  if (windowDays !== undefined) checkPositive('windowDays', windowDays);
  if (halfLifeDays !== undefined) checkPositive('halfLifeDays', halfLifeDays);
  const timed = windowDays !== undefined || halfLifeDays !== undefined;
  const scores = new Float64Array(matrix.items);
  const { indices } = matrix;
  if (!timed) {
    for (let e = 0; e < indices.length; e++) scores[indices[e]!]!++;
    return scores;
  }
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
    scores[indices[e]!]! += rate === 0 ? 1 : Math.exp(-rate * Math.max(0, asOf - t));
  }
  return scores;
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
