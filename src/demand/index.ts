/**
 * Demand models on the profiles' history: purchase propensity and churn, point-in-time correct (features of a
 * cutoff use only what happened up to it) and evaluated out of time.
 *
 * @example
 * const trained = await trainDemandModel(deps, { kind: 'propensity' }); // trained.metrics.rocAuc, trained.scores
 * await models.register(demandCandidate(trained, 0), { actor: 'pipeline' });
 */
export {
  trainDemandModel,
  type DemandDeps,
  type DemandKind,
  type TrainDemandOptions,
  type TrainedDemandModel,
} from './train-demand.js';
export { demandCandidate } from './demand-candidate.js';
export { demandScores } from './demand-scores.js';

/**
 * Customer value: expected spend over the next horizon (default 90 days) per customer with an order, BG/NBD +
 * Gamma-Gamma or a GBDT regressor (the lower held-out RMSE), reported against the naive historical spend rate;
 * P(alive) and the expected next-order date from BG/NBD.
 *
 * @example
 * const trained = await trainClvModel(deps, { horizonDays: 90 }); // trained.heldOut.baseline.rmse, trained.scores
 * trained.nextOrderAt.get(customerId); // epoch ms, or null when the customer has probably stopped buying
 * const scoring = scoresFirst(stores.scores, clvScores(trained)); // detail.extra: P(alive), next order, …
 * await models.register(clvCandidate(trained, 0), { actor: 'pipeline', ...scoring.options });
 */
export {
  trainClvModel,
  type ClvModelKind,
  type SpendMetrics,
  type TrainClvOptions,
  type TrainedClvModel,
} from './train-clv.js';
export {
  clvInputsAt,
  clvPopulationAt,
  readPlacedOrders,
  type ClvInputs,
  type ClvPopulation,
} from './clv-inputs.js';
export { clvCandidate } from './clv-candidate.js';
export { clvScores } from './clv-scores.js';
export { buildFrame, frameColumns, type FeatureFrame, type FrameColumn } from './frame.js';
