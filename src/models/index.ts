/**
 * The model registry: every trained model is a versioned artifact with its training metadata; a new version goes
 * live only if it beats the active one on its held-out metric by the configured margin.
 *
 * @example
 * const models = createModelRegistry({ store: stores.models, clock, margin: config.models.promotionMargin });
 * const { promoted, reason } = await models.register({ name: 'churn_60d', modelType: 'gbdt', … });
 * await models.rollback('churn_60d', undefined, 'cli');
 */
export {
  createModelRegistry,
  type ModelRegistry,
  type RegisterOptions,
  type ModelRegistryDeps,
  type ModelSummary,
  type Registration,
} from './model-registry.js';
export {
  isModelName,
  MODEL_NAME_PATTERN,
  modelCandidateSchema,
  parseModelCandidate,
  parseModelRef,
  type ModelCandidate,
  type ModelRef,
} from './model-candidate.js';
export {
  decidePromotion,
  formatMetric,
  promotionChanges,
  registrationChanges,
  rollbackChanges,
  type PromotionDecision,
} from './promotion-rule.js';
export { presentModel, presentModelEvent, presentModelHeader, presentModelSummary } from './present-model.js';
export type * from './ports.js';
