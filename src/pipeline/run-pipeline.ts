import { performance } from 'node:perf_hooks';
import { decidePromotion, parseModelCandidate } from '../models/index.js';
import {
  JobNotApplicable,
  type JobSettings,
  type ModelJob,
  type PipelineRecord,
  type TrainedJob,
} from './model-job.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { planJobs, type JobPlan } from './plan-jobs.js';
import { prepareStage } from './prepare-stage.js';
import {
  secondsSince,
  stageStatus,
  stepError,
  type JobStep,
  type PipelineProgress,
  type PipelineReport,
  type StageName,
  type StageReport,
} from './report.js';

export type { PipelineDeps } from './pipeline-deps.js';

export interface PipelineOptions {
  /** Profiles, features and scores as of this time (default: profiles now, models the latest event or order). */
  asOf?: number;
  /** Rebuild and retrain even what is up to date. */
  force?: boolean;
  /** Seed of the models' bagging and hold-outs (default `0`). */
  seed?: string;
  onProgress?: (progress: PipelineProgress) => void;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The model pipeline: prepare (settle, fingerprint the data, data-quality report) → profiles (rebuild) → train every
 * model job → evaluate (held-out metrics against the active version) → promote (the registry's decision), then each
 * job's `afterRegistration`. Every stage is reported with its status, timing and details; a failed job does not stop the
 * others, and only a failed fingerprint stops the run.
 *
 * A run on unchanged data changes nothing: a job whose version was trained by the pipeline on data with the same
 * fingerprint, with the same settings and code, is skipped as up to date, and the profiles are not rebuilt when every
 * job is up to date and the runs that trained them built the profiles on this data.
 */
export async function runPipeline(
  deps: PipelineDeps,
  jobs: readonly ModelJob[],
  options: PipelineOptions = {},
): Promise<PipelineReport> {
  const startedAt = deps.clock.now();
  const started = performance.now();
  const force = options.force ?? false;
  const seed = options.seed ?? '0';
  const run = { seed, ...(options.asOf === undefined ? {} : { asOf: options.asOf }) };
  const notify = options.onProgress ?? (() => {});
  const stages: StageReport[] = [];
  const changed: PipelineReport['changed'] = { profiles: false, registered: [], promoted: [] };
  const finish = (stage: StageReport) => {
    stages.push(stage);
    notify({ stage: stage.stage, step: stage.status, finished: stage });
  };

  // 1. prepare
  const prepared = await prepareStage(deps, notify);
  const fingerprint = prepared.fingerprint;
  finish(prepared.stage);
  const report = (): PipelineReport => ({
    ok: stages.every((s) => s.status !== 'failed'),
    startedAt: iso(startedAt),
    finishedAt: iso(deps.clock.now()),
    seconds: secondsSince(started),
    options: { asOf: options.asOf === undefined ? null : iso(options.asOf), force, seed },
    data: fingerprint,
    stages,
    changed,
  });
  if (fingerprint === null) {
    for (const stage of ['profiles', 'train', 'evaluate', 'promote'] as const)
      finish({ stage, status: 'skipped', reason: 'the data could not be read', seconds: 0, details: {} });
    return report();
  }
  const data = fingerprint.digest;

  const plans = await planJobs(deps, jobs, { data, run, force });

  // 2. profiles
  let profilesBuilt = false;
  {
    const t = performance.now();
    // Jobs that do not read profiles (the recommender reads orders) neither need nor prevent a rebuild.
    const readers = plans.filter((p) => p.job.usesProfiles !== false);
    const current = readers.length > 0 && readers.every((p) => p.upToDate?.record.profiles === true);
    if (current && !force) {
      profilesBuilt = true;
      const versions = readers.map((p) => `${p.job.name} v${p.upToDate?.version}`);
      finish({
        stage: 'profiles',
        status: 'skipped',
        reason: `up to date: built on this data by the runs that trained ${versions.join(', ')}`,
        seconds: 0,
        details: {},
      });
    } else {
      try {
        notify({ stage: 'profiles', step: 'rebuilding' });
        const built = await deps.profiles.build({
          ...(options.asOf === undefined ? {} : { asOf: options.asOf }),
          onProgress: (step, done) => notify({ stage: 'profiles', step, done }),
        });
        profilesBuilt = true;
        changed.profiles = true;
        finish({
          stage: 'profiles',
          status: 'ok',
          seconds: secondsSince(t),
          details: {
            ...built,
            asOf: iso(built.asOf),
            rfmAsOf: built.rfmAsOf === null ? null : iso(built.rfmAsOf),
          },
        });
      } catch (error) {
        finish({
          stage: 'profiles',
          status: 'failed',
          error: stepError(error),
          seconds: secondsSince(t),
          details: {},
        });
      }
    }
  }

  // 3–5. train, evaluate, promote: one step per job each.
  const stage = async (
    name: StageName,
    step: (plan: JobPlan) => Promise<Omit<JobStep, 'job' | 'seconds'>>,
  ) => {
    const t = performance.now();
    const steps: JobStep[] = [];
    for (const plan of plans) {
      const s = performance.now();
      notify({ stage: name, job: plan.job.name, step: 'starting' });
      let result: Omit<JobStep, 'job' | 'seconds'>;
      try {
        result = await step(plan);
      } catch (error) {
        if (error instanceof JobNotApplicable) {
          plan.notApplicable = error.message;
          steps.push({
            job: plan.job.name,
            status: 'skipped',
            reason: error.message,
            details: {},
            seconds: secondsSince(s),
          });
          continue;
        }
        plan.failedAt = name;
        result = { status: 'failed', error: stepError(error), details: {} };
      }
      steps.push({ job: plan.job.name, ...result, seconds: secondsSince(s) });
    }
    finish({ stage: name, ...stageStatus(steps), seconds: secondsSince(t), details: {}, jobs: steps });
  };
  const notReady = (plan: JobPlan): Omit<JobStep, 'job' | 'seconds'> | null => {
    if (plan.upToDate) return { status: 'skipped', reason: plan.upToDate.reason, details: {} };
    if (plan.failedAt) return { status: 'skipped', reason: `${plan.failedAt} failed`, details: {} };
    if (plan.notApplicable !== null) return { status: 'skipped', reason: plan.notApplicable, details: {} };
    return null;
  };

  await stage('train', async (plan) => {
    if (plan.upToDate) return { status: 'skipped', reason: plan.upToDate.reason, details: {} };
    if (plan.error) throw plan.error;
    const trained = await plan.job.train(deps.training, {
      ...run,
      onStage: (step) => notify({ stage: 'train', job: plan.job.name, step }),
    });
    if (trained.candidate.name !== plan.job.name)
      throw new Error(`job ${plan.job.name} trained a model named ${trained.candidate.name}`);
    plan.trained = trained;
    return { status: 'ok', details: trained.summary };
  });

  await stage('evaluate', async (plan) => {
    const skip = notReady(plan);
    if (skip) return skip;
    const trained = plan.trained as TrainedJob<unknown>;
    const record: PipelineRecord = {
      data,
      settings: plan.settings as JobSettings,
      profiles: profilesBuilt,
    };
    const candidate = parseModelCandidate({
      ...trained.candidate,
      params: { ...trained.candidate.params, pipeline: record },
      codeVersion: deps.codeVersion,
    });
    plan.candidate = candidate;
    const { name, higherIsBetter } = candidate.primaryMetric;
    const active = plan.summary?.active ?? null;
    const expected = decidePromotion(candidate, active, deps.models.margin);
    return {
      status: 'ok',
      details: {
        heldOut: candidate.metrics,
        primaryMetric: { name, higherIsBetter, value: candidate.metrics[name] ?? null },
        active: active ? { version: active.version, value: active.metrics[name] ?? null } : null,
        expected: `${expected.promote ? 'better' : 'not better'}: ${expected.reason}`,
      },
    };
  });

  await stage('promote', async (plan) => {
    const skip = notReady(plan);
    if (skip) return skip;
    const scoring = plan.trained ? plan.job.scoring?.(plan.trained.result) : undefined;
    const registration = await deps.models.register(plan.candidate, {
      actor: 'pipeline',
      ...(scoring?.options ?? {}),
    });
    const ref = `${registration.model.name}@${registration.model.version}`;
    changed.registered.push(ref);
    if (registration.promoted) changed.promoted.push(ref);
    const details: Record<string, unknown> = {
      id: registration.model.id,
      version: registration.model.version,
      status: registration.model.status,
      promoted: registration.promoted,
      reason: registration.reason,
    };
    if (scoring) details.scores = await scoring.prune(registration.model.name);
    const hook = plan.job.afterRegistration;
    if (!hook) return { status: 'ok', details };
    try {
      details.afterRegistration = (await hook.call(plan.job, plan.trained?.result, registration)) ?? {};
      return { status: 'ok', details };
    } catch (error) {
      return { status: 'failed', error: stepError(error), details };
    }
  });

  return report();
}
