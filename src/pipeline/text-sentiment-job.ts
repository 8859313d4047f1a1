import {
  defaultTextTrainOptions,
  evaluateTextClassifier,
  SENTIMENT_MODEL,
  textModelCandidate,
  trainTextClassifier,
  type TextClassifier,
} from '../text/index.js';
import { JobNotApplicable, type ModelJob } from './model-job.js';

/** Reviews of each side a shop needs before star ratings make a sentiment model worth training. */
const MIN_PER_CLASS = 30;
const FOLDS = 5;

/**
 * The sentiment model as a pipeline job, weakly supervised by the reviews' own star ratings: 4–5 stars positive,
 * 1–2 negative, 3 left out. NB-SVM over the review title and body, evaluated by 5-fold cross-validation (accuracy
 * decides promotion), then refitted on every labelled review and registered as `text_sentiment`, which the text API
 * and the Text lab use. Skipped while either side has fewer than 30 reviews.
 */
export function textSentimentJob(): ModelJob<TextClassifier> {
  return {
    name: SENTIMENT_MODEL,
    usesProfiles: false,
    settings: (_deps, run) => ({
      kind: 'text_sentiment',
      labels: 'stars: 4-5 positive, 1-2 negative',
      folds: FOLDS,
      seed: run.seed,
      asOf: run.asOf ?? null,
    }),
    async train(deps, run) {
      const until = run.asOf ?? Number.MAX_SAFE_INTEGER;
      const texts: string[] = [];
      const labels: string[] = [];
      let from = Infinity;
      let to = -Infinity;
      run.onStage('reading reviews');
      for await (const page of deps.source.reviews(until))
        for (const r of page) {
          if (r.rating === null || r.rating === 3) continue;
          const text = [r.title, r.body].filter((s) => s !== null && s.trim() !== '').join('. ');
          if (text === '') continue;
          texts.push(text);
          labels.push(r.rating >= 4 ? 'positive' : 'negative');
          from = Math.min(from, r.createdAt);
          to = Math.max(to, r.createdAt);
        }
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
      const asOf = run.asOf ?? to;
      return {
        result: trained.model,
        candidate: textModelCandidate(SENTIMENT_MODEL, trained.model, evaluation, {
          task: 'sentiment',
          choice: 'nbsvm',
          data: 'reviews (star ratings)',
          seed: run.seed,
          seconds: trained.report.seconds,
          window: { from, to, asOf: Math.max(asOf, to) },
        }),
        summary: {
          reviews: labels.length,
          positive: positives,
          negative: negatives,
          accuracy: evaluation.summary.accuracy.mean,
          macroF1: evaluation.summary.macroF1.mean,
        },
      };
    },
  };
}
