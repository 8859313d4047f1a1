import type { ModelSummary } from '../models/index.js';
import {
  upToDateVersion,
  type JobRun,
  type JobSettings,
  type ModelJob,
  type PipelineRecord,
  type TrainedJob,
} from './model-job.js';
import type { PipelineDeps } from './pipeline-deps.js';
import type { StageName } from './report.js';

/** One job through a run: what it was found to be, then what the stages made of it. */
export interface JobPlan {
  job: ModelJob;
  /** The live enrichment versions the job is judged on and records, if it reads profiles (see `planJobs`). */
  enrichments: Record<string, number | null> | null;
  settings: JobSettings | null;
  summary: ModelSummary | undefined;
  /** The version that makes training pointless, or null. */
  upToDate: { version: number; reason: string; record: PipelineRecord } | null;
  /** Why the plan could not be made (the registry could not be read), or null. */
  error: unknown;
  /** The stage where the job failed, or null. */
  failedAt: StageName | null;
  /** Why the job does not apply to this data (it threw `JobNotApplicable` while training), or null. */
  notApplicable: string | null;
  trained: TrainedJob<unknown> | null;
  /** The checked registry candidate, once evaluated. */
  candidate: unknown;
}

/** Each job's settings and, unless forced, the version that makes it up to date. Errors stay with their job. */
export async function planJobs(
  deps: Pick<PipelineDeps, 'models' | 'training' | 'codeVersion'>,
  jobs: readonly ModelJob[],
  /** `enrichments`: the live version of each enrichment job, which the jobs that read profiles depend on. */
  options: {
    data: string;
    run: JobRun;
    force: boolean;
    enrichments?: Record<string, number | null> | null;
  },
): Promise<JobPlan[]> {
  let summaries: ModelSummary[] | null = null;
  let listError: unknown = null;
  try {
    summaries = await deps.models.list();
  } catch (error) {
    listError = error;
  }
  const plans: JobPlan[] = [];
  for (const job of jobs) {
    const enrichments = (job.usesProfiles !== false && options.enrichments) || null;
    const plan: JobPlan = {
      job,
      enrichments,
      settings: null,
      summary: summaries?.find((s) => s.name === job.name),
      upToDate: null,
      error: listError,
      failedAt: null,
      notApplicable: null,
      trained: null,
      candidate: null,
    };
    plans.push(plan);
    if (plan.error) continue;
    try {
      plan.settings = job.settings(deps.training, options.run);
      const found = options.force
        ? null
        : await upToDateVersion(deps.models, plan.summary, {
            data: options.data,
            ...(enrichments ? { enrichments } : {}),
            settings: plan.settings,
            codeVersion: deps.codeVersion,
          });
      // A job that reads profiles, trained in a run whose profiles were not built (the rebuild failed), learned from
      // stale ones: it is trained again, once the profiles are.
      if (found && (job.usesProfiles === false || found.record.profiles))
        plan.upToDate = {
          version: found.version.version,
          reason: `up to date: v${found.version.version} was trained on this data with the same settings and code`,
          record: found.record,
        };
    } catch (error) {
      plan.error = error;
    }
  }
  return plans;
}
