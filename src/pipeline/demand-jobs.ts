import {
  clvCandidate,
  demandCandidate,
  trainClvModel,
  trainDemandModel,
  type DemandKind,
  type TrainedClvModel,
  type TrainedDemandModel,
} from '../demand/index.js';
import { inputsDigest, type ModelJob, type TrainedJob, type TrainingDeps } from './model-job.js';

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** What every trained demand or value model reports: its choice, its windows and how many it scored. */
interface WindowedModel {
  chosen: string;
  trainRows: number;
  validationRows: number;
  scores: Map<string, number>;
  window: { trainCutoff: number; validationCutoff: number; asOf: number };
}

/** What a caller wires to a job: scores stored with each version, and what runs after the registry's decision. */
export interface JobHooks<T> {
  scoring?: ModelJob<T>['scoring'];
  afterRegistration?: ModelJob<T>['afterRegistration'];
}

/** A model job over a trainer of the windowed kind: the settings that make it up to date, and its report summary. */
function windowedJob<T extends WindowedModel>(
  spec: {
    name: string;
    settings: Record<string, string | number>;
    train(
      deps: TrainingDeps,
      options: { seed: string; asOf?: number; onStage(step: string): void },
    ): Promise<T>;
    candidate(trained: T, seed: string): TrainedJob<T>['candidate'];
    summary?(trained: T): Record<string, unknown>;
  },
  hooks: JobHooks<T>,
): ModelJob<T> {
  const job: ModelJob<T> = {
    name: spec.name,
    settings: (deps, run) => ({
      ...spec.settings,
      seed: run.seed,
      asOf: run.asOf ?? null,
      inputs: inputsDigest(deps),
    }),
    async train(deps, run) {
      const trained = await spec.train(deps, {
        seed: run.seed,
        ...(run.asOf === undefined ? {} : { asOf: run.asOf }),
        onStage: run.onStage,
      });
      return {
        result: trained,
        candidate: spec.candidate(trained, run.seed),
        summary: {
          chosen: trained.chosen,
          ...spec.summary?.(trained),
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
  if (hooks.scoring) job.scoring = hooks.scoring;
  if (hooks.afterRegistration) job.afterRegistration = hooks.afterRegistration;
  return job;
}

/**
 * A demand model as a pipeline job: purchase propensity (default 30 days) or churn (default 60 days), trained and
 * evaluated out of time by `trainDemandModel`, registered as `<kind>_<horizon>d`.
 */
export function demandJob(
  kind: DemandKind,
  options: { horizonDays?: number } & JobHooks<TrainedDemandModel> = {},
): ModelJob<TrainedDemandModel> {
  const horizonDays = options.horizonDays ?? (kind === 'propensity' ? 30 : 60);
  return windowedJob(
    {
      name: `${kind}_${horizonDays}d`,
      settings: { kind, horizonDays },
      train: (deps, o) => trainDemandModel(deps, { kind, horizonDays, ...o }),
      candidate: demandCandidate,
    },
    options,
  );
}

/**
 * The customer-value model as a pipeline job: expected spend over the horizon (default 90 days) by BG/NBD +
 * Gamma-Gamma or a GBDT regressor, whichever has the lower held-out RMSE, registered as `clv_<horizon>d`.
 */
export function clvJob(
  options: { horizonDays?: number } & JobHooks<TrainedClvModel> = {},
): ModelJob<TrainedClvModel> {
  const horizonDays = options.horizonDays ?? 90;
  return windowedJob(
    {
      name: `clv_${horizonDays}d`,
      settings: { kind: 'clv', horizonDays },
      train: (deps, o) => trainClvModel(deps, { horizonDays, ...o }),
      candidate: clvCandidate,
      summary: (t) => ({
        ...(Object.keys(t.skipped).length > 0 ? { skipped: t.skipped } : {}),
        beatsBaseline: t.beatsBaseline,
        rmseImprovement: t.rmseImprovement,
      }),
    },
    options,
  );
}
