import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../../src/adapters/index.js';
import { loadConfig } from '../../src/config/index.js';
import { demandCandidate, trainDemandModel } from '../../src/demand/index.js';
import { regressionEvaluationReport } from '../../src/ml/index.js';
import { createModelRegistry } from '../../src/models/index.js';
import {
  createFeatureRegistry,
  customerIdScheme,
  defaultComputedTraits,
  defaultFeatures,
} from '../../src/profiles/index.js';
import { createRng, fixedClock } from '../../src/shared/index.js';
import { artifactsDir, CHROMIUM, ensureWebBuild, hasChromium, launchChromium } from './helpers/browser.js';
import { startTestServer } from './helpers/test-server.js';
import { SHOP_DAYS, SHOP_START, smallShop } from '../helpers/small-shop.js';

if (!hasChromium) {
  console.warn(`Skipping the dashboard models test: ${CHROMIUM} not found (apt-get install -y chromium).`);
}

const DAY = 86_400_000;
const END = SHOP_START + SHOP_DAYS * DAY;

interface Confusion {
  thresholds: number[];
  tp: number[];
  fp: number[];
  tn: number[];
  fn: number[];
}

interface ModelView {
  version: number;
  status: string;
  evaluation: {
    report: {
      kind: string;
      positives: number;
      rows: number;
      roc: { fpr: number[] };
      pr: { recall: number[] };
      calibration: { probPred: number[] };
      gains: { fraction: number[] };
      confusion: Confusion;
    };
    importance: Record<string, unknown>;
  } | null;
}

/**
 * Registers, through the real stores and registry: propensity_30d v1 without an evaluation (as versions from before
 * evaluations were stored), v2 trained by the demand trainer with its evaluation and promoted by hand, and a
 * regression model with a regression report.
 */
async function registerModels(dataDir: string): Promise<void> {
  const config = loadConfig({ RAPPORT_DATA_DIR: dataDir, RAPPORT_SQLITE_SYNCHRONOUS: 'normal' });
  const stores = await openStores(config.database);
  try {
    const { events, orders } = smallShop(300, 'dashboard-models');
    await stores.events.append(events);
    await stores.orders.upsert(orders);
    await stores.events.settle();
    const trained = await trainDemandModel(
      {
        source: stores.profileSource,
        settle: () => stores.events.settle(),
        features: createFeatureRegistry(defaultFeatures),
        computedTraits: defaultComputedTraits,
        scheme: customerIdScheme,
        clock: { now: () => END },
      },
      { kind: 'propensity', asOf: END - 5 * DAY, seed: 1 },
    );
    const models = createModelRegistry({ store: stores.models, clock: fixedClock(END), margin: 0.001 });
    const { evaluation, ...older } = demandCandidate(trained, 1);
    await models.register(older);
    await models.register({ ...older, evaluation });
    await models.promote('propensity_30d', 2, 'api');

    const rng = createRng('spend');
    const actual = Array.from({ length: 400 }, () => rng.next() * 200);
    const predicted = actual.map((a) => 0.8 * a + 20 + rng.normal(0, 25));
    const report = regressionEvaluationReport(actual, predicted);
    await models.register({
      name: 'spend_90d',
      modelType: 'gbdt_regression',
      dataWindow: { from: SHOP_START, to: END, asOf: END },
      features: ['order_count', 'days_since_last_order', 'avg_order_value'],
      preprocessing: null,
      seed: 0,
      params: { trees: 40 },
      metrics: { rmse: report.rmse, mae: report.mae, r2: report.r2 },
      primaryMetric: { name: 'rmse', higherIsBetter: false },
      trainingSeconds: 0.4,
      artifact: { trees: [] },
      evaluation: {
        report,
        importance: {
          gain: [
            { feature: 'order_count', value: 310.5 },
            { feature: 'days_since_last_order', value: 120.25 },
            { feature: 'avg_order_value', value: 980 },
          ],
        },
      },
    });
  } finally {
    await stores.close();
  }
}

describe.skipIf(!hasChromium)('dashboard Models page in Chromium', () => {
  let dataDir: string | undefined;
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let chromiumSession: Awaited<ReturnType<typeof launchChromium>> | undefined;

  const api = () => {
    if (!server) throw new Error('test server not started');
    return server;
  };
  const browser = () => {
    if (!chromiumSession) throw new Error('browser not started');
    return chromiumSession.context;
  };
  async function getJson<T>(path: string): Promise<T> {
    const res = await fetch(`${api().baseUrl}${path}`, {
      headers: { authorization: `Bearer ${api().readKey}` },
    });
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  }

  /** A signed-in page at `hash`, collecting uncaught page errors and console errors. */
  async function openSignedIn(hash: string): Promise<{ page: Page; errors: string[] }> {
    await browser().clearCookies();
    const page = await browser().newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(await api().loginUrl());
    await page.getByTestId('overview-page').waitFor({ timeout: 15_000 });
    await page.goto(`${api().baseUrl}/${hash}`);
    return { page, errors };
  }

  async function confusionShown(page: Page) {
    const cell = async (name: string) =>
      Number(((await page.getByTestId(`confusion-${name}`).textContent()) ?? '').replace(/\D/g, ''));
    return {
      threshold: (await page.getByTestId('threshold-value').textContent()) ?? '',
      tp: await cell('tp'),
      fp: await cell('fp'),
      tn: await cell('tn'),
      fn: await cell('fn'),
    };
  }

  const expected = (c: Confusion, k: number) => ({
    threshold: (k / 100).toFixed(2),
    tp: c.tp[k],
    fp: c.fp[k],
    tn: c.tn[k],
    fn: c.fn[k],
  });

  beforeAll(async () => {
    ensureWebBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'rapport-e2e-models-'));
    await registerModels(dataDir);
    server = await startTestServer({ dataDir });
    chromiumSession = await launchChromium();
  });

  afterAll(async () => {
    await chromiumSession?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the live version with its charts, and the threshold slider moves the confusion matrix', async () => {
    const { data: model } = await getJson<{ data: ModelView }>('/v1/models/propensity_30d');
    expect(model).toMatchObject({ version: 2, status: 'active' });
    const report = model.evaluation?.report;
    if (!report) throw new Error('v2 has no evaluation');

    const { page, errors } = await openSignedIn('#/models');
    await page.getByTestId('models-table').waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="models-table"] tbody tr').count()).toBe(3);
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Models');
    const detail = page.getByTestId('model-detail');
    await detail.waitFor({ timeout: 15_000 });
    expect(await detail.getAttribute('data-model')).toBe('propensity_30d');
    expect(await detail.getAttribute('data-version')).toBe('2');

    for (const chart of ['roc-chart', 'pr-chart', 'calibration-chart', 'gains-chart', 'importance-chart'])
      await page
        .locator(`[data-testid="${chart}"] svg path`)
        .first()
        .waitFor({ state: 'attached', timeout: 15_000 });
    expect(Number(await page.getByTestId('roc-chart').getAttribute('data-points'))).toBe(
      report.roc.fpr.length,
    );
    expect(Number(await page.getByTestId('pr-chart').getAttribute('data-points'))).toBe(
      report.pr.recall.length,
    );
    expect(Number(await page.getByTestId('calibration-chart').getAttribute('data-bins'))).toBe(
      report.calibration.probPred.length,
    );
    expect(Number(await page.getByTestId('gains-chart').getAttribute('data-points'))).toBe(20);
    const importance = page.getByTestId('importance-chart');
    expect(await importance.getAttribute('data-kind')).toBe('permutation');
    expect(Number(await importance.getAttribute('data-bars'))).toBeGreaterThan(0);
    expect(
      await page.locator('[data-testid="metrics-table"] tr[data-metric="roc_auc"]').textContent(),
    ).toContain('primary');
    const history = (await page.getByTestId('history-table').textContent()) ?? '';
    expect(history).toContain('replaced by v2 (manual)');
    expect(history).toContain('manual');
    expect(history).toContain('first version');

    // The slider starts at 0.50 with the stored counts there.
    const c = report.confusion;
    expect(c.thresholds).toHaveLength(101);
    expect(await confusionShown(page)).toEqual(expected(c, 50));
    // Move it down with the keyboard to the nearest threshold whose counts differ from those at 0.50.
    let k = 49;
    while (k > 0 && c.tp[k] === c.tp[50] && c.fp[k] === c.fp[50]) k--;
    expect(c.tp[k] !== c.tp[50] || c.fp[k] !== c.fp[50]).toBe(true);
    const slider = page.getByTestId('threshold-slider');
    await slider.focus();
    for (let i = 50; i > k; i--) await slider.press('ArrowLeft');
    expect(await confusionShown(page)).toEqual(expected(c, k));
    expect(await page.getByTestId('confusion-matrix').getAttribute('data-threshold')).toBe(
      (k / 100).toFixed(2),
    );
    // At 0.00 every row is predicted positive.
    await slider.press('Home');
    expect(await confusionShown(page)).toEqual({
      threshold: '0.00',
      tp: report.positives,
      fp: report.rows - report.positives,
      tn: 0,
      fn: 0,
    });
    await slider.fill('73');
    expect(await confusionShown(page)).toEqual(expected(c, 73));

    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'dashboard-models.png'), fullPage: true });

    // The registered model's own importance is one click away.
    const own = Object.keys(model.evaluation?.importance ?? {}).find((key) => key !== 'permutation');
    if (!own) throw new Error('no gain or coefficients stored');
    await page.getByTestId(`importance-kind-${own}`).click();
    expect(await importance.getAttribute('data-kind')).toBe(own);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows an older version without an evaluation with its metrics and history only', async () => {
    const { page, errors } = await openSignedIn('#/models/propensity_30d%401');
    await page.getByTestId('evaluation-missing').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('model-detail').getAttribute('data-version')).toBe('1');
    expect(await page.locator('[data-testid="models-table"] tr.selected').getAttribute('data-version')).toBe(
      '1',
    );
    expect(await page.getByTestId('model-status-reason').textContent()).toBe('replaced by v2 (manual)');
    expect(await page.locator('[data-testid="metrics-table"] tbody tr').count()).toBeGreaterThan(3);
    await page.getByTestId('history-table').waitFor({ timeout: 15_000 });
    for (const chart of ['roc-chart', 'confusion-matrix', 'importance-chart'])
      expect(await page.getByTestId(chart).count(), chart).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a regression model with predicted vs actual by decile and its importance', async () => {
    const { page, errors } = await openSignedIn('#/models');
    await page.getByTestId('models-table').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="models-table"] tr[data-model="spend_90d"] a').click();
    await page
      .locator('[data-testid="deciles-chart"] svg path')
      .first()
      .waitFor({ state: 'attached', timeout: 15_000 });
    expect(page.url()).toContain(`#/models/${encodeURIComponent('spend_90d@1')}`);
    expect(await page.getByTestId('deciles-chart').getAttribute('data-groups')).toBe('10');
    expect(await page.locator('[data-testid="residuals-table"] tr[data-residual]').count()).toBe(9);
    const importance = page.getByTestId('importance-chart');
    await importance.locator('svg path').first().waitFor({ state: 'attached', timeout: 15_000 });
    expect(await importance.getAttribute('data-kind')).toBe('gain');
    expect(await importance.getAttribute('data-top')).toBe('avg_order_value');
    expect(await page.getByTestId('confusion-matrix').count()).toBe(0);
    expect(
      await page.locator('[data-testid="metrics-table"] tr[data-metric="rmse"]').textContent(),
    ).toContain('lower is better');
    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'dashboard-models-regression.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
