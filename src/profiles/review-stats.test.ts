import { describe, expect, it } from 'vitest';
import { extractAspects, scoreSentiment } from '../text/index.js';
import { defaultFeatures } from './default-features.js';
import { createFeatureRegistry } from './feature-registry.js';
import {
  fromProfileRecord,
  mergeAccumulators,
  newAccumulator,
  toProfileRecord,
  type ProfileAccumulator,
} from './profile-accumulator.js';
import type { ProfileRecord } from './ports.js';
import { reviewTextFeatures } from './review-features.js';
import { REVIEW_ANALYSIS_VERSION, reviewText } from '../text/index.js';
import { addReview, reviewStatsFrom, scoreReview } from './review-stats.js';

const registry = createFeatureRegistry([...defaultFeatures, ...reviewTextFeatures]);
const asOf = Date.parse('2026-09-01T00:00:00.000Z');
const features = (a: ProfileAccumulator) =>
  toProfileRecord('cus_1', a, {
    features: registry,
    computedTraits: [],
    piiFromEvent: () => null,
    asOf,
    builtAt: asOf,
    updatedAt: asOf,
    rfm: null,
  }).features;

const happy = { rating: 5, title: 'Fast delivery', body: 'love it' };
const broken = { rating: 1, title: null, body: 'Terrible quality, broke after a day' };
const withReviews = (...reviews: { rating: number | null; title: string | null; body: string }[]) => {
  const a = newAccumulator();
  for (const r of reviews) addReview(a.reviews, scoreReview(r));
  return a;
};

describe('review text in profiles', () => {
  it('averages sentiment, counts negative reviews and aspects per customer', () => {
    // The text engine reads one review as positive about delivery, the other as negative about quality.
    const [pos, neg] = ['Fast delivery. love it', 'Terrible quality, broke after a day'].map(scoreSentiment);
    expect(pos?.label).toBe('positive');
    expect(neg?.label).toBe('negative');
    const f = features(withReviews(happy, broken));
    expect(f.review_count).toBe(2);
    expect(f.review_rating_avg).toBe(3);
    expect(f.review_sentiment_avg).toBeCloseTo(((pos?.score ?? 0) + (neg?.score ?? 0)) / 2, 4);
    expect(f.review_negative_share).toBe(0.5);
    const delivery = extractAspects('Fast delivery. love it')[0]?.sentiment ?? 0;
    const quality = extractAspects('Terrible quality, broke after a day')[0]?.sentiment ?? 0;
    expect(delivery).toBeGreaterThan(0);
    expect(quality).toBeLessThan(0);
    expect(f.review_aspects).toEqual({ delivery, quality });
    expect(f.review_topics).toEqual(['delivery', 'quality']); // one review each: alphabetical
  });

  it('gives null sentiment without review text and nothing at all without reviews', () => {
    expect(features(withReviews({ rating: 4, title: ' ', body: '' }))).toMatchObject({
      review_count: 1,
      review_rating_avg: 4,
      review_sentiment_avg: null,
      review_negative_share: null,
      review_aspects: {},
      review_topics: [],
    });
    expect(features(newAccumulator())).toMatchObject({
      review_count: 0,
      review_sentiment_avg: null,
      review_negative_share: null,
      review_aspects: {},
      review_topics: [],
    });
  });

  it('ranks topics by the reviews mentioning them, ties alphabetical, five at most', () => {
    const f = features(
      withReviews(
        { rating: 2, title: 'Late delivery', body: 'The box was crushed and the price too high.' },
        { rating: 3, title: null, body: 'Delivery took a week. The battery is fine, sound is fine.' },
        { rating: 4, title: null, body: 'Comfortable, good quality, easy to use, fair price.' },
      ),
    );
    expect(f.review_topics).toEqual(['delivery', 'price', 'battery', 'comfort', 'ease-of-use']);
  });

  it('takes the analysis stored with a review instead of analysing its text again', () => {
    const stored = {
      v: REVIEW_ANALYSIS_VERSION,
      sentiment: { score: -0.25, negative: true },
      aspects: [{ aspect: 'service', sentiment: -0.25 }],
    };
    // The text says otherwise: the stored analysis is what counts (it was made from the text at import).
    expect(scoreReview({ rating: 5, title: null, body: 'love it', analysis: stored })).toEqual({
      rating: 5,
      sentiment: stored.sentiment,
      aspects: stored.aspects,
    });
    expect(scoreReview({ rating: 5, title: null, body: 'love it', analysis: null }).sentiment?.negative).toBe(
      false,
    );
  });

  it('joins a title without closing punctuation to the body as a sentence of its own', () => {
    expect(reviewText('Fast delivery', 'love it')).toBe('Fast delivery. love it');
    expect(reviewText('Wow!', 'love it')).toBe('Wow! love it');
    expect(reviewText(null, ' love it ')).toBe('love it');
    expect(reviewText('Title only', '')).toBe('Title only');
  });

  it('adds up the reviews of two identities that merge', () => {
    const into = withReviews(happy);
    const merged = withReviews(broken, { rating: null, title: null, body: 'Fast shipping, great price.' });
    mergeAccumulators(into, merged);
    expect(into.reviews).toEqual(
      withReviews(happy, broken, {
        rating: null,
        title: null,
        body: 'Fast shipping, great price.',
      }).reviews,
    );
    expect(into.reviews).toMatchObject({ count: 3, rated: 2, scored: 3, negative: 1 });
    expect(into.reviews.aspects.delivery?.n).toBe(2);
    expect(features(into).review_topics).toEqual(['delivery', 'price', 'quality']);
  });

  it('loads a profile stored before review text was analysed: the new fields read as zero', () => {
    const stored = toProfileRecord('cus_1', withReviews(happy, broken), {
      features: registry,
      computedTraits: [],
      piiFromEvent: () => null,
      asOf,
      builtAt: asOf,
      updatedAt: asOf,
      rfm: null,
    });
    const old: ProfileRecord = {
      ...stored,
      state: { ...(stored.state as object), reviews: { count: 2, ratingSum: 6, rated: 2 } },
    };
    const a = fromProfileRecord(old);
    expect(a.reviews).toEqual({
      count: 2,
      ratingSum: 6,
      rated: 2,
      scored: 0,
      sentimentSum: 0,
      negative: 0,
      aspects: {},
    });
    expect(features(a)).toMatchObject({
      review_count: 2,
      review_rating_avg: 3,
      review_sentiment_avg: null,
      review_negative_share: null,
      review_topics: [],
    });
    // A later review adds to it as to any other state.
    addReview(a.reviews, scoreReview(broken));
    expect(features(a)).toMatchObject({ review_count: 3, review_negative_share: 1 });
  });

  it('reads damaged stored review state as empty, never onto an object prototype', () => {
    expect(reviewStatsFrom(null)).toEqual(reviewStatsFrom({}));
    const parsed = reviewStatsFrom(
      JSON.parse(
        '{"count":"2","aspects":{"__proto__":{"n":1,"sum":1},"price":{"n":2,"sum":-1},"x":{"n":0}}}',
      ),
    );
    expect(parsed.count).toBe(0);
    expect(parsed.aspects).toEqual({ price: { n: 2, sum: -1 } });
    expect(Object.getPrototypeOf(parsed.aspects)).toBe(Object.prototype);
  });
});
