import { createHash } from 'node:crypto';
import type { DemandDeps } from '../demand/index.js';
import type { RecommenderDeps } from '../recommend/index.js';
import type {
  ModelRegistry,
  ModelSummary,
  ModelVersion,
  RegisterOptions,
  Registration,
} from '../models/index.js';

/** What model jobs train on: the profiles' history, read point in time, and the segments (for the recommender). */
export type TrainingDeps = DemandDeps & Pick<RecommenderDeps, 'segments'>;

export interface JobRun {
  /** Score as of this time (default: the latest event or order). */
  asOf?: number;
  seed: string;
}

/** Everything besides the data and the code that decides what a job trains: JSON scalars. */
export type JobSettings = Record<string, string | number | boolean | null>;

export interface TrainedJob<T> {
  /** The job's own result (fitted model, scores, …): `afterRegistration` gets it. */
  result: T;
  /** What the model registry takes (`modelCandidateSchema`); its metrics are the held-out ones. */
  candidate: { name: string; params: Record<string, unknown> } & Record<string, unknown>;
  /** Facts for the report (model chosen, rows, window): JSON. */
  summary: Record<string, unknown>;
}

/**
 * One model the pipeline keeps trained. `train` fits and evaluates it (the candidate carries held-out metrics); the
 * pipeline registers the candidate, and the registry promotes it only if it beats the active version. A job whose
 * active or latest version was trained by the pipeline on the same data, with the same settings and code, is up to
 * date and is not retrained.
 */
export interface ModelJob<T = unknown> {
  /** The registry name the job registers, e.g. `propensity_30d`. */
  readonly name: string;
  /** False for a job that does not read profiles: the profiles are then rebuilt only for the jobs that do. */
  readonly usesProfiles?: boolean;
  /**
   * `enrich`: the job makes what profiles read (e.g. the intent of each support conversation), so the pipeline trains,
   * evaluates and promotes it before the profiles are rebuilt (the `enrich` stage), and rebuilds them when its version
   * went live. Such a job must not read profiles.
   */
  readonly phase?: 'enrich';
  /**
   * For an enrichment job found up to date: brings what its live version writes up to date anyway (e.g. lets it read
   * the conversations it has not read, after a write that failed). `changed` makes the pipeline rebuild the profiles.
   */
  catchUp?(deps: TrainingDeps, run: JobRun): Promise<{ changed: boolean } & Record<string, unknown>>;
  settings(deps: TrainingDeps, run: JobRun): JobSettings;
  train(deps: TrainingDeps, run: JobRun & { onStage(step: string): void }): Promise<TrainedJob<T>>;
  /**
   * Runs after the registry's decision, whether the version went live or not (`registration.promoted`), e.g. to
   * publish a promoted version's scores. What it returns is reported; a failure fails the job's promote step, but
   * the version stays registered, so a later run on the same data finds the job up to date and does not call it
   * again (`force` does).
   */
  afterRegistration?(result: T, registration: Registration): Promise<Record<string, unknown> | void>;
  /**
   * The version's scores: stored under its id before the registry decides its status (so it never goes live
   * without them), then older versions' scores pruned; the counts are reported.
   */
  scoring?(result: T): {
    options: Pick<RegisterOptions, 'beforeDecision' | 'onAbort'>;
    prune(name: string): Promise<{ written: number; pruned: number }>;
  };
}

/**
 * Thrown by a job's `train` when the data has nothing the model is for (e.g. a recommender over orders imported
 * without their lines): the job is reported as skipped with this reason, not failed.
 */
export class JobNotApplicable extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'JobNotApplicable';
  }
}

/** What a version trained by the pipeline records, as `params.pipeline`. */
export interface PipelineRecord {
  /** The data fingerprint's digest. */
  data: string;
  settings: JobSettings;
  /** The run also built the profiles on this data (or found them built on it). */
  profiles: boolean;
  /**
   * For a job that reads profiles, in a pipeline with enrichment jobs: the version of each enrichment live when it was
   * trained (null: none). Profiles read what those versions wrote, so a new one makes the job out of date.
   */
  enrichments?: Record<string, number | null>;
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

/** 16 hex digits of SHA-256 over a value's canonical JSON (keys sorted). */
export function digestOf(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex').slice(0, 16);
}

/** The features and computed traits jobs train on: a changed definition makes every version out of date. */
export function inputsDigest(deps: TrainingDeps): string {
  return digestOf({ features: deps.features.catalog(), computedTraits: deps.computedTraits });
}

export function pipelineRecordOf(params: Record<string, unknown>): PipelineRecord | null {
  const r = params.pipeline;
  if (typeof r !== 'object' || r === null) return null;
  const { data, settings, profiles, enrichments } = r as Record<string, unknown>;
  if (typeof data !== 'string' || typeof settings !== 'object' || settings === null) return null;
  const record: PipelineRecord = { data, settings: settings as JobSettings, profiles: profiles === true };
  if (typeof enrichments === 'object' && enrichments !== null && !Array.isArray(enrichments))
    record.enrichments = enrichments as Record<string, number | null>;
  return record;
}

/**
 * The version of `summary` that makes retraining pointless: the active one, else the latest, when the pipeline
 * trained it on data with this digest, with these settings and this code. Null when there is none.
 */
export async function upToDateVersion(
  models: Pick<ModelRegistry, 'getVersion'>,
  summary: ModelSummary | undefined,
  want: {
    data: string;
    settings: JobSettings;
    codeVersion: string;
    enrichments?: Record<string, number | null>;
  },
): Promise<{ version: ModelVersion; record: PipelineRecord } | null> {
  if (!summary) return null;
  const headers = summary.active ? [summary.active, summary.latest] : [summary.latest];
  const seen = new Set<number>();
  for (const header of headers) {
    if (seen.has(header.version)) continue;
    seen.add(header.version);
    const version = await models.getVersion(summary.name, header.version);
    const record = pipelineRecordOf(version.params);
    if (
      record !== null &&
      version.codeVersion === want.codeVersion &&
      record.data === want.data &&
      canonical(record.settings) === canonical(want.settings) &&
      canonical(record.enrichments ?? null) === canonical(want.enrichments ?? null)
    )
      return { version, record };
  }
  return null;
}
