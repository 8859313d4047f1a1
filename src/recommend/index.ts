/**
 * The shared contract: a users × items CSR matrix, what a recommender trains on, and a fitted model's scorer.
 *
 * @example
 * const input: TrainInput = { matrix: buildMatrix(2, 3, [0, 1], [2, 0]) };
 * const fitted: FittedRecommender = fitPopularity(input);
 */
export type { InteractionMatrix, TrainInput, FittedRecommender } from './types.js';

/**
 * A CSR users × items matrix from (user, item, weight) triples, duplicates summed, columns ascending; where each
 * triple went (`entryOf`, to aggregate per-triple values such as times with `maxPerEntry`); its transpose; a row.
 *
 * @example
 * const m = buildMatrix(2, 3, [0, 0, 1, 0], [2, 0, 1, 2], [1, 1, 1, 4]);
 * // m.indptr = [0, 2, 3], m.indices = [0, 2, 1], m.weights = [1, 5, 1]
 * const { matrix, entryOf } = buildMatrixWithEntries(2, 3, users, items, orderCounts);
 * const lastAt = maxPerEntry(entryOf, times, matrix.indices.length);
 * transpose(m).indices; // items × users: [0, 1, 0]
 * rowOf(m, 0).indices; // Int32Array [0, 2]
 * columnCounts(m); // Int32Array [1, 1, 1]: distinct users per item
 */
export {
  buildMatrix,
  buildMatrixWithEntries,
  maxPerEntry,
  transpose,
  rowOf,
  columnCounts,
  type BuiltMatrix,
} from './matrix.js';

/**
 * The indexes of the k best scores, best first, ties by ascending index; -Infinity, NaN and excluded items never
 * appear. O(n log k).
 *
 * @example
 * topK(Float32Array.of(0.5, 2, 2, -Infinity, 1), 3); // Int32Array [1, 2, 4]
 * topK(scores, 10, rowOf(train, user).indices); // leave out the user's training items
 */
export { topK } from './top-k.js';

/**
 * Recall, NDCG, HR, precision and MRR at K for one user (PROTOCOLS.md "Metrics at K"), and an accumulator that
 * averages them over users and adds catalogue coverage.
 *
 * @example
 * rankingAtK([3, 7, 1], new Set([7, 9]), 3); // { recall: 0.5, hr: 1, precision: 1/3, mrr: 0.5, ndcg: 0.387 }
 * const acc = createRankingAccumulator(10, catalogue.length);
 * for (const u of users) acc.add(topK(score(u), 10), targets[u], targetSizes[u]);
 * acc.result(); // { users, recall, ndcg, hr, precision, mrr, coverage }
 */
export {
  rankingAtK,
  createRankingAccumulator,
  type RankingMetrics,
  type RankingTarget,
  type RankingSummary,
  type RankingAccumulator,
} from './ranking-at-k.js';

/**
 * Popularity: distinct users per item, optionally within [asOf − windowDays, asOf) and/or decayed by a half-life.
 *
 * @example
 * const pop = fitPopularity({ matrix, lastAt, asOf: Date.UTC(2010, 9, 1) }, { windowDays: 30 }); // P5's Pop
 * popularityScores({ matrix }); // Float64Array: distinct users per item
 */
export { fitPopularity, popularityScores, type PopularityOptions } from './popularity.js';

/**
 * Personal repeat popularity (P5 PersonalPop): the user's own items by weight (distinct orders), ties and the
 * rest by popularity, then item index.
 *
 * @example
 * const personal = fitPersonalPopularity({ matrix, lastAt, asOf }, { popularity: { windowDays: 30 } });
 * personal.scoreUser(user, scores);
 * popularityRankScores(Float64Array.of(5, 9, 5)); // Float32Array [1, 2, 0]
 */
export { fitPersonalPopularity, popularityRankScores, type PersonalPopularityOptions } from './repeat.js';

/**
 * Item-kNN on the binary matrix: cosine (with optional shrinkage) or Jaccard, the top `neighbours` per target
 * item, score = sum of similarities to the user's items.
 *
 * @example
 * const knn = fitItemKnn({ matrix }, { neighbours: 100, similarity: 'cosine' });
 * itemNeighbours(matrix, { neighbours: 20 }); // items × items CSR of kept similarities
 */
export { fitItemKnn, itemNeighbours, type ItemKnnOptions } from './item-knn.js';

/**
 * EASE (Steck 2019): B = I − P·diag(1/diag P), P = (XᵀX + λI)⁻¹, diag(B) = 0; score(u) = x_u·B.
 *
 * @example
 * const ease = fitEase({ matrix }, { lambda: 500 });
 * const b = easeWeights(matrix, { lambda: 200 }); // items × items Float32Array, row-major
 */
export { fitEase, easeWeights, type EaseOptions } from './ease.js';

/**
 * The dense inverse of a symmetric positive-definite matrix in place (blocked Cholesky, L⁻ᵀ, then W·Wᵀ).
 *
 * @example
 * const a = Float64Array.of(4, 2, 2, 3);
 * invertSpd(a, 2); // a = [0.375, -0.25, -0.25, 0.5]
 */
export { invertSpd, type SpdInverseOptions } from './spd-inverse.js';

/**
 * Implicit-feedback ALS (Hu, Koren & Volinsky 2008) with the conjugate-gradient solver (Takács et al. 2011).
 *
 * @example
 * const als = fitAls({ matrix }, { seed: 'als-1' }); // f 64, λ 10, alpha 1, 15 iterations, 3 CG steps
 * als.scoreUser(user, scores); // x_u · y_i; all -Infinity for a user without training interactions
 * const same = await fitAlsParallel({ matrix }, { seed: 'als-1', threads: 2 }); // worker threads, same model
 */
export { fitAls, alsDefaults, type AlsParams, type ResolvedAlsParams, type FittedAls } from './als.js';
export { fitAlsParallel } from './als-parallel.js';

/**
 * Content-based recommendations: TF-IDF item vectors from item text, user profile = weighted sum, cosine scores.
 *
 * @example
 * const content = fitContent({ matrix, itemText }, { minDf: 2 });
 * content.scoreUser(user, scores); // all -Infinity when the user has no interactions with text: fall back
 * similarItems(content, item, 10); // { items: Int32Array, scores: Float32Array }, best first
 */
export { fitContent, similarItems, tokenize, type ContentParams, type FittedContent } from './content.js';

/**
 * Offline evaluation (protocols P4 and P5 of ../shared/benchmarks/PROTOCOLS.md): tasks from interaction files or the
 * raw Online Retail II layout, hyper-parameters and blend weights chosen on a validation split inside the training
 * part, metrics at K on the test part.
 *
 * @example
 * const { tasks } = onlineRetailTasks('online_retail_II_2009-2010.csv.gz');
 * const report = evaluateWithSelection(tasks[0], ['repeat', 'ease', 'blend'], { k: 10, seed: '0' });
 * report.results.map((r) => [r.model, r.metrics.ndcg]);
 */
export {
  buildTask,
  buildValidationTask,
  evaluateWithSelection,
  evaluateModels,
  loadInteractions,
  MODEL_NAMES,
  onlineRetailTasks,
  ONLINE_RETAIL_SPLIT,
  oneStandardError,
  parseRecommendSplit,
  scoreTask,
  type EvalTask,
  type ModelName,
  type ModelResult,
  type RecommendSplit,
  type SelectedResult,
  type TaskReport,
  type TaskWithValidation,
  evaluateOnDemoTastes,
  type TasteReport,
} from './eval/index.js';

/**
 * NDCG at k with graded gains (e.g. the demo shop's true preferences), the ideal over the non-excluded items.
 *
 * @example
 * gradedNdcgAtK(topK(scores, 10, bought), truePreference, 10, bought);
 */
export { gradedNdcgAtK } from './graded-ndcg.js';

/**
 * Serving: the recommender the pipeline trains (every model compared on a time-split holdout of the orders, the best
 * served), its stored artifact, and request-time scoring of a customer's history (fold-in, no retraining).
 *
 * @example
 * const trained = await trainRecommender({ source, settle, clock }, { seed: 'r1' });
 * await models.register(recommenderCandidate(trained, 'r1'));
 * const scorer = createScorer(parseRecommenderArtifact(trained.artifact));
 * scorer.score([{ index: scorer.indexOf('p_1')!, bought: 1, interest: 1 }]).scores;
 */
export {
  trainRecommender,
  recommenderCandidate,
  RECOMMENDER_NAME,
  RECOMMENDER_MODELS,
  type TrainedRecommender,
  type RecommenderComparison,
  type RecommenderDeps,
} from './serving/train-recommender.js';
export { parseRecommenderArtifact, type RecommenderArtifact } from './serving/artifact.js';
export { createScorer, type HistoryEntry, type RecommenderScorer } from './serving/scorer.js';
export {
  createRecommendationService,
  type RecommendationService,
  type RecommendationServiceDeps,
  type Recommendations,
} from './serving/recommendation-service.js';
export { defaultRecommendRules, parseRecommendRules } from './serving/rules-config.js';
export type { RecommendRules, RecommendRequest, Reason, CatalogueItem } from './serving/types.js';
