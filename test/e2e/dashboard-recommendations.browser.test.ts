import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { customerIdScheme } from '../../src/profiles/index.js';
import { recommenderCandidate, trainRecommender } from '../../src/recommend/index.js';
import { shopProducts, shopStoredOrders, testShop } from '../../src/recommend/serving/test-shop.js';
import { createApp, createLogger, createRuntime } from '../../src/server/index.js';
import { artifactsDir, CHROMIUM, ensureWebBuild, hasChromium, launchChromium } from './helpers/browser.js';
import { startTestServer } from './helpers/test-server.js';

if (!hasChromium) {
  console.warn(
    `Skipping the dashboard recommendations test: ${CHROMIUM} not found (apt-get install -y chromium).`,
  );
}

const DAY = 86_400_000;
const shop = testShop(300, 200, 21);

interface Comparison {
  model: string;
  ndcg: number;
}

interface RecommenderView {
  version: number;
  status: string;
  modelType: string;
  evaluation: { kind: string; k: number; holdoutDays: number; chosen: string; comparison: Comparison[] };
}

/**
 * As the recommendations API test does, but on a data directory a server then opens: the demo shop's catalogue and
 * orders in the stores, an identify per customer (userId and anonymousId), the profiles built, a recommender trained on the orders and
 * registered (promoted: it is the first version).
 */
async function loadShopAndTrain(dataDir: string): Promise<void> {
  const config = loadConfig({
    RAPPORT_DATA_DIR: dataDir,
    RAPPORT_LOG_LEVEL: 'silent',
    RAPPORT_SQLITE_SYNCHRONOUS: 'normal',
    RAPPORT_PROFILES_LIVE: 'false',
  });
  const runtime = await createRuntime(config, createLogger('silent'));
  const app = await createApp(runtime);
  try {
    const { stores } = runtime;
    await stores.products.upsert(shopProducts(shop, Date.now() - 400 * DAY));
    await stores.orders.upsert(shopStoredOrders(shop));
    const writeKey = (await runtime.access.createKey({ scope: 'write', name: 'e2e-setup' })).key;
    const users = [...new Set(shop.orderLines.map((l) => l.user_id))];
    for (let i = 0; i < users.length; i += 200) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { authorization: `Bearer ${writeKey}` },
        payload: {
          // With the browser's anonymousId, as a site's identify call sends it: a userId-only identify is no
          // identity evidence, and its profile would list no userId to search by.
          batch: users.slice(i, i + 200).map((userId) => ({
            type: 'identify',
            userId,
            anonymousId: `anon-${userId}`,
            traits: { plan: 'x' },
          })),
        },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    await runtime.profiles.build();
    const trained = await trainRecommender(
      { source: stores.profileSource, settle: () => stores.events.settle(), clock: runtime.clock },
      { seed: 'dashboard' },
    );
    const registered = await runtime.models.register(recommenderCandidate(trained, 'dashboard'));
    expect(registered.promoted).toBe(true);
  } finally {
    await app.close();
    await runtime.close();
  }
}

/** The shop's customer with the most distinct products bought, and those products. */
function heaviestBuyer(): { userId: string; bought: string[] } {
  const byUser = new Map<string, Set<string>>();
  for (const l of shop.orderLines)
    if (l.kind === 'order') byUser.set(l.user_id, (byUser.get(l.user_id) ?? new Set()).add(l.product_id));
  const [userId, products] = [...byUser.entries()].sort(
    (a, b) => b[1].size - a[1].size || (a[0] < b[0] ? -1 : 1),
  )[0] as [string, Set<string>];
  return { userId, bought: [...products] };
}

describe.skipIf(!hasChromium)('dashboard Recommendations page in Chromium', () => {
  let dataDir: string | undefined;
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let emptyServer: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let chromiumSession: Awaited<ReturnType<typeof launchChromium>> | undefined;
  const buyer = heaviestBuyer();

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

  /** A page signed in to `target` at `hash`, collecting uncaught page errors and console errors. */
  async function openSignedIn(
    target: Awaited<ReturnType<typeof startTestServer>>,
    hash: string,
  ): Promise<{ page: Page; pageErrors: string[]; consoleErrors: string[] }> {
    await browser().clearCookies();
    const page = await browser().newPage();
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(await target.loginUrl());
    await page.getByTestId('overview-page').waitFor({ timeout: 15_000 });
    await page.goto(`${target.baseUrl}/${hash}`);
    return { page, pageErrors, consoleErrors };
  }

  /** The customer section once its list for these settings has arrived. */
  async function settled(page: Page, attributes: Record<string, string>) {
    const selector = Object.entries(attributes)
      .map(([name, value]) => `[data-${name}="${value}"]`)
      .join('');
    await page
      .locator(`[data-testid="customer-recommendations"][data-state="ok"]${selector}`)
      .waitFor({ timeout: 15_000 });
  }

  const itemIds = (page: Page, table: string) =>
    page.locator(`[data-testid="${table}"] tbody tr`).evaluateAll((rows) =>
      rows.map((r) => ({
        id: r.getAttribute('data-item-id') ?? '',
        bought: Number(r.getAttribute('data-bought') ?? '0'),
      })),
    );

  beforeAll(async () => {
    ensureWebBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'rapport-e2e-recommendations-'));
    await loadShopAndTrain(dataDir);
    server = await startTestServer({ dataDir });
    emptyServer = await startTestServer();
    chromiumSession = await launchChromium();
  });

  afterAll(async () => {
    await chromiumSession?.close();
    await emptyServer?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the offline comparison, a customer’s history beside their recommendations, and re-queries', async () => {
    const { data: model } = await getJson<{ data: RecommenderView }>('/v1/models/recommendations');
    expect(model).toMatchObject({ version: 1, status: 'active', evaluation: { kind: 'recommender' } });
    const { comparison, chosen, k, holdoutDays } = model.evaluation;
    expect(comparison.length).toBeGreaterThanOrEqual(3);

    const { page, pageErrors, consoleErrors } = await openSignedIn(api(), '#/recommendations');
    await page.getByTestId('recommendations-page').waitFor({ timeout: 15_000 });
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Recommendations');
    await page.getByTestId('recommendations-pick-hint').waitFor();

    // Offline metrics: the chart drew bars for every model, the table lists each, the served one marked.
    const chart = page.getByTestId('comparison-chart');
    await chart.locator('svg path').first().waitFor({ state: 'attached', timeout: 15_000 });
    expect(Number(await chart.getAttribute('data-models'))).toBe(comparison.length);
    expect(await chart.getAttribute('data-chosen')).toBe(chosen);
    // Two bars (NDCG and recall) a model: at least that many paths in the chart.
    expect(await chart.locator('svg path').count()).toBeGreaterThanOrEqual(2 * comparison.length);
    const rows = page.locator('[data-testid="comparison-table"] tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-model')))).toEqual(
      comparison.map((c) => c.model),
    );
    const served = page.locator('[data-testid="comparison-table"] tr[data-served="true"]');
    expect(await served.getAttribute('data-model')).toBe(chosen);
    expect(await served.getByTestId('served-badge').count()).toBe(1);
    const ndcgShown = await served.locator('td[data-metric="ndcg"]').textContent();
    const ndcg = comparison.find((c) => c.model === chosen)?.ndcg ?? Number.NaN;
    expect(Number(ndcgShown?.replace(',', '.'))).toBeCloseTo(ndcg, 3);
    expect(await page.getByTestId('recommender-version').getAttribute('data-version')).toBe('1');
    expect(await page.getByTestId('served-model').textContent()).toContain(model.modelType);
    expect(await page.getByTestId('holdout-window').textContent()).toContain(`last ${holdoutDays} days`);
    expect(await page.locator('[data-testid="comparison-table"] thead').textContent()).toContain(`NDCG@${k}`);

    // Pick the customer: search by the start of their userId, click the match.
    await page.getByTestId('customer-search-input').fill(buyer.userId);
    const match = page.locator(`[data-testid="customer-list"] tr[data-user-id="${buyer.userId}"] a`);
    await match.waitFor({ timeout: 15_000 });
    await match.click();
    const customerId = customerIdScheme.forUserId(buyer.userId);
    await settled(page, { 'customer-id': customerId, k: '10', exclude: '' });
    expect(page.url()).toContain(`#/recommendations/${encodeURIComponent(customerId)}`);
    expect(
      await page
        .locator(`[data-testid="customer-list"] tr[data-user-id="${buyer.userId}"]`)
        .getAttribute('class'),
    ).toBe('selected');
    expect(await page.getByTestId('strategy-badge').textContent()).toBe('Personalized');

    const history = await itemIds(page, 'history-table');
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((h) => h.bought >= 1)).toBe(true);
    for (const h of history) expect(buyer.bought).toContain(h.id);
    expect(await page.locator('[data-testid="recommendations-table"] tbody tr').count()).toBe(10);
    const reasons = await page.getByTestId('rec-reason').allTextContents();
    expect(reasons).toHaveLength(10);
    for (const reason of reasons) expect(reason.trim().length).toBeGreaterThan(5);

    // Fewer items.
    await page.getByTestId('rec-k').selectOption('5');
    await settled(page, { k: '5', exclude: '' });
    expect(await page.locator('[data-testid="recommendations-table"] tbody tr').count()).toBe(5);
    expect(await page.getByTestId('rec-reason').count()).toBe(5);

    // Exclude purchased: none of the listed products is one the customer bought.
    await page.getByTestId('rec-k').selectOption('10');
    await page.getByTestId('rec-exclude-purchased').check();
    await settled(page, { k: '10', exclude: 'purchased' });
    const excluded = await itemIds(page, 'recommendations-table');
    expect(excluded).toHaveLength(10);
    const boughtShown = new Set(history.filter((h) => h.bought > 0).map((h) => h.id));
    for (const { id } of excluded) {
      expect(boughtShown.has(id), id).toBe(false);
      expect(buyer.bought, id).not.toContain(id);
    }
    expect(await page.locator('[data-testid="recommendations-table"] .rec-tag').count()).toBe(0);
    for (const reason of await page.getByTestId('rec-reason').allTextContents())
      expect(reason.trim().length).toBeGreaterThan(5);

    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'dashboard-recommendations.png'), fullPage: true });

    // One category only: every product listed is in it.
    const category =
      (await page.getByTestId('rec-category').locator('option').nth(1).getAttribute('value')) ?? '';
    expect(category).not.toBe('');
    await page.getByTestId('rec-category').selectOption(category);
    await settled(page, { category, exclude: 'purchased' });
    const categories = await page
      .locator('[data-testid="recommendations-table"] tbody tr td:nth-child(3)')
      .allTextContents();
    expect(categories.length).toBeGreaterThan(0);
    for (const c of categories) expect(c).toBe(category);

    // All categories again, with the most variety: the list is asked for again and still full.
    await page.getByTestId('rec-category').selectOption('');
    await page.getByTestId('rec-diversity').selectOption('1');
    await settled(page, { category: '', diversity: '1', exclude: 'purchased' });
    expect(await page.locator('[data-testid="recommendations-table"] tbody tr').count()).toBe(10);

    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('opens a typed userId, and says so for an unknown customer instead of failing', async () => {
    const { page, pageErrors } = await openSignedIn(api(), '#/recommendations');
    await page.getByTestId('customer-search-input').fill(buyer.userId);
    await page.getByTestId('customer-search-input').press('Enter');
    await settled(page, { 'customer-id': customerIdScheme.forUserId(buyer.userId) });
    expect(page.url()).toContain(`#/recommendations/${encodeURIComponent(buyer.userId)}`);

    await page.getByTestId('customer-search-input').fill('nobody-at-all');
    await page.getByTestId('customer-list-empty').waitFor({ timeout: 15_000 });
    await page.getByTestId('customer-open').click();
    const notFound = page.getByTestId('customer-not-found');
    await notFound.waitFor({ timeout: 15_000 });
    expect(await notFound.textContent()).toContain('nobody-at-all');
    // The rest of the page still works.
    await page.getByTestId('comparison-chart').waitFor();
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('links the Models page’s recommender version to this page', async () => {
    const { page, pageErrors } = await openSignedIn(api(), '#/models/recommendations');
    const section = page.getByTestId('evaluation-recommender');
    await section.waitFor({ timeout: 15_000 });
    await section.getByRole('link', { name: 'Recommendations page' }).click();
    await page.getByTestId('recommendations-page').waitFor({ timeout: 15_000 });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows an empty state on a server without a trained recommender', async () => {
    if (!emptyServer) throw new Error('empty server not started');
    const { page, pageErrors } = await openSignedIn(emptyServer, '#/recommendations/someone');
    const metrics = page.getByTestId('metrics-not-trained');
    await metrics.waitFor({ timeout: 15_000 });
    expect(await metrics.textContent()).toContain('rapport pipeline run');
    await page.getByTestId('recommendations-not-trained').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('comparison-chart').count()).toBe(0);
    expect(await page.getByTestId('error').count()).toBe(0);
    await page.screenshot({
      path: join(artifactsDir, 'dashboard-recommendations-empty.png'),
      fullPage: true,
    });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
