import {
  clvCandidate,
  demandCandidate,
  trainClvModel,
  trainDemandModel,
  type DemandKind,
  type TrainedClvModel,
  type TrainedDemandModel,
} from '../demand/index.js';
import type { Registration } from '../models/index.js';
import { inputsDigest, type ModelJob } from './model-job.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * A demand model as a pipeline job: purchase propensity (default 30 days) or churn (default 60 days), trained and
 * evaluated out of time by `trainDemandModel`, registered as `<kind>_<horizon>d`.
 */
export function demandJob(
  kind: DemandKind,
  options: {
    horizonDays?: number;
    afterRegistration?: (
      trained: TrainedDemandModel,
      registration: Registration,
    ) => Promise<Record<string, unknown> | void>;
    scoring?: ModelJob<TrainedDemandModel>['scoring'];
  } = {},
): ModelJob<TrainedDemandModel> {
  const horizonDays = options.horizonDays ?? (kind === 'propensity' ? 30 : 60);
  const job: ModelJob<TrainedDemandModel> = {
    name: `${kind}_${horizonDays}d`,
    settings: (deps, run) => ({
      kind,
      horizonDays,
      seed: run.seed,
      asOf: run.asOf ?? null,
      inputs: inputsDigest(deps),
    }),
    async train(deps, run) {
      const trained = await trainDemandModel(deps, {
        kind,
        horizonDays,
        seed: run.seed,
        ...(run.asOf === undefined ? {} : { asOf: run.asOf }),
        onStage: run.onStage,
      });
      return {
        result: trained,
        candidate: demandCandidate(trained, run.seed),
        summary: {
          chosen: trained.chosen,
          trainRows: trained.trainRows,
          validationRows: trained.validationRows,
          scored: trained.scores.size,
          window: {
            trainCutoff: day(trained.window.trainCutoff),
            validationCutoff: day(trained.window.validationCutoff),
            asOf: new Date(trained.window.asOf).toISOString(),
          },
        },
      };
    },
  };
  if (options.afterRegistration) job.afterRegistration = options.afterRegistration;
  if (options.scoring) job.scoring = options.scoring;
  return job;
}

/**
 * The customer-value model as a pipeline job: expected spend over the horizon (default 90 days) by BG/NBD +
 * Gamma-Gamma or a GBDT regressor, whichever has the lower held-out RMSE, registered as `clv_<horizon>d`.
 */
export function clvJob(
  options: {
    horizonDays?: number;
    scoring?: ModelJob<TrainedClvModel>['scoring'];
    afterRegistration?: ModelJob<TrainedClvModel>['afterRegistration'];
  } = {},
): ModelJob<TrainedClvModel> {
  const horizonDays = options.horizonDays ?? 90;
  const job: ModelJob<TrainedClvModel> = {
    name: `clv_${horizonDays}d`,
    settings: (deps, run) => ({
      kind: 'clv',
      horizonDays,
      seed: run.seed,
      asOf: run.asOf ?? null,
      inputs: inputsDigest(deps),
    }),
    async train(deps, run) {
      const trained = await trainClvModel(deps, {
        horizonDays,
        seed: run.seed,
        ...(run.asOf === undefined ? {} : { asOf: run.asOf }),
        onStage: run.onStage,
      });
      return {
        result: trained,
        candidate: clvCandidate(trained, run.seed),
        summary: {
          chosen: trained.chosen,
          ...(Object.keys(trained.skipped).length > 0 ? { skipped: trained.skipped } : {}),
          beatsBaseline: trained.beatsBaseline,
          rmseImprovement: trained.rmseImprovement,
          trainRows: trained.trainRows,
          validationRows: trained.validationRows,
          scored: trained.scores.size,
          window: {
            trainCutoff: day(trained.window.trainCutoff),
            validationCutoff: day(trained.window.validationCutoff),
            asOf: new Date(trained.window.asOf).toISOString(),
          },
        },
      };
    },
  };
  if (options.scoring) job.scoring = options.scoring;
  if (options.afterRegistration) job.afterRegistration = options.afterRegistration;
  return job;
}
