import type { Logger } from 'pino';
import {
  stepError,
  type PipelineProgress,
  type PipelineReport,
  type StageName,
  type StepError,
} from '../pipeline/index.js';
import { AppError, type Clock } from '../shared/index.js';
import type { PipelineRequest, PipelineRun } from './pipeline-thread.js';

export type PipelineTrigger = 'schedule' | 'api';

export interface PipelineStatus {
  state: 'idle' | 'running';
  /** The run in progress: what started it, when, and where it is. */
  running: {
    trigger: PipelineTrigger;
    startedAt: number;
    stage: StageName | null;
    job: string | null;
    step: string;
  } | null;
  /** The last finished run: its report, or the error that kept it from reporting (its thread died). */
  last: {
    trigger: PipelineTrigger;
    startedAt: number;
    finishedAt: number;
    report: PipelineReport | null;
    error: StepError | null;
  } | null;
  /** RAPPORT_PIPELINE_INTERVAL in ms, or null when runs are not scheduled. */
  intervalMs: number | null;
  /** When the next scheduled run starts (null while one runs, or when none is scheduled). */
  nextRunAt: number | null;
}

export interface PipelineScheduler {
  status(): PipelineStatus;
  /**
   * Starts a run now. Throws `pipeline_running` when one is in progress (never two at once). Resolves once the run
   * has started; `finished` resolves when it has ended, whatever the outcome.
   */
  runNow(request?: PipelineRequest, trigger?: PipelineTrigger): Promise<{ finished: Promise<void> }>;
  /** Arms the schedule: a run every `intervalMs` after the last one ended. Nothing when there is no interval. */
  start(): void;
  /** Disarms the schedule and stops a run in progress. */
  stop(): Promise<void>;
}

/** The longest delay a Node timer holds (2^31 − 1 ms, about 24.8 days); a longer one fires after 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs the pipeline on a schedule and on demand, one run at a time, each through `start` (a worker thread in the
 * server), and keeps the last run's report for `GET /v1/pipeline`. The next scheduled run is timed from the end of
 * the previous one, so a slow run is never overlapped.
 */
export function createPipelineScheduler(deps: {
  start: (request: PipelineRequest, onProgress: (progress: PipelineProgress) => void) => Promise<PipelineRun>;
  clock: Clock;
  logger: Logger;
  intervalMs: number | null;
}): PipelineScheduler {
  const { clock, logger, intervalMs } = deps;
  let running: NonNullable<PipelineStatus['running']> | null = null;
  let current: PipelineRun | null = null;
  let finishing: Promise<void> | null = null;
  let last: PipelineStatus['last'] = null;
  let timer: NodeJS.Timeout | null = null;
  let nextRunAt: number | null = null;
  let armed = false;
  let stopped = false;

  const disarm = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    nextRunAt = null;
  };
  /** Waits until `due` in steps a Node timer can hold (longer delays would fire at once), then runs. */
  const wait = (due: number) => {
    const left = due - clock.now();
    timer = setTimeout(
      () => {
        timer = null;
        if (due - clock.now() > 0) return wait(due);
        nextRunAt = null;
        runNow({}, 'schedule').catch((error: unknown) =>
          logger.error({ error: stepError(error) }, 'scheduled pipeline run could not start'),
        );
      },
      Math.max(0, Math.min(left, MAX_TIMER_MS)),
    );
    timer.unref();
  };
  const arm = () => {
    disarm();
    if (!armed || stopped || intervalMs === null || running) return;
    nextRunAt = clock.now() + intervalMs;
    wait(nextRunAt);
  };

  const finish = (
    run: NonNullable<PipelineStatus['running']>,
    report: PipelineReport | null,
    error: unknown,
  ) => {
    last = {
      trigger: run.trigger,
      startedAt: run.startedAt,
      finishedAt: clock.now(),
      report,
      error: error === null ? null : stepError(error),
    };
    running = null;
    current = null;
    if (report) {
      const stages = Object.fromEntries(report.stages.map((s) => [s.stage, s.status]));
      const failures = report.stages.flatMap((s) => [
        ...(s.error ? [{ stage: s.stage, ...s.error }] : []),
        ...(s.jobs ?? []).flatMap((j) => (j.error ? [{ stage: s.stage, job: j.job, ...j.error }] : [])),
      ]);
      const fields = {
        trigger: run.trigger,
        ok: report.ok,
        seconds: report.seconds,
        stages,
        ...report.changed,
      };
      if (report.ok) logger.info(fields, 'pipeline run finished');
      else logger.warn({ ...fields, failures }, 'pipeline run finished with failures');
    } else if (stopped) logger.info({ trigger: run.trigger }, 'pipeline run stopped with the server');
    else logger.error({ trigger: run.trigger, error: last.error }, 'pipeline run failed');
    arm();
  };

  async function runNow(request: PipelineRequest = {}, trigger: PipelineTrigger = 'api') {
    if (stopped) throw new AppError('shutting_down');
    if (running)
      throw new AppError('pipeline_running', undefined, {
        startedAt: new Date(running.startedAt).toISOString(),
        stage: running.stage,
      });
    disarm();
    const run: NonNullable<PipelineStatus['running']> = {
      trigger,
      startedAt: clock.now(),
      stage: null,
      job: null,
      step: 'starting',
    };
    running = run;
    logger.info({ trigger, request }, 'pipeline run started');
    const onProgress = (p: PipelineProgress) => {
      run.stage = p.stage;
      run.job = p.job ?? null;
      run.step = p.step;
    };
    let handle: PipelineRun;
    try {
      handle = await deps.start(request, onProgress);
    } catch (error) {
      finish(run, null, error);
      throw error;
    }
    current = handle;
    if (stopped) void handle.cancel();
    const finished = handle.report.then(
      (report) => finish(run, report, null),
      (error: unknown) => finish(run, null, error),
    );
    finishing = finished;
    return { finished };
  }

  return {
    status: () => ({
      state: running ? 'running' : 'idle',
      running: running ? { ...running } : null,
      last,
      intervalMs,
      nextRunAt,
    }),
    runNow,
    start() {
      armed = true;
      if (!running) arm();
    },
    async stop() {
      stopped = true;
      disarm();
      if (current) await current.cancel();
      await finishing;
    },
  };
}
