import { performance } from 'node:perf_hooks';
import { createRankingAccumulator, type RankingSummary } from '../ranking-at-k.js';
import { topK } from '../top-k.js';
import type { FittedRecommender, InteractionMatrix, TrainInput } from '../types.js';
import type { EvalTask } from './eval-task.js';

/** A model as evaluation sees it: a name, the parameters it ran with, and how to fit it. */
export interface ModelSpec {
  name: string;
  params: Record<string, unknown>;
  fit(input: TrainInput): FittedRecommender;
}

export interface ModelResult {
  model: string;
  params: Record<string, unknown>;
  trainSeconds: number;
  metrics: RankingSummary;
}

/** The training items of a user (a view into the matrix). */
export function seenItems(matrix: InteractionMatrix, user: number): Int32Array {
  return matrix.indices.subarray(matrix.indptr[user] as number, matrix.indptr[user + 1] as number);
}

/** Metrics at `k` of a fitted model over the task's evaluated users (full ranking over the catalogue). */
export function scoreTask(
  task: EvalTask,
  fitted: FittedRecommender,
  k: number,
  /** When given, receives each evaluated user's NDCG at k, in `task.users` order. */
  ndcgPerUser?: Float64Array,
): RankingSummary {
  const { matrix } = task.train;
  const scores = new Float32Array(matrix.items);
  const acc = createRankingAccumulator(k, matrix.items);
  for (let n = 0; n < task.users.length; n++) {
    const user = task.users[n] as number;
    fitted.scoreUser(user, scores);
    const top = topK(scores, k, task.excludeSeen ? seenItems(matrix, user) : undefined);
    const m = acc.add(top, task.targets[n] as Int32Array, task.targetSizes[n] as number);
    if (ndcgPerUser) ndcgPerUser[n] = m.ndcg;
  }
  return acc.result();
}

/** Fits each model on the task's training data and measures it; `onModel` reports progress. */
export function evaluateModels(
  task: EvalTask,
  models: readonly ModelSpec[],
  k: number,
  onModel: (done: number, total: number, name: string) => void = () => {},
): ModelResult[] {
  return models.map((spec, i) => {
    onModel(i, models.length, spec.name);
    const started = performance.now();
    const fitted = spec.fit(task.train);
    const trainSeconds = (performance.now() - started) / 1000;
    const metrics = scoreTask(task, fitted, k);
    onModel(i + 1, models.length, spec.name);
    return { model: spec.name, params: spec.params, trainSeconds, metrics };
  });
}
