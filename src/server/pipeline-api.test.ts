import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import { smallShop } from '../../test/helpers/small-shop.js';

const until = async (check: () => Promise<boolean>, ms: number) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('pipeline API: runs on a worker thread while the server keeps answering', () => {
  let t: TestApp;
  const call = (method: 'GET' | 'POST', url: string, key: string, payload?: object) =>
    t.app.inject({ method, url, headers: t.bearer(key), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp({ env: { RAPPORT_PROFILES_LIVE: 'false' } });
    const { events, orders } = smallShop(400, 'pipeline-api');
    await t.runtime.stores.events.append(events);
    await t.runtime.stores.orders.upsert(orders);
  });
  afterAll(async () => t.close());

  it('is admin only', async () => {
    for (const [method, url] of [
      ['GET', '/v1/pipeline'],
      ['POST', '/v1/pipeline/run'],
    ] as const) {
      const res = await call(method, url, t.keys.read);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code).toBe('insufficient_scope');
    }
  });

  it('is idle and unscheduled before any run', async () => {
    const res = await call('GET', '/v1/pipeline', t.keys.admin);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toEqual({
      state: 'idle',
      running: null,
      lastRun: null,
      schedule: { intervalSeconds: null, nextRunAt: null },
    });
  });

  it('refuses a bad as-of day', async () => {
    const res = await call('POST', '/v1/pipeline/run', t.keys.admin, { asOf: '2026-02-30' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('invalid_request');
  });

  it('starts a run (202), answers other requests while it runs, refuses a second (409), then reports', async () => {
    const started = await call('POST', '/v1/pipeline/run', t.keys.admin);
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json().data).toMatchObject({ state: 'running', running: { trigger: 'api' } });

    // The training runs on the worker thread: the event loop stays free for requests meanwhile.
    const health = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    const models = await call('GET', '/v1/models', t.keys.read);
    expect(models.statusCode).toBe(200);
    const again = await call('POST', '/v1/pipeline/run', t.keys.admin);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('pipeline_running');
    const status = await call('GET', '/v1/pipeline', t.keys.admin);
    expect(status.json().data.state).toBe('running');
    // Every answer above came back while the run was still in progress.
    expect(t.runtime.pipeline.status().state).toBe('running');

    await until(
      async () => (await call('GET', '/v1/pipeline', t.keys.admin)).json().data.state === 'idle',
      120_000,
    );
    const done = (await call('GET', '/v1/pipeline', t.keys.admin)).json().data;
    expect(done.lastRun).toMatchObject({ trigger: 'api', ok: true, error: null });
    const report = done.lastRun.report;
    expect(report.stages.map((s: { stage: string; status: string }) => [s.stage, s.status])).toEqual([
      ['prepare', 'ok'],
      ['enrich', 'skipped'],
      ['profiles', 'ok'],
      ['train', 'ok'],
      ['evaluate', 'ok'],
      ['promote', 'ok'],
    ]);
    expect(report.stages[3].jobs[0]).toMatchObject({
      job: 'propensity_30d',
      status: 'ok',
      details: { trainRows: expect.any(Number) },
    });
    expect(report.changed.registered).toEqual(['propensity_30d@1', 'churn_60d@1', 'clv_90d@1']);
    // The worker wrote through its own connection; the server's registry sees the versions.
    expect((await t.runtime.models.list()).map((m) => [m.name, m.active?.version])).toEqual([
      ['churn_60d', 1],
      ['clv_90d', 1],
      ['propensity_30d', 1],
    ]);
  }, 150_000);

  it('a second run on the same data registers nothing', async () => {
    const { finished } = await t.runtime.pipeline.runNow();
    await finished;
    const report = t.runtime.pipeline.status().last?.report;
    expect(report?.ok).toBe(true);
    expect(report?.changed).toEqual({ profiles: false, registered: [], promoted: [] });
  }, 120_000);

  it('documents both routes in OpenAPI', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/v1/pipeline']?.get).toBeDefined();
    expect(doc.paths['/v1/pipeline/run']?.post).toBeDefined();
  });
});
