import { analyzeReview, type ReviewAnalysis } from '../text/index.js';
import { isSafeKey } from './profile-state.js';

/** Reviews that mention an aspect and the sum of their sentiment about it (-1..1 each). */
export interface AspectStats {
  n: number;
  sum: number;
}

/**
 * What the features need from a customer's reviews, accumulated one review at a time (plain JSON, stored in the
 * profile's state). Aspects come from the text engine's fixed dictionary, so the map stays small.
 */
export interface ReviewStats {
  count: number;
  ratingSum: number;
  rated: number;
  /** Reviews with text, the sum of their lexicon sentiment (-1..1 each), and how many of them read negative. */
  scored: number;
  sentimentSum: number;
  negative: number;
  aspects: Record<string, AspectStats>;
}

/** What a review adds to the stats. */
export interface ReviewScore {
  rating: number | null;
  /** Null when the review has no text. */
  sentiment: { score: number; negative: boolean } | null;
  aspects: { aspect: string; sentiment: number }[];
}

export function emptyReviewStats(): ReviewStats {
  return { count: 0, ratingSum: 0, rated: 0, scored: 0, sentimentSum: 0, negative: 0, aspects: {} };
}

/**
 * The text analysis of one review: the one stored with it at import when it is of the current version, else made
 * now. Computed once per review and added to every replay (cutoff) that includes it.
 */
export function scoreReview(review: {
  rating: number | null;
  title: string | null;
  body: string;
  analysis?: ReviewAnalysis | null;
}): ReviewScore {
  const { sentiment, aspects } = review.analysis ?? analyzeReview(review.title, review.body);
  return { rating: review.rating, sentiment, aspects };
}

export function addReview(stats: ReviewStats, review: ReviewScore): void {
  stats.count++;
  if (review.rating !== null) {
    stats.ratingSum += review.rating;
    stats.rated++;
  }
  if (review.sentiment === null) return;
  stats.scored++;
  stats.sentimentSum += review.sentiment.score;
  if (review.sentiment.negative) stats.negative++;
  for (const { aspect, sentiment } of review.aspects) addAspect(stats.aspects, aspect, 1, sentiment);
}

function addAspect(into: Record<string, AspectStats>, aspect: string, n: number, sum: number): void {
  if (!isSafeKey(aspect)) return;
  const known = Object.hasOwn(into, aspect) ? into[aspect] : undefined;
  if (known === undefined) into[aspect] = { n, sum };
  else {
    known.n += n;
    known.sum += sum;
  }
}

/** Adds a merged-away profile's reviews. */
export function mergeReviewStats(into: ReviewStats, from: ReviewStats): void {
  into.count += from.count;
  into.ratingSum += from.ratingSum;
  into.rated += from.rated;
  into.scored += from.scored;
  into.sentimentSum += from.sentimentSum;
  into.negative += from.negative;
  for (const [aspect, a] of Object.entries(from.aspects)) addAspect(into.aspects, aspect, a.n, a.sum);
}

const numberOr0 = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The review stats of a stored state. States written before review text was analysed hold only count, ratingSum
 * and rated: the missing fields read as zero (no review analysed) until the next rebuild.
 */
export function reviewStatsFrom(stored: unknown): ReviewStats {
  const stats = emptyReviewStats();
  if (!isRecord(stored)) return stats;
  stats.count = numberOr0(stored.count);
  stats.ratingSum = numberOr0(stored.ratingSum);
  stats.rated = numberOr0(stored.rated);
  stats.scored = numberOr0(stored.scored);
  stats.sentimentSum = numberOr0(stored.sentimentSum);
  stats.negative = numberOr0(stored.negative);
  if (isRecord(stored.aspects))
    for (const [aspect, a] of Object.entries(stored.aspects))
      if (isRecord(a) && numberOr0(a.n) > 0)
        addAspect(stats.aspects, aspect, numberOr0(a.n), numberOr0(a.sum));
  return stats;
}
