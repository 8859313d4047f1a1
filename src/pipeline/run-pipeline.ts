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
  STAGES,
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
 * The model pipeline: prepare (settle, fingerprint the data, data-quality report) → enrich (the jobs with
 * `phase: 'enrich'`, whose live versions make what profiles read, each trained, evaluated and promoted) → profiles
 * (rebuild) → train every other model job → evaluate (held-out metrics against the active version) → promote (the
 * registry's decision), then each job's `afterRegistration`. Every stage is reported with its status, timing and details; a failed job does not stop the
 * others, and only a failed fingerprint stops the run.
 *
 * A run on unchanged data changes nothing: a job whose version was trained by the pipeline on data with the same
 * fingerprint, with the same settings and code, is skipped as up to date, and the profiles are not rebuilt when every
 * job is up to date, the runs that trained them built the profiles on this data, and no enrichment changed.
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
    for (const stage of STAGES.filter((s) => s !== 'prepare'))
      finish({ stage, status: 'skipped', reason: 'the data could not be read', seconds: 0, details: {} });
    return report();
  }
  const data = fingerprint.digest;

  const enrichPlans = await planJobs(
    deps,
    jobs.filter((j) => j.phase === 'enrich'),
    { data, run, force },
  );
  let profilesBuilt = false;

  /** One job's step: a job that does not apply is skipped (and remembered), an error fails it (and is remembered). */
  type Step = Omit<JobStep, 'job' | 'seconds'>;
  const runStep = async (
    name: StageName,
    plan: JobPlan,
    step: (plan: JobPlan) => Promise<Step>,
  ): Promise<Step> => {
    try {
      return await step(plan);
    } catch (error) {
      if (error instanceof JobNotApplicable) {
        plan.notApplicable = error.message;
        return { status: 'skipped', reason: error.message, details: {} };
      }
      plan.failedAt = name;
      return { status: 'failed', error: stepError(error), details: {} };
    }
  };
  const notReady = (plan: JobPlan): Step | null => {
    if (plan.upToDate) return { status: 'skipped', reason: plan.upToDate.reason, details: {} };
    if (plan.failedAt) return { status: 'skipped', reason: `${plan.failedAt} failed`, details: {} };
    if (plan.notApplicable !== null) return { status: 'skipped', reason: plan.notApplicable, details: {} };
    return null;
  };

  const train =
    (stageName: StageName) =>
    async (plan: JobPlan): Promise<Step> => {
      if (plan.upToDate) return { status: 'skipped', reason: plan.upToDate.reason, details: {} };
      if (plan.error) throw plan.error;
      const trained = await plan.job.train(deps.training, {
        ...run,
        onStage: (step) => notify({ stage: stageName, job: plan.job.name, step }),
      });
      if (trained.candidate.name !== plan.job.name)
        throw new Error(`job ${plan.job.name} trained a model named ${trained.candidate.name}`);
      plan.trained = trained;
      return { status: 'ok', details: trained.summary };
    };

  const evaluate = async (plan: JobPlan): Promise<Step> => {
    const skip = notReady(plan);
    if (skip) return skip;
    const trained = plan.trained as TrainedJob<unknown>;
    const record: PipelineRecord = {
      data,
      ...(plan.enrichments ? { enrichments: plan.enrichments } : {}),
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
  };

  /**
   * Set when an enrichment wrote what profiles read without a new version going live (a candidate that lost, or a
   * catch-up): a new live version needs no flag, since the profile readers record the live versions and fall out of
   * date by themselves.
   */
  let enriched = false;
  const promote = async (plan: JobPlan): Promise<Step> => {
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
      const after = (await hook.call(plan.job, plan.trained?.result, registration)) ?? {};
      details.afterRegistration = after;
      // A version that stayed a candidate may still have written (e.g. intents of new conversations by the live one).
      if (plan.job.phase === 'enrich' && (after as { changed?: unknown }).changed === true) enriched = true;
      return { status: 'ok', details };
    } catch (error) {
      return { status: 'failed', error: stepError(error), details };
    }
  };

  // 2. enrich: the jobs whose live versions make what profiles read, trained, evaluated and promoted before them.
  if (enrichPlans.length > 0) {
    const t = performance.now();
    const steps: JobStep[] = [];
    for (const plan of enrichPlans) {
      const s = performance.now();
      notify({ stage: 'enrich', job: plan.job.name, step: 'starting' });
      const { upToDate, job } = plan;
      if (upToDate && job.catchUp) {
        // Up to date: no training, but what the live version writes is brought up to date (a failed write before).
        const step = await runStep('enrich', plan, async () => {
          const caughtUp = await job.catchUp!(deps.training, run);
          if (caughtUp.changed) enriched = true;
          return { status: 'skipped', reason: upToDate.reason, details: { catchUp: caughtUp } };
        });
        steps.push({ job: job.name, ...step, seconds: secondsSince(s) });
        continue;
      }
      const parts: Record<string, unknown> = {};
      let outcome: Step = { status: 'ok', details: parts };
      for (const [name, step] of [
        ['train', train('enrich')],
        ['evaluate', evaluate],
        ['promote', promote],
      ] as const) {
        const r = await runStep('enrich', plan, step);
        parts[name] = r.details;
        if (r.status !== 'ok') {
          outcome = { ...r, details: parts };
          break;
        }
      }
      steps.push({ job: plan.job.name, ...outcome, seconds: secondsSince(s) });
    }
    finish({ stage: 'enrich', ...stageStatus(steps), seconds: secondsSince(t), details: {}, jobs: steps });
  }

  // What profiles read depends on the live enrichments too: a job that reads profiles is judged (up to date or not)
  // and recorded on the data and the versions of the enrichments live now, so that a new one, even on data the
  // profiles were built on, rebuilds them and retrains what reads them, in this run or, if it fails, the next.
  // (A registry that cannot be read fails the jobs' plans below; the digest then does not matter.)
  const enrichments = await liveVersions(
    deps.models,
    enrichPlans.map((p) => p.job.name),
  ).catch(() => null);
  const modelPlans = await planJobs(
    deps,
    jobs.filter((j) => j.phase !== 'enrich'),
    { data, run, force, enrichments },
  );

  // 3. profiles
  {
    const t = performance.now();
    // Jobs that do not read profiles (the recommender reads orders) neither need nor prevent a rebuild.
    const readers = modelPlans.filter((p) => p.job.usesProfiles !== false);
    // An enrichment that wrote while its version stayed live (catching up) changed what they read: rebuilt.
    const current =
      !enriched && readers.length > 0 && readers.every((p) => p.upToDate?.record.profiles === true);
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

  // 4–6. train, evaluate, promote: one step per model job each.
  const stage = async (name: StageName, step: (plan: JobPlan) => Promise<Step>) => {
    const t = performance.now();
    const steps: JobStep[] = [];
    for (const plan of modelPlans) {
      const s = performance.now();
      notify({ stage: name, job: plan.job.name, step: 'starting' });
      const result = await runStep(name, plan, step);
      steps.push({ job: plan.job.name, ...result, seconds: secondsSince(s) });
    }
    finish({ stage: name, ...stageStatus(steps), seconds: secondsSince(t), details: {}, jobs: steps });
  };
  await stage('train', train('train'));
  await stage('evaluate', evaluate);
  await stage('promote', promote);

  return report();
}

/** The live version of each named model (null: none), or null without names. */
async function liveVersions(
  models: PipelineDeps['models'],
  names: readonly string[],
): Promise<Record<string, number | null> | null> {
  if (names.length === 0) return null;
  const summaries = await models.list();
  return Object.fromEntries(
    names.map((name) => [name, summaries.find((s) => s.name === name)?.active?.version ?? null]),
  );
}
