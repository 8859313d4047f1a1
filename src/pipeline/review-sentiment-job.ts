import type { ModelScore } from '../scores/index.js';
import {
  defaultTextTrainOptions,
  evaluateTextClassifier,
  predictTexts,
  REVIEW_SENTIMENT_MODEL,
  textModelCandidate,
  trainTextClassifier,
  type TextClassifier,
} from '../text/index.js';
import type { JobHooks } from './demand-jobs.js';
import { JobNotApplicable, type ModelJob } from './model-job.js';

/** Reviews of each side a shop needs before star ratings make a sentiment model worth training. */
const MIN_PER_CLASS = 30;
const FOLDS = 5;

export interface TrainedSentiment {
  model: TextClassifier;
  /** Per customer with a review: mean of 2·P(positive) − 1 over their reviews (−1..1). */
  scores: ModelScore[];
}

interface Review {
  customerId: string;
  text: string;
  /** From the stars: 4–5 positive, 1–2 negative; null for 3 stars or none. */
  label: 'positive' | 'negative' | null;
  createdAt: number;
}

/** Each customer's reviews scored by the model: the mean of 2·P(positive) − 1, with counts. */
function customerScores(model: TextClassifier, reviews: readonly Review[]): ModelScore[] {
  const predictions = predictTexts(
    model,
    reviews.map((r) => r.text),
    2,
  );
  const by = new Map<string, { sum: number; n: number; negative: number }>();
  reviews.forEach((r, i) => {
    const top = predictions[i]!.top;
    const positive = top.find((t) => t.label === 'positive')?.probability ?? 0;
    const s = by.get(r.customerId) ?? { sum: 0, n: 0, negative: 0 };
    s.sum += 2 * positive - 1;
    s.n++;
    if (positive < 0.5) s.negative++;
    by.set(r.customerId, s);
  });
  return [...by]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([customerId, s]) => ({
      customerId,
      value: Math.round((s.sum / s.n) * 1e4) / 1e4,
      detail: { extra: { reviews: s.n, negativeReviews: s.negative } },
    }));
}

/**
 * The sentiment model as a pipeline job, weakly supervised by the reviews' own star ratings: 4–5 stars positive,
 * 1–2 negative, 3 left out. NB-SVM over the review title and body, evaluated by 5-fold cross-validation (accuracy
 * decides promotion), then refitted on every labelled review and registered as `review_sentiment` (the text API and the
 * Text lab use it when no `text_sentiment` model trained on curated labels is live, so the two never compete for
 * promotion). Every customer with a review gets a score (`scores.review_sentiment`, −1..1: the mean of
 * 2·P(positive) − 1 over their reviews, 3-star and unrated ones included). Skipped while either side has fewer than
 * 30 reviews with text.
 */
export function reviewSentimentJob(hooks: JobHooks<TrainedSentiment> = {}): ModelJob<TrainedSentiment> {
  const job: ModelJob<TrainedSentiment> = {
    name: REVIEW_SENTIMENT_MODEL,
    usesProfiles: false,
    settings: (_deps, run) => ({
      kind: 'review_sentiment',
      labels: 'stars: 4-5 positive, 1-2 negative',
      folds: FOLDS,
      seed: run.seed,
      asOf: run.asOf ?? null,
    }),
    async train(deps, run) {
      const until = run.asOf ?? Number.MAX_SAFE_INTEGER;
      const reviews: Review[] = [];
      run.onStage('reading reviews');
      for await (const page of deps.source.reviews(until))
        for (const r of page) {
          const text = [r.title, r.body].filter((s) => s !== null && s.trim() !== '').join('. ');
          if (text === '') continue;
          const label = r.rating === null || r.rating === 3 ? null : r.rating >= 4 ? 'positive' : 'negative';
          reviews.push({ customerId: r.customerId, text, label, createdAt: r.createdAt });
        }
      const labelled = reviews.filter((r) => r.label !== null);
      const texts = labelled.map((r) => r.text);
      const labels = labelled.map((r) => r.label as string);
      const positives = labels.filter((l) => l === 'positive').length;
      const negatives = labels.length - positives;
      if (Math.min(positives, negatives) < MIN_PER_CLASS)
        throw new JobNotApplicable(
          `${positives} positive (4–5 stars) and ${negatives} negative (1–2 stars) reviews with text; ` +
            `a sentiment model needs ${MIN_PER_CLASS} of each`,
        );
      const options = { ...defaultTextTrainOptions, model: 'nbsvm' as const, seed: run.seed };
      run.onStage(`cross-validating on ${labels.length} reviews`);
      const evaluation = await evaluateTextClassifier(
        { texts, labels },
        { kind: 'split', spec: { kind: 'cv', k: FOLDS, seed: run.seed } },
        options,
      );
      run.onStage('training on every review');
      const trained = await trainTextClassifier(texts, labels, options);
      run.onStage('scoring customers');
      const scores = customerScores(trained.model, reviews);
      const from = Math.min(...reviews.map((r) => r.createdAt));
      const to = Math.max(...reviews.map((r) => r.createdAt));
      return {
        result: { model: trained.model, scores },
        candidate: textModelCandidate(REVIEW_SENTIMENT_MODEL, trained.model, evaluation, {
          task: 'sentiment',
          choice: 'nbsvm',
          data: 'reviews (star ratings)',
          seed: run.seed,
          seconds: trained.report.seconds,
          window: { from, to, asOf: Math.max(run.asOf ?? to, to) },
        }),
        summary: {
          reviews: labels.length,
          positive: positives,
          negative: negatives,
          accuracy: evaluation.summary.accuracy.mean,
          macroF1: evaluation.summary.macroF1.mean,
          customersScored: scores.length,
        },
      };
    },
  };
  if (hooks.scoring) job.scoring = hooks.scoring;
  if (hooks.afterRegistration) job.afterRegistration = hooks.afterRegistration;
  return job;
}
