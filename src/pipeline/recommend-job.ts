import {
  recommenderCandidate,
  trainRecommender,
  type TrainedRecommender,
  RECOMMENDER_NAME,
} from '../recommend/index.js';
import { AppError } from '../shared/index.js';
import { JobNotApplicable, type ModelJob } from './model-job.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The served recommender as a pipeline job: every model compared on a time-split holdout of the orders (the last
 * `holdoutDays`), the best by validation NDCG served, registered as `recommendations` and promoted when its holdout
 * NDCG at 10 beats the live version's.
 */
export function recommendJob(
  options: { holdoutDays?: number; k?: number } = {},
): ModelJob<TrainedRecommender> {
  const holdoutDays = options.holdoutDays ?? 30;
  const k = options.k ?? 10;
  return {
    name: RECOMMENDER_NAME,
    usesProfiles: false,
    settings: (_deps, run) => ({
      kind: 'recommender',
      holdoutDays,
      k,
      seed: run.seed,
      asOf: run.asOf ?? null,
    }),
    async train(deps, run) {
      let trained: TrainedRecommender;
      try {
        trained = await trainRecommender(deps, {
          seed: run.seed,
          holdoutDays,
          k,
          ...(run.asOf === undefined ? {} : { asOf: run.asOf }),
          onStage: run.onStage,
        });
      } catch (error) {
        // A shop whose orders carry no product lines has nothing to recommend from: not a failure of the run.
        if (error instanceof AppError && error.details?.reason === 'no_order_lines')
          throw new JobNotApplicable(error.message);
        throw error;
      }
      const chosen = trained.comparison.find((c) => c.model === trained.chosen);
      return {
        result: trained,
        candidate: recommenderCandidate(trained, run.seed),
        summary: {
          chosen: trained.chosen,
          [`ndcgAt${k}`]: chosen?.ndcg ?? null,
          compared: Object.fromEntries(trained.comparison.map((c) => [c.model, c.ndcg])),
          customers: trained.customers,
          items: trained.items,
          holdoutCustomers: trained.holdoutUsers,
          holdoutDays: trained.holdoutDays,
          window: {
            holdoutFrom: day(trained.window.holdoutFrom),
            asOf: new Date(trained.window.asOf).toISOString(),
          },
        },
      };
    },
  };
}
