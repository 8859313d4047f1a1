import type { Rng } from '../shared/index.js';
import { DAY, iso } from './calendar.js';
import { clamp, uniform } from './distributions.js';
import type { OrderExperience, LineExperience } from './experience.js';
import type { OrderDraft } from './orders.js';
import { writeReview, type Aspect, type Sentiment } from './review-text.js';
import type { DemoJsonObject, DemoReviewRow, DemoReviewTruth } from './types.js';

export interface ReviewDraft {
  id: string;
  userId: string;
  productId: string;
  rating: number;
  title: string;
  body: string;
  createdMs: number;
  truth: DemoReviewTruth;
  /** Properties of the matching `Product Reviewed` event, patched with the review id. */
  eventProps: DemoJsonObject | null;
}

function ratingOf(rng: Rng, order: OrderExperience, x: LineExperience): number {
  const misfit = x.fit === 'too_small' || x.fit === 'too_large';
  const score =
    1 +
    4 * x.perceivedQuality -
    (order.late ? 1 : 0) -
    (misfit ? 0.9 : 0) -
    (x.damaged ? 2.2 : 0) +
    rng.normal(0, 0.45);
  return Math.round(clamp(score, 1, 5));
}

function experienceOf(order: OrderExperience, x: LineExperience): DemoReviewTruth['experience'] {
  if (x.damaged) return 'damaged';
  if (order.late) return 'late_delivery';
  if (x.fit === 'too_small' || x.fit === 'too_large') return 'wrong_size';
  if (x.perceivedQuality < 0.45) return 'poor_quality';
  if (x.perceivedQuality > 0.8) return 'great_quality';
  return 'as_expected';
}

function aspectsOf(rng: Rng, order: OrderExperience, x: LineExperience, rating: number, lateDays: number) {
  const list: { aspect: Aspect; sentiment: Sentiment; days?: number }[] = [];
  if (x.damaged) list.push({ aspect: 'condition', sentiment: 'negative' });
  if (order.late) list.push({ aspect: 'delivery', sentiment: 'negative', days: lateDays });
  if (x.fit === 'too_small' || x.fit === 'too_large') list.push({ aspect: 'fit', sentiment: 'negative' });
  // What the text says about quality agrees with the stars: nobody gives five stars to something "decent".
  const q: Sentiment =
    rating === 5 || (x.perceivedQuality > 0.72 && rating >= 3)
      ? 'positive'
      : x.perceivedQuality < 0.45 || rating === 1
        ? 'negative'
        : 'neutral';
  if (!x.damaged) list.push({ aspect: 'quality', sentiment: q });
  if (x.fit === 'ok' && rng.bool(0.4)) list.push({ aspect: 'fit', sentiment: 'positive' });
  if (!order.late && rng.bool(0.3)) list.push({ aspect: 'delivery', sentiment: 'positive' });
  return list;
}

/** Some buyers review what they got; the stars and the words follow what happened to them. */
export function draftReviews(
  rng: Rng,
  order: OrderDraft,
  experience: OrderExperience,
  limit: number,
): ReviewDraft[] {
  if (experience.cancelledMs !== null) return [];
  const out: ReviewDraft[] = [];
  const lateDays = Math.max(
    1,
    Math.round((experience.deliveredMs - order.placedMs) / DAY) - experience.expectedDays,
  );
  for (const x of experience.lines) {
    const rating = ratingOf(rng, experience, x);
    if (!rng.bool(0.1 + 0.12 * Math.abs(rating - 3))) continue;
    const createdMs = experience.deliveredMs + Math.floor(uniform(rng, 0.3, 12) * DAY);
    if (createdMs > limit) continue;
    const aspects = aspectsOf(rng, experience, x, rating, lateDays);
    const text = writeReview(rng, rating, x.line.product.noun, aspects);
    const truthAspects: DemoReviewTruth['aspects'] = {};
    for (const a of aspects) truthAspects[a.aspect] = a.sentiment;
    out.push({
      id: '',
      userId: order.userId,
      productId: x.line.product.id,
      rating,
      ...text,
      createdMs,
      truth: { experience: experienceOf(experience, x), aspects: truthAspects },
      eventProps: null,
    });
  }
  return out;
}

export function assignReviewIds(reviews: ReviewDraft[]): void {
  reviews.sort((a, b) => a.createdMs - b.createdMs);
  reviews.forEach((r, i) => {
    r.id = `rev_${String(i + 1).padStart(6, '0')}`;
    if (r.eventProps) r.eventProps.review_id = r.id;
  });
}

export function reviewRow(r: ReviewDraft): DemoReviewRow {
  return {
    id: r.id,
    user_id: r.userId,
    product_id: r.productId,
    rating: r.rating,
    title: r.title,
    body: r.body,
    created_at: iso(r.createdMs),
  };
}
