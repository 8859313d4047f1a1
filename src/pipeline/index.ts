/**
 * The model pipeline: prepare → profiles → train every model job → evaluate → promote-if-better, reported stage by
 * stage. A run on unchanged data changes nothing: up-to-date jobs (same data fingerprint, settings and code) are
 * skipped.
 *
 * @example
 * const report = await runPipeline(deps, [demandJob('propensity'), clvJob()], { onProgress: (p) => show(p.stage) });
 * report.ok; // no stage failed
 * report.changed.promoted; // e.g. ['propensity_30d@4']
 */
export { runPipeline, type PipelineDeps, type PipelineOptions } from './run-pipeline.js';

/**
 * Model jobs: what the pipeline trains. A job names its registry model, its settings, how it trains, and what runs
 * after the registry's decision.
 *
 * @example
 * const jobs = [
 *   demandJob('propensity', { scoring: (trained) => scoresFirst(stores.scores, demandScores(trained)) }),
 *   demandJob('churn'),
 * ];
 */
export {
  digestOf,
  JobNotApplicable,
  inputsDigest,
  pipelineRecordOf,
  upToDateVersion,
  type JobRun,
  type JobSettings,
  type ModelJob,
  type PipelineRecord,
  type TrainedJob,
  type TrainingDeps,
} from './model-job.js';
export { clvJob, demandJob } from './demand-jobs.js';
export { recommendJob } from './recommend-job.js';
export { reviewSentimentJob } from './review-sentiment-job.js';
export {
  intentUpdates,
  readIntents,
  supportIntentJob,
  type IntentConversation,
  type TrainedSupportIntents,
} from './support-intent-job.js';

/**
 * The run's report and progress notices: plain JSON, so they cross worker threads and go out on the API unchanged.
 *
 * @example
 * const failed = report.stages.filter((s) => s.status === 'failed'); // each with error.code and error.message
 */
export {
  STAGES,
  stageStatus,
  stepError,
  type JobStep,
  type PipelineProgress,
  type PipelineReport,
  type StageName,
  type StageReport,
  type StepError,
  type StepStatus,
} from './report.js';
export type { DataFingerprint, DataFingerprintReads, TableFingerprint } from './ports.js';
