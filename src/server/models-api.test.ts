import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers/test-app.js';
import { fixedClock, isErrorCode } from '../shared/index.js';

const T0 = Date.UTC(2026, 4, 1);

function trained(name: string, auc: number) {
  return {
    name,
    modelType: 'logistic_regression',
    dataWindow: { from: T0 - 30 * 86_400_000, to: T0, asOf: T0 },
    features: ['recency_days', 'orders_90d'],
    preprocessing: { mean: [10, 1], sd: [5, 1] },
    seed: 42,
    params: { l2: 0.1 },
    metrics: { auc, log_loss: 0.5 },
    primaryMetric: { name: 'auc', higherIsBetter: true },
    trainingSeconds: 0.5,
    artifact: { weights: [0.1, -0.2], intercept: 0.3 },
  };
}

describe('models API', () => {
  let t: TestApp;
  let firstId: string;
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown, key?: string) =>
    t.app.inject({
      method,
      url,
      headers: t.bearer(key ?? (method === 'GET' ? t.keys.read : t.keys.admin)),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  beforeAll(async () => {
    t = await createTestApp({ clock: fixedClock(T0), env: { RAPPORT_MODEL_PROMOTION_MARGIN: '0.01' } });
    firstId = (await t.runtime.models.register(trained('churn_60d', 0.7))).model.id;
    await t.runtime.models.register(trained('churn_60d', 0.705)); // below the configured margin 0.01
    await t.runtime.models.register(trained('churn_60d', 0.75));
    await t.runtime.models.register(trained('propensity_30d', 0.66));
  });
  afterAll(async () => t.close());

  it('lists every model with its active and latest version', async () => {
    const res = await call('GET', '/v1/models');
    expect(res.statusCode, res.body).toBe(200);
    const { data } = res.json();
    expect(data.map((m: { name: string }) => m.name)).toEqual(['churn_60d', 'propensity_30d']);
    expect(data[0]).toMatchObject({ name: 'churn_60d', activeVersion: 3, latestVersion: 3 });
    expect(data[0].versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [3, 'active'],
      [2, 'candidate'],
      [1, 'retired'],
    ]);
    expect(data[0].versions[1]).toMatchObject({
      statusReason: 'auc 0.705 vs 0.7 of active v1: better by 0.005, below the margin 0.01',
      primaryMetric: { name: 'auc', higherIsBetter: true, value: 0.705 },
      createdAt: new Date(T0).toISOString(),
    });
  });

  it('shows one version by id, name@version or name, with metrics and history but not the artifact', async () => {
    const byId = await call('GET', `/v1/models/${firstId}`);
    expect(byId.statusCode, byId.body).toBe(200);
    const model = byId.json().data;
    expect(model).toMatchObject({
      id: firstId,
      name: 'churn_60d',
      version: 1,
      status: 'retired',
      statusReason: 'replaced by v3',
      metrics: { auc: 0.7, log_loss: 0.5 },
      dataWindow: { from: new Date(T0 - 30 * 86_400_000).toISOString(), asOf: new Date(T0).toISOString() },
      features: ['recency_days', 'orders_90d'],
      preprocessing: { mean: [10, 1], sd: [5, 1] },
      seed: 42,
      params: { l2: 0.1 },
      trainingSeconds: 0.5,
      codeVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      artifactBytes: expect.any(Number),
    });
    expect(model).not.toHaveProperty('artifact');
    expect(
      model.history.map((e: { from: string | null; to: string; actor: string }) => [e.from, e.to, e.actor]),
    ).toEqual([
      [null, 'active', 'pipeline'],
      ['active', 'retired', 'pipeline'],
    ]);
    expect((await call('GET', '/v1/models/churn_60d@1')).json().data).toEqual(model);
    expect((await call('GET', '/v1/models/churn_60d')).json().data.version).toBe(3);
    expect(model.evaluation).toBeNull();
  });

  it("shows a version's evaluation with it, and keeps it out of the list", async () => {
    const evaluation = {
      report: { kind: 'binary', roc: { fpr: [0, 0.25, 1], tpr: [0, 0.75, 1] }, confusion: { tp: [5, 3, 0] } },
      importance: {
        permutation: { metric: 'roc_auc', features: [{ feature: 'recency_days', mean: 0.1, std: 0 }] },
      },
    };
    await t.runtime.models.register({ ...trained('evaluated_30d', 0.8), evaluation });
    const res = await call('GET', '/v1/models/evaluated_30d@1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.evaluation).toEqual(evaluation);
    const list = (await call('GET', '/v1/models')).json().data;
    const entry = list.find((m: { name: string }) => m.name === 'evaluated_30d');
    expect(entry.versions[0]).not.toHaveProperty('evaluation');
    const bad = await t.runtime.models
      .register({ ...trained('evaluated_30d', 0.9), evaluation: { n: 10n } })
      .then(
        () => null,
        (error: unknown) => error,
      );
    expect(bad).toMatchObject({
      code: 'invalid_request',
      message: expect.stringMatching(/evaluation is not JSON/),
    });
  });

  it("gives a name's promotion history over all its versions, with the reasons", async () => {
    const res = await call('GET', '/v1/models/churn_60d/history');
    expect(res.statusCode, res.body).toBe(200);
    expect(
      res
        .json()
        .data.map((e: { version: number; from: string | null; to: string; reason: string }) => [
          e.version,
          e.from,
          e.to,
          e.reason,
        ]),
    ).toEqual([
      [1, null, 'active', 'first version'],
      [2, null, 'candidate', 'auc 0.705 vs 0.7 of active v1: better by 0.005, below the margin 0.01'],
      [1, 'active', 'retired', 'replaced by v3'],
      [3, null, 'active', expect.stringMatching(/^auc 0.75 vs 0.7 of active v1: better by 0.05/)],
    ]);
    const unknown = await call('GET', '/v1/models/nothing_here/history');
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'model_not_found']);
    expect((await call('GET', '/v1/models/churn_60d/history', undefined, 'nope')).statusCode).toBe(401);
  });

  it('promotes and rolls back with an admin key, recording the API as the actor', async () => {
    const promoted = await call('POST', '/v1/models/churn_60d/promote', { version: 2 });
    expect(promoted.statusCode, promoted.body).toBe(200);
    expect(promoted.json().data).toMatchObject({ version: 2, status: 'active', statusReason: 'manual' });
    expect(promoted.json().data.history.at(-1)).toMatchObject({
      from: 'candidate',
      to: 'active',
      actor: 'api',
    });
    const again = await call('POST', '/v1/models/churn_60d/promote', { version: 2 });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'model_already_active']);

    const back = await call('POST', '/v1/models/churn_60d/rollback');
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().data).toMatchObject({
      from: { version: 2, status: 'retired', statusReason: 'rolled back to v1' },
      to: { version: 1, status: 'active', statusReason: 'rollback from v2' },
      events: [
        { version: 2, from: 'active', to: 'retired', actor: 'api' },
        { version: 1, from: 'retired', to: 'active', actor: 'api' },
      ],
    });
    const none = await call('POST', '/v1/models/churn_60d/rollback', {});
    expect([none.statusCode, none.json().error.code]).toEqual([409, 'model_rollback_unavailable']);
    const forward = await call('POST', '/v1/models/churn_60d/rollback', { to: 3 });
    expect(forward.json().error.code).toBe('model_rollback_unavailable');
    const restored = await call('POST', '/v1/models/churn_60d/promote', { version: 3 });
    expect(restored.json().data.status).toBe('active');
    const named = await call('POST', '/v1/models/churn_60d/rollback', { to: 2 });
    expect(named.json().data.to).toMatchObject({ version: 2, status: 'active' });
  });

  it('enforces scopes: read for GET, admin for promote and rollback', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/v1/models' })).statusCode).toBe(401);
    expect((await call('GET', '/v1/models', undefined, t.keys.write)).json().error.code).toBe(
      'insufficient_scope',
    );
    for (const [url, body] of [
      ['/v1/models/churn_60d/promote', { version: 1 }],
      ['/v1/models/churn_60d/rollback', {}],
    ] as const) {
      const res = await call('POST', url, body, t.keys.read);
      expect([res.statusCode, res.json().error.code], url).toEqual([403, 'insufficient_scope']);
    }
    expect((await call('GET', '/v1/models/churn_60d', undefined, t.keys.admin)).statusCode).toBe(200);
  });

  it('answers unknown and hostile ids with model_not_found, oversized ones with a 4xx', async () => {
    for (const id of [
      'mdl_00000000000000000000000000',
      'nope',
      'churn_60d@99',
      'churn_60d@0',
      encodeURIComponent("churn_60d' OR '1'='1"),
      encodeURIComponent('churn_60d@1; DROP TABLE models;--'),
      '%00',
      '..%2F..%2Fetc%2Fpasswd',
      encodeURIComponent('💥'),
    ]) {
      const res = await call('GET', `/v1/models/${id}`);
      expect([res.statusCode, res.json().error.code], id).toEqual([404, 'model_not_found']);
    }
    // Over 100 characters Fastify's router answers 414 itself, before any route runs (as for every :param route).
    for (const url of [`/v1/models/${'x'.repeat(500)}`, `/v1/models/${'x'.repeat(500)}/promote`]) {
      const res = await call(
        url.endsWith('promote') ? 'POST' : 'GET',
        url,
        url.endsWith('promote') ? { version: 1 } : undefined,
      );
      expect(res.statusCode, url.slice(0, 30)).toBe(414);
    }
    const longest = await call('GET', `/v1/models/${'x'.repeat(64)}@1`);
    expect([longest.statusCode, longest.json().error.code]).toEqual([404, 'model_not_found']);
    const longName = await call('POST', `/v1/models/${'x'.repeat(65)}/promote`, { version: 1 });
    expect([longName.statusCode, longName.json().error.code]).toEqual([400, 'invalid_request']);
    for (const body of [{ version: 'two' }, { version: 0 }, { version: 1.5 }, {}, []]) {
      const res = await call('POST', '/v1/models/churn_60d/promote', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    const injected = await call('POST', `/v1/models/${encodeURIComponent("x'--")}/rollback`, {});
    expect([injected.statusCode, injected.json().error.code]).toEqual([404, 'model_not_found']);
    expect((await call('POST', '/v1/models/churn_60d/rollback', { to: -1 })).statusCode).toBe(400);
    // Nothing was created: the names are those registered by this file's setup and tests.
    expect((await call('GET', '/v1/models')).json().data.map((m: { name: string }) => m.name)).toEqual([
      'churn_60d',
      'evaluated_30d',
      'propensity_30d',
    ]);
  });

  it('answers arbitrary ids with a 200 or a coded 4xx, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 200, unit: 'binary' }), async (text) => {
        const res = await call('GET', `/v1/models/${encodeURIComponent(text)}`);
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode >= 400) expect(isErrorCode(res.json().error.code)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('documents the model routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.paths['/v1/models'].get).toBeDefined();
    expect(doc.paths['/v1/models/{id}'].get).toBeDefined();
    expect(doc.paths['/v1/models/{name}/history'].get).toBeDefined();
    expect(doc.paths['/v1/models/{name}/promote'].post.requestBody).toBeDefined();
    expect(doc.paths['/v1/models/{name}/rollback'].post).toBeDefined();
  });
});
