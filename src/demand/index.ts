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
export { buildFrame, frameColumns, type FeatureFrame, type FrameColumn } from './frame.js';
