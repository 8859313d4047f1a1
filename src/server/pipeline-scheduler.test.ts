import { describe, expect, it, vi } from 'vitest';
import type { PipelineProgress, PipelineReport } from '../pipeline/index.js';
import { AppError, isAppError, systemClock } from '../shared/index.js';
import { createLogger } from './logger.js';
import { createPipelineScheduler } from './pipeline-scheduler.js';
import type { PipelineRequest, PipelineRun } from './pipeline-thread.js';

function report(ok: boolean): PipelineReport {
  return {
    ok,
    startedAt: new Date(0).toISOString(),
    finishedAt: new Date(0).toISOString(),
    seconds: 0,
    options: { asOf: null, force: false, seed: '0' },
    data: null,
    stages: [],
    changed: { profiles: false, registered: [], promoted: [] },
  };
}

/** A fake thread: each run waits until the test finishes it. */
function fakeThreads() {
  const runs: {
    request: PipelineRequest;
    progress: (p: PipelineProgress) => void;
    finish(ok: boolean): void;
    fail(error: Error): void;
    cancelled: boolean;
  }[] = [];
  const start = async (request: PipelineRequest, progress: (p: PipelineProgress) => void) => {
    let resolve!: (r: PipelineReport) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<PipelineReport>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const run = {
      request,
      progress,
      finish: (ok: boolean) => resolve(report(ok)),
      fail: reject,
      cancelled: false,
    };
    runs.push(run);
    const handle: PipelineRun = {
      report: promise,
      async cancel() {
        run.cancelled = true;
        reject(new AppError('storage_unavailable', 'pipeline-worker: thread exited with code 1'));
      },
    };
    return handle;
  };
  return { runs, start };
}

const logger = createLogger('silent');
const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('the pipeline scheduler', () => {
  it('runs one at a time: a second start while one runs is refused with pipeline_running', async () => {
    const threads = fakeThreads();
    const scheduler = createPipelineScheduler({
      start: threads.start,
      clock: systemClock,
      logger,
      intervalMs: null,
    });
    const { finished } = await scheduler.runNow({ force: true });
    expect(threads.runs[0]?.request).toEqual({ force: true });
    expect(scheduler.status()).toMatchObject({ state: 'running', running: { trigger: 'api' } });
    threads.runs[0]?.progress({ stage: 'train', job: 'churn_60d', step: 'training' });
    expect(scheduler.status().running).toMatchObject({ stage: 'train', job: 'churn_60d', step: 'training' });
    const refused = await scheduler.runNow().catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('pipeline_running');
    expect(threads.runs).toHaveLength(1);
    threads.runs[0]?.finish(true);
    await finished;
    expect(scheduler.status()).toMatchObject({
      state: 'idle',
      running: null,
      last: { report: { ok: true } },
    });
    await scheduler.runNow();
    expect(threads.runs).toHaveLength(2);
    threads.runs[1]?.fail(new Error('out of memory'));
    await until(() => scheduler.status().state === 'idle');
    expect(scheduler.status().last).toMatchObject({
      report: null,
      error: { code: 'internal_error', message: 'out of memory' },
    });
  });

  it('runs on the interval once started, timed from the end of the last run, and stop cancels a run', async () => {
    const threads = fakeThreads();
    const scheduler = createPipelineScheduler({
      start: threads.start,
      clock: systemClock,
      logger,
      intervalMs: 30,
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(threads.runs).toHaveLength(0); // not armed before start()
    scheduler.start();
    expect(scheduler.status().nextRunAt).toEqual(expect.any(Number));
    await until(() => threads.runs.length === 1);
    expect(scheduler.status()).toMatchObject({
      state: 'running',
      running: { trigger: 'schedule' },
      nextRunAt: null,
    });
    await new Promise((r) => setTimeout(r, 60));
    expect(threads.runs).toHaveLength(1); // never two at once
    threads.runs[0]?.finish(false);
    await until(() => threads.runs.length === 2);
    expect(scheduler.status().last).toMatchObject({ trigger: 'schedule', report: { ok: false } });
    await scheduler.stop();
    expect(threads.runs[1]?.cancelled).toBe(true);
    expect(scheduler.status()).toMatchObject({ state: 'idle', nextRunAt: null });
    await new Promise((r) => setTimeout(r, 60));
    expect(threads.runs).toHaveLength(2);
    const refused = await scheduler.runNow().catch((e: unknown) => e);
    expect(isAppError(refused) && refused.code).toBe('shutting_down');
  });

  it('waits out an interval longer than a Node timer can hold (~24.8 days) instead of firing at once', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const threads = fakeThreads();
      const clock = { now: () => Date.now() };
      const day = 86_400_000;
      const scheduler = createPipelineScheduler({
        start: threads.start,
        clock,
        logger,
        intervalMs: 60 * day,
      });
      scheduler.start();
      expect(scheduler.status().nextRunAt).toBe(60 * day);
      await vi.advanceTimersByTimeAsync(59 * day);
      expect(threads.runs).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(day);
      expect(threads.runs).toHaveLength(1);
      await scheduler.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
