export {
  buildTask,
  buildValidationTask,
  parseRecommendSplit,
  VALIDATION_DAYS,
  type RecommendSplit,
  type InteractionRows,
} from './build-task.js';
export { indexIds, type EvalTask, type TaskWithValidation } from './eval-task.js';
export { evaluateModels, scoreTask, seenItems, type ModelResult, type ModelSpec } from './evaluate.js';
export {
  loadInteractions,
  parseTime,
  type LoadedInteractions,
  type LoadInteractionsOptions,
} from './load-interactions.js';
export { onlineRetailTasks, ONLINE_RETAIL_SPLIT, type OnlineRetailTasks } from './online-retail.js';
export { blendModels, learnBlendWeights, normaliseScores, type LearnedBlend } from './blend.js';
export {
  evaluateWithSelection,
  MODEL_NAMES,
  oneStandardError,
  type ModelName,
  type SelectedResult,
  type TaskReport,
} from './select-models.js';
export { demoTrainInput, evaluateOnDemoTastes, type TasteReport, type TasteResult } from './demo-tastes.js';
