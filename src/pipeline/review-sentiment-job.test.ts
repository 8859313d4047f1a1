import { describe, expect, it } from 'vitest';
import type { ReviewSourceRow } from '../profiles/index.js';
import { createRng } from '../shared/index.js';
import { JobNotApplicable, type TrainingDeps } from './index.js';
import { reviewSentimentJob } from './review-sentiment-job.js';

const good = [
  'love it',
  'works great',
  'excellent quality',
  'fast delivery',
  'highly recommend',
  'perfect fit',
];
const bad = [
  'broke after a day',
  'terrible quality',
  'waste of money',
  'arrived late',
  'never again',
  'awful fit',
];

function reviews(positive: number, negative: number, neutral = 10): ReviewSourceRow[] {
  const rng = createRng('reviews');
  const row = (rating: number, words: string[], i: number): ReviewSourceRow => ({
    customerId: `c${i}`,
    rating,
    title: i % 3 === 0 ? null : rng.pick(words),
    body: `${rng.pick(words)} and ${rng.pick(words)}`,
    createdAt: Date.UTC(2026, 0, 1) + i * 3_600_000,
  });
  return [
    ...Array.from({ length: positive }, (_, i) => row(4 + (i % 2), good, i)),
    ...Array.from({ length: negative }, (_, i) => row(1 + (i % 2), bad, positive + i)),
    ...Array.from({ length: neutral }, (_, i) => row(3, good, positive + negative + i)),
  ];
}

/** Only the review source is read by this job. */
const depsWith = (rows: ReviewSourceRow[]) =>
  ({
    source: {
      async *reviews(until: number) {
        yield rows.filter((r) => r.createdAt <= until);
      },
    },
  }) as unknown as TrainingDeps;

const run = { seed: 's', onStage: () => {} };

describe('the review_sentiment pipeline job', () => {
  it('learns sentiment from star ratings (3 stars left out), cross-validated', async () => {
    const trained = await reviewSentimentJob().train(depsWith(reviews(60, 50)), run);
    expect(trained.summary).toMatchObject({ reviews: 110, positive: 60, negative: 50 });
    expect(trained.summary.accuracy).toBeGreaterThan(0.9);
    expect(trained.candidate).toMatchObject({
      name: 'review_sentiment',
      modelType: 'text_nbsvm',
      primaryMetric: { name: 'accuracy', higherIsBetter: true },
      params: { task: 'sentiment', model: 'nbsvm', labels: 2 },
    });
    expect(trained.result.model.labels).toEqual(['negative', 'positive']);
    // Every reviewer is scored, 3-star reviewers too: mostly positive words score above 0, negative below.
    const scores = new Map(trained.result.scores.map((s) => [s.customerId, s]));
    expect(scores.size).toBe(120);
    expect(scores.get('c0')!.value).toBeGreaterThan(0.5);
    expect(scores.get('c60')!.value).toBeLessThan(-0.5);
    expect(scores.get('c110')!.detail.extra).toEqual({ reviews: 1, negativeReviews: 0 });
    expect(trained.summary.customersScored).toBe(120);
  });

  it('is not applicable while one side has fewer than 30 reviews, and reads only up to asOf', async () => {
    await expect(reviewSentimentJob().train(depsWith(reviews(60, 29)), run)).rejects.toBeInstanceOf(
      JobNotApplicable,
    );
    const rows = reviews(60, 50);
    const asOf = rows[59]!.createdAt; // before any negative review
    await expect(reviewSentimentJob().train(depsWith(rows), { ...run, asOf })).rejects.toThrow(
      /60 positive .* and 0 negative/,
    );
  });
});
