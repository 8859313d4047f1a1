import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers/test-server.js';
import { artifactsDir, CHROMIUM, ensureWebBuild, hasChromium, launchChromium } from './helpers/browser.js';
import { runRapport } from './helpers/cli.js';

if (!hasChromium) {
  console.warn(`Skipping the dashboard pages test: ${CHROMIUM} not found (apt-get install -y chromium).`);
}

const SEGMENT_NAME = 'Recent buyers';

interface ProfileRow {
  customerId: string;
  userId: string | null;
  eventCount: number;
  rfm: { r: number; segment: string } | null;
}

/** Runs the CLI like a user would, on the test's data directory. */
function rapport(dataDir: string, args: string[]): string {
  const result = runRapport(dataDir, args, { RAPPORT_LOG_LEVEL: 'warn' });
  if (result.code !== 0) throw new Error(`rapport ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

describe.skipIf(!hasChromium)('dashboard pages (profiles, segments, data quality) in Chromium', () => {
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

  /** A signed-in page at `hash`, collecting uncaught page errors. */
  async function openSignedIn(hash: string): Promise<{ page: Page; pageErrors: string[] }> {
    await browser().clearCookies();
    const page = await browser().newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(await api().loginUrl());
    await page.getByTestId('overview-page').waitFor({ timeout: 15_000 });
    await page.goto(`${api().baseUrl}/${hash}`);
    return { page, pageErrors };
  }

  beforeAll(async () => {
    ensureWebBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'rapport-e2e-pages-'));
    // Live updates build profiles as the demo's events arrive, but RFM scores come from a full build.
    rapport(dataDir, ['demo', '--no-serve', '--no-models', '--json', '--customers', '200', '--days', '120']);
    rapport(dataDir, ['profiles', 'build', '--json']);
    // Two 30-day windows of history to learn from; the scores it stores are the profiles' model scores.
    rapport(dataDir, ['train', 'propensity', '--json']);
    server = await startTestServer({ dataDir });

    const created = await fetch(`${api().baseUrl}/v1/segments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api().adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: SEGMENT_NAME, rule: { rfm: 'r', op: 'gte', value: 4 } }),
    });
    expect(created.status, await created.clone().text()).toBe(201);

    chromiumSession = await launchChromium();
  });

  afterAll(async () => {
    await chromiumSession?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('searches profiles by userId and shows one profile with RFM, segments and a timeline', async () => {
    const { data } = await getJson<{ data: ProfileRow[] }>('/v1/profiles?limit=500');
    const target = data.find((p) => p.userId !== null && p.eventCount > 0 && (p.rfm?.r ?? 0) >= 4);
    if (!target?.userId || !target.rfm) throw new Error('the demo has no recent buyer with events');

    const { page, pageErrors } = await openSignedIn('#/profiles');
    await page.getByTestId('profiles-table').waitFor({ timeout: 15_000 });
    await page.getByTestId('profile-search-input').fill(target.userId);
    await page.getByTestId('profile-search-submit').click();
    const row = page.locator(`[data-testid="profiles-table"] tr[data-customer-id="${target.customerId}"]`);
    await row.waitFor({ timeout: 15_000 });
    await row.locator('a').click();

    await page.getByTestId('profile-timeline').waitFor({ timeout: 15_000 });
    expect(page.url()).toContain(`#/profiles/${encodeURIComponent(target.customerId)}`);
    expect(await page.getByTestId('profile-customer-id').textContent()).toBe(target.customerId);
    expect(await page.getByTestId('profile-user-id').textContent()).toContain(target.userId);
    expect(await page.locator('[data-testid="profile-timeline"] li').count()).toBeGreaterThan(0);
    const times = await page
      .locator('[data-testid="profile-timeline"] li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-timestamp') ?? ''));
    expect(times).toEqual([...times].sort().reverse());
    expect(await page.getByTestId('profile-rfm-segment').textContent()).toBe(target.rfm.segment);
    expect(await page.getByTestId('profile-segments').textContent()).toContain(SEGMENT_NAME);
    expect(await page.locator('[data-testid="profile-consent"] tbody tr').count()).toBeGreaterThan(0);
    await page
      .locator('[data-testid^="feature-map-"] svg path')
      .first()
      .waitFor({ state: 'attached', timeout: 15_000 });

    // The model score panel: the value the API has, and a chart of what moved it.
    const { scores } = await getJson<{ scores: { name: string; value: number }[] }>(
      `/v1/profiles/${encodeURIComponent(target.customerId)}/scores`,
    );
    const propensity = scores.find((s) => s.name === 'propensity_30d');
    if (!propensity) throw new Error('the trained propensity model scored no score for the target');
    const card = page.getByTestId('score-propensity_30d');
    await card.locator('svg path').first().waitFor({ state: 'attached', timeout: 15_000 });
    expect(Number(await card.getAttribute('data-value'))).toBe(propensity.value);
    expect(await card.textContent()).toContain(`${Math.trunc(propensity.value * 100)}`);

    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'dashboard-profile.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows segments with size trends, the RFM heat map and the cluster scatter', async () => {
    const grid = await getJson<{ data: { profiles: number; cells: { segment: string }[] } }>('/v1/rfm/grid');
    expect(grid.data.profiles).toBeGreaterThan(0);
    const names = [...new Set(grid.data.cells.map((c) => c.segment))];

    const { page, pageErrors } = await openSignedIn('#/segments');
    await page
      .locator('[data-testid="rfm-heatmap"] svg path')
      .first()
      .waitFor({ state: 'attached', timeout: 30_000 });
    const heatmap = page.getByTestId('rfm-heatmap');
    expect(Number(await heatmap.getAttribute('data-profiles'))).toBe(grid.data.profiles);
    const heatmapText = (await heatmap.textContent()) ?? '';
    const legend = (await page.getByTestId('rfm-segments').textContent()) ?? '';
    for (const name of names) {
      expect(legend).toContain(name);
      expect(heatmapText).toContain(name);
    }

    expect(await page.getByTestId('segments-table').textContent()).toContain(SEGMENT_NAME);
    // The segment was created today, so its size history has one point.
    const sparkline = page.locator('[data-testid="segment-sparkline"]').first();
    await sparkline.waitFor({ state: 'attached', timeout: 15_000 });
    expect(Number(await sparkline.getAttribute('data-points'))).toBeGreaterThanOrEqual(1);

    await page
      .locator('[data-testid="cluster-scatter"] svg path')
      .first()
      .waitFor({ state: 'attached', timeout: 60_000 });
    const scatter = page.getByTestId('cluster-scatter');
    expect(Number(await scatter.getAttribute('data-points'))).toBeGreaterThan(0);
    const k = Number(await scatter.getAttribute('data-clusters'));
    expect(k).toBeGreaterThanOrEqual(2);
    expect(await page.locator('[data-testid="clusters-table"] tbody tr').count()).toBe(k);

    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'dashboard-segments.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows the data-quality report with rule counts and before/after histograms', async () => {
    const report = await getJson<{
      sources: Record<string, { rules: { rule: string; touched: number }[]; columns: unknown[] }>;
    }>('/v1/quality/report');

    const { page, pageErrors } = await openSignedIn('#/quality');
    await page.getByTestId('quality-source-customers').waitFor({ timeout: 60_000 });
    for (const [source, section] of Object.entries(report.sources)) {
      const rows = page.locator(`[data-testid="quality-rules-${source}"] tbody tr`);
      expect(await rows.count(), source).toBe(section.rules.length);
      for (const rule of section.rules) {
        const row = page.locator(`[data-testid="quality-rules-${source}"] tr[data-rule="${rule.rule}"]`);
        expect(await row.getAttribute('data-touched'), `${source} ${rule.rule}`).toBe(String(rule.touched));
      }
    }
    const withColumns = Object.values(report.sources).some((s) => s.columns.length > 0);
    expect(withColumns).toBe(true);
    await page
      .locator('[data-testid="histogram-after"] svg path')
      .first()
      .waitFor({ state: 'attached', timeout: 15_000 });
    expect(await page.locator('[data-testid="histogram-before"]').count()).toBeGreaterThan(0);

    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'dashboard-quality.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
