import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../adapters/stores.contract.js';
import { loadConfig } from '../config/index.js';
import type { Registration } from '../models/index.js';
import { createLogger, createRuntime, pipelineDepsFor, pipelineJobs, type Runtime } from '../server/index.js';
import { customerIdScheme } from '../profiles/index.js';
import { AppError, fixedClock } from '../shared/index.js';
import { SHOP_DAYS, SHOP_START, smallShop } from '../../test/helpers/small-shop.js';
import type { ModelJob } from './model-job.js';
import type { PipelineReport, StageName } from './report.js';
import { runPipeline, type PipelineDeps } from './run-pipeline.js';

const DAY = 86_400_000;
const NOW = SHOP_START + (SHOP_DAYS + 1) * DAY;

const statuses = (r: PipelineReport) => Object.fromEntries(r.stages.map((s) => [s.stage, s.status]));
const stage = (r: PipelineReport, name: StageName) => r.stages.find((s) => s.stage === name);
const jobStep = (r: PipelineReport, name: StageName, job: string) =>
  stage(r, name)?.jobs?.find((j) => j.job === job);

async function openRuntime(): Promise<{ runtime: Runtime; deps: PipelineDeps; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-pipeline-'));
  const config = loadConfig({
    RAPPORT_DATA_DIR: dir,
    RAPPORT_LOG_LEVEL: 'silent',
    RAPPORT_SQLITE_SYNCHRONOUS: 'normal',
    RAPPORT_PROFILES_LIVE: 'false',
    RAPPORT_INGEST_WORKERS: '0',
  });
  const runtime = await createRuntime(config, createLogger('silent'), { clock: fixedClock(NOW) });
  return {
    runtime,
    deps: pipelineDepsFor(runtime),
    async close() {
      await runtime.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('runPipeline on a small shop with the demand models', () => {
  let t: Awaited<ReturnType<typeof openRuntime>>;
  let first: PipelineReport;
  let customers: number;
  beforeAll(async () => {
    t = await openRuntime();
    const { events, orders } = smallShop(400, 'pipeline');
    customers = new Set(events.map((e) => e.userId)).size;
    await t.runtime.stores.events.append(events);
    await t.runtime.stores.orders.upsert(orders);
    first = await runPipeline(t.deps, pipelineJobs(t.runtime));
  }, 120_000);
  afterAll(async () => t.close());

  it('runs every stage green: prepare, profiles, train, evaluate, promote (nothing to enrich)', () => {
    expect(first.ok).toBe(true);
    expect(first.stages.map((s) => s.stage)).toEqual([
      'prepare',
      'enrich',
      'profiles',
      'train',
      'evaluate',
      'promote',
    ]);
    // No support conversations here: the intent model does not apply, which is not a failure.
    expect(jobStep(first, 'enrich', 'support_intent')?.reason).toMatch(/a support-intent model needs 50/);
    expect(statuses(first)).toEqual({
      prepare: 'ok',
      enrich: 'skipped',
      profiles: 'ok',
      train: 'ok',
      evaluate: 'ok',
      promote: 'ok',
    });
    expect(stage(first, 'prepare')?.details).toMatchObject({
      data: { events: { rows: expect.any(Number) }, orders: { rows: expect.any(Number) } },
      quality: { events: { rows: expect.any(Number) } },
    });
    expect(stage(first, 'profiles')?.details.profiles).toBe(customers);
    for (const job of ['propensity_30d', 'churn_60d']) {
      expect(jobStep(first, 'train', job)?.details).toMatchObject({ trainRows: expect.any(Number) });
      const evaluated = jobStep(first, 'evaluate', job)?.details;
      expect(evaluated).toMatchObject({ primaryMetric: { name: 'roc_auc' }, active: null });
      // The shop's purchase rates are learnable from views and orders: well above chance out of time.
      expect((evaluated?.primaryMetric as { value: number }).value).toBeGreaterThan(0.65);
      expect(jobStep(first, 'promote', job)?.details).toMatchObject({
        version: 1,
        promoted: true,
        reason: 'first version',
      });
    }
    expect(jobStep(first, 'evaluate', 'clv_90d')?.details).toMatchObject({
      primaryMetric: { name: 'rmse', higherIsBetter: false },
    });
    expect(first.changed).toEqual({
      profiles: true,
      registered: ['propensity_30d@1', 'churn_60d@1', 'clv_90d@1'],
      promoted: ['propensity_30d@1', 'churn_60d@1', 'clv_90d@1'],
    });
  });

  it('stores every version with its explained scores, which the profiles then show', async () => {
    for (const job of ['propensity_30d', 'churn_60d', 'clv_90d']) {
      const promoted = jobStep(first, 'promote', job)?.details as { id: string; scores: { written: number } };
      expect(promoted.scores.written).toBeGreaterThan(100);
      expect(await t.runtime.stores.scores.count(promoted.id)).toBe(promoted.scores.written);
    }
    const scores = await t.runtime.stores.scores.activeFor(customerIdScheme.forUserId('user-7'));
    expect(scores.map((s) => s.name)).toEqual(['churn_60d', 'clv_90d', 'propensity_30d']);
    for (const s of scores) {
      expect(s.value).toBeGreaterThanOrEqual(0);
      if (s.name === 'clv_90d') expect(s.detail.extra).toHaveProperty('probabilityAlive');
      else {
        expect(s.value).toBeLessThanOrEqual(1);
        expect(s.detail.contributions?.length).toBeGreaterThan(0);
      }
    }
  });

  it('records the data fingerprint, the settings and the code in the registered versions', async () => {
    const v = await t.runtime.models.getVersion('propensity_30d', 1);
    expect(v.params.pipeline).toMatchObject({
      data: first.data?.digest,
      settings: { kind: 'propensity', horizonDays: 30, seed: '0', asOf: null },
      profiles: true,
    });
    expect(v.codeVersion).toBe(t.deps.codeVersion);
  });

  it('a second run on unchanged data registers, promotes and rebuilds nothing', async () => {
    const modelsBefore = await t.runtime.models.list();
    const [someone] = await t.runtime.profiles.list({ limit: 1 });
    const profileBefore = await t.runtime.profiles.find(someone?.customerId ?? '');
    expect(profileBefore).not.toBeNull();
    const second = await runPipeline(t.deps, pipelineJobs(t.runtime));
    expect(second.ok).toBe(true);
    expect(second.data?.digest).toBe(first.data?.digest);
    expect(second.changed).toEqual({ profiles: false, registered: [], promoted: [] });
    expect(statuses(second)).toEqual({
      prepare: 'ok',
      enrich: 'skipped',
      profiles: 'skipped',
      train: 'skipped',
      evaluate: 'skipped',
      promote: 'skipped',
    });
    // The recommender has nothing to learn from here (these orders carry no product lines): skipped, not failed.
    expect(stage(second, 'train')?.reason).toBe('every job was skipped');
    expect(jobStep(second, 'train', 'recommendations')?.reason).toMatch(/no order lines/);
    expect(jobStep(second, 'train', 'churn_60d')?.reason).toBe(
      'up to date: v1 was trained on this data with the same settings and code',
    );
    expect(await t.runtime.models.list()).toEqual(modelsBefore);
    expect(await t.runtime.profiles.find(someone?.customerId ?? '')).toEqual(profileBefore);
  }, 60_000);

  it('new data makes every model out of date', async () => {
    await t.runtime.stores.events.append([
      makeEvent({ userId: 'user-3', messageId: 'late-view', timestamp: NOW - DAY / 2, receivedAt: NOW }),
    ]);
    const third = await runPipeline(t.deps, pipelineJobs(t.runtime));
    expect(third.ok).toBe(true);
    expect(third.data?.digest).not.toBe(first.data?.digest);
    expect(third.changed.profiles).toBe(true);
    expect(third.changed.registered).toEqual(['propensity_30d@2', 'churn_60d@2', 'clv_90d@2']);
  }, 120_000);

  it('--force retrains on unchanged data, and the registry keeps the identical model as a candidate', async () => {
    const forced = await runPipeline(t.deps, pipelineJobs(t.runtime), { force: true });
    expect(forced.ok).toBe(true);
    expect(forced.changed.profiles).toBe(true);
    expect(forced.changed.registered).toEqual(['propensity_30d@3', 'churn_60d@3', 'clv_90d@3']);
    // Same data, same seed: the same model as v2, so it cannot beat the active version (v2, or v1 that v2 did not
    // beat) by the margin.
    for (const job of ['propensity_30d', 'churn_60d', 'clv_90d']) {
      const v2 = await t.runtime.models.getVersion(job, 2);
      const v3 = await t.runtime.models.getVersion(job, 3);
      expect(v3.metrics).toEqual(v2.metrics);
      expect(v3.status).toBe('candidate');
    }
    expect(forced.changed.promoted).toEqual([]);
  }, 120_000);
});

describe('runPipeline with failing jobs', () => {
  let t: Awaited<ReturnType<typeof openRuntime>>;
  beforeAll(async () => {
    t = await openRuntime();
    await t.runtime.stores.events.append([makeEvent({ userId: 'u1', timestamp: SHOP_START })]);
  });
  afterAll(async () => t.close());

  const candidate = (name: string, auc: number) => ({
    name,
    modelType: 'logistic_regression',
    dataWindow: { from: SHOP_START, to: NOW, asOf: NOW },
    features: ['recency_days'],
    preprocessing: null,
    seed: 0,
    params: { C: 1 },
    metrics: { auc },
    primaryMetric: { name: 'auc', higherIsBetter: true },
    trainingSeconds: 0.1,
    artifact: { weights: [auc] },
  });
  const published: { result: unknown; registration: Registration }[] = [];
  const fixedJob = (name: string, hook?: ModelJob['afterRegistration']): ModelJob<{ scores: number[] }> => ({
    name,
    settings: (_deps, run) => ({ seed: run.seed }),
    train: async () => ({
      result: { scores: [0.25, 0.75] },
      candidate: candidate(name, 0.8),
      summary: { rows: 2 },
    }),
    ...(hook ? { afterRegistration: hook } : {}),
  });
  const jobs: ModelJob[] = [
    {
      name: 'broken_model',
      settings: () => ({}),
      train: async () => {
        throw new AppError('invalid_target', 'too few positive labels');
      },
    },
    fixedJob('good_model', async (result, registration) => {
      published.push({ result, registration });
      return { published: 2 };
    }),
    fixedJob('unpublished_model', async () => {
      throw new AppError('storage_unavailable', 'the score store is down');
    }),
  ];

  it("reports a failed job with its code and message, and still trains, registers and publishes the others'", async () => {
    const report = await runPipeline(t.deps, jobs);
    expect(report.ok).toBe(false);
    expect(statuses(report)).toMatchObject({
      prepare: 'ok',
      train: 'failed',
      evaluate: 'ok',
      promote: 'failed',
    });
    expect(jobStep(report, 'train', 'broken_model')).toMatchObject({
      status: 'failed',
      error: { code: 'invalid_target', message: 'too few positive labels' },
    });
    expect(jobStep(report, 'evaluate', 'broken_model')).toMatchObject({
      status: 'skipped',
      reason: 'train failed',
    });
    expect(jobStep(report, 'promote', 'good_model')).toMatchObject({
      status: 'ok',
      details: { version: 1, promoted: true, afterRegistration: { published: 2 } },
    });
    expect(published).toHaveLength(1);
    expect(published[0]?.result).toEqual({ scores: [0.25, 0.75] });
    expect(published[0]?.registration.model).toMatchObject({ name: 'good_model', version: 1 });
    // The hook failed after the registry's decision: the version stays registered, the step says why it failed.
    expect(jobStep(report, 'promote', 'unpublished_model')).toMatchObject({
      status: 'failed',
      error: { code: 'storage_unavailable' },
      details: { version: 1, promoted: true },
    });
    expect(report.changed.registered).toEqual(['good_model@1', 'unpublished_model@1']);
  });

  it('skips the jobs that are up to date on the next run and retries the failed one', async () => {
    const report = await runPipeline(t.deps, jobs);
    expect(jobStep(report, 'train', 'broken_model')?.status).toBe('failed');
    expect(jobStep(report, 'train', 'good_model')).toMatchObject({ status: 'skipped' });
    expect(jobStep(report, 'train', 'good_model')?.reason).toMatch(/^up to date: v1/);
    expect(report.changed.registered).toEqual([]);
    // A failed job means the profiles may not be current: they are rebuilt.
    expect(stage(report, 'profiles')?.status).toBe('ok');
    expect(published).toHaveLength(1);
  });

  it('retrains a job whose settings changed', async () => {
    const report = await runPipeline(t.deps, jobs, { seed: '7' });
    expect(report.changed.registered).toEqual(['good_model@2', 'unpublished_model@2']);
  });
});

describe('runPipeline with an enrichment job', () => {
  let t: Awaited<ReturnType<typeof openRuntime>>;
  const order: string[] = [];
  let deps: PipelineDeps;
  let enrichFails = true;
  let generation = 1;
  let written = 0;
  let buildFails = false;
  let caughtUp = false;
  beforeAll(async () => {
    t = await openRuntime();
    await t.runtime.stores.events.append([makeEvent({ userId: 'u1', timestamp: SHOP_START })]);
    const build = t.deps.profiles.build.bind(t.deps.profiles);
    deps = {
      ...t.deps,
      profiles: {
        build: async (options) => {
          order.push('profiles.build');
          if (buildFails) throw new AppError('storage_unavailable', 'the disk is full');
          return build(options);
        },
      },
    };
  });
  afterAll(async () => t.close());

  const candidate = (name: string) => ({
    name,
    modelType: 'text_svm',
    dataWindow: { from: SHOP_START, to: NOW, asOf: NOW },
    features: ['word_ngrams'],
    preprocessing: null,
    seed: 0,
    params: {},
    metrics: { accuracy: 0.9 },
    primaryMetric: { name: 'accuracy', higherIsBetter: true },
    trainingSeconds: 0.1,
    artifact: { labels: ['a', 'b'] },
  });
  const jobs = (): ModelJob[] => [
    {
      name: 'reader_model',
      settings: () => ({}),
      train: async () => {
        order.push('reader.train');
        return { result: null, candidate: { ...candidate('reader_model'), modelType: 'x' }, summary: {} };
      },
    },
    {
      name: 'intent_model',
      phase: 'enrich',
      usesProfiles: false,
      settings: () => ({ generation }),
      train: async () => {
        order.push('enrich.train');
        if (enrichFails) throw new AppError('invalid_training_data', 'not yet');
        const better = { accuracy: 0.8 + generation * 0.05 };
        return {
          result: null,
          candidate: { ...candidate('intent_model'), metrics: better },
          summary: { rows: 2 },
        };
      },
      catchUp: async () => {
        order.push('enrich.catchUp');
        return { changed: caughtUp, conversationsLabelled: caughtUp ? 1 : 0 };
      },
      afterRegistration: async (_result, registration) => {
        order.push('enrich.afterRegistration');
        written = registration.promoted ? 3 : 0;
        return { changed: written > 0, conversationsLabelled: written };
      },
    },
  ];

  it('trains, evaluates and promotes it before the profiles are built, reported as one enrich step', async () => {
    enrichFails = false;
    const report = await runPipeline(deps, jobs());
    expect(report.stages.map((s) => s.stage)).toEqual([
      'prepare',
      'enrich',
      'profiles',
      'train',
      'evaluate',
      'promote',
    ]);
    expect(order).toEqual(['enrich.train', 'enrich.afterRegistration', 'profiles.build', 'reader.train']);
    expect(jobStep(report, 'enrich', 'intent_model')).toMatchObject({
      status: 'ok',
      details: {
        train: { rows: 2 },
        evaluate: { primaryMetric: { name: 'accuracy', value: 0.8 + 1 * 0.05 } },
        promote: { version: 1, promoted: true, afterRegistration: { conversationsLabelled: 3 } },
      },
    });
    // The other stages are the other jobs'.
    expect(stage(report, 'train')?.jobs?.map((j) => j.job)).toEqual(['reader_model']);
    expect(report.changed.registered).toEqual(['intent_model@1', 'reader_model@1']);
  });

  it('lets an up-to-date enrichment catch up, and rebuilds the profiles when it wrote', async () => {
    order.length = 0;
    const quiet = await runPipeline(deps, jobs());
    expect(jobStep(quiet, 'enrich', 'intent_model')).toMatchObject({
      status: 'skipped',
      details: { catchUp: { changed: false } },
    });
    expect(stage(quiet, 'profiles')?.status).toBe('skipped');
    expect(order).toEqual(['enrich.catchUp']);
    caughtUp = true;
    order.length = 0;
    const caught = await runPipeline(deps, jobs());
    expect(jobStep(caught, 'enrich', 'intent_model')?.details).toMatchObject({ catchUp: { changed: true } });
    expect(stage(caught, 'profiles')?.status).toBe('ok');
    expect(order).toEqual(['enrich.catchUp', 'profiles.build']);
    caughtUp = false;
  });

  it('rebuilds the profiles and retrains their readers when an enrichment went live, even on the same data', async () => {
    // Same data: only the enrichment (new settings: failing, then better) can make anything out of date.
    generation = 2;
    enrichFails = true;
    order.length = 0;
    const failed = await runPipeline(deps, jobs());
    expect(jobStep(failed, 'enrich', 'intent_model')).toMatchObject({
      status: 'failed',
      error: { code: 'invalid_training_data' },
      details: { train: {} },
    });
    expect(stage(failed, 'enrich')?.status).toBe('failed');
    expect(stage(failed, 'train')?.jobs?.[0]?.status).toBe('skipped'); // v1 still live: nothing changed
    expect(stage(failed, 'profiles')?.status).toBe('skipped');
    enrichFails = false;
    order.length = 0;
    const fixed = await runPipeline(deps, jobs());
    expect(jobStep(fixed, 'enrich', 'intent_model')?.details).toMatchObject({
      promote: { version: 2, promoted: true, afterRegistration: { changed: true } },
    });
    expect(stage(fixed, 'profiles')?.status).toBe('ok');
    // The reader learned from profiles that now carry v2's readings: retrained.
    expect(order).toEqual(['enrich.train', 'enrich.afterRegistration', 'profiles.build', 'reader.train']);
    expect(fixed.changed.registered).toEqual(['intent_model@2', 'reader_model@2']);
  });

  it('remembers across runs that the profiles must follow a live enrichment, when the rebuild failed', async () => {
    generation = 3;
    buildFails = true;
    const broken = await runPipeline(deps, jobs());
    expect(jobStep(broken, 'enrich', 'intent_model')?.details).toMatchObject({ promote: { promoted: true } });
    expect(stage(broken, 'profiles')?.status).toBe('failed');
    buildFails = false;
    order.length = 0;
    const next = await runPipeline(deps, jobs());
    expect(jobStep(next, 'enrich', 'intent_model')?.status).toBe('skipped'); // up to date
    expect(stage(next, 'profiles')?.status).toBe('ok');
    // The reader learned from stale profiles in the broken run: trained again, on the rebuilt ones.
    expect(order).toEqual(['enrich.catchUp', 'profiles.build', 'reader.train']);
    // Then the pipeline has converged: nothing is rebuilt or trained.
    order.length = 0;
    const quiet = await runPipeline(deps, jobs());
    expect(stage(quiet, 'profiles')?.status).toBe('skipped');
    expect(quiet.changed.registered).toEqual([]);
    expect(order).toEqual(['enrich.catchUp']);
  });
});
