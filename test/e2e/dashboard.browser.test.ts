import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from './helpers/test-server.js';
import { artifactsDir, CHROMIUM, ensureWebBuild, hasChromium, launchChromium } from './helpers/browser.js';

if (!hasChromium) {
  console.warn(`Skipping the dashboard browser test: ${CHROMIUM} not found (apt-get install -y chromium).`);
}

const DAY_MS = 86_400_000;
const todayUtc = Math.floor(Date.now() / DAY_MS) * DAY_MS;
/** Track events spread over distinct past days (noon UTC, so any server time zone keeps them apart). */
const eventsByDaysAgo: ReadonlyMap<number, number> = new Map([
  [1, 3],
  [2, 1],
  [4, 2],
  [6, 4],
  [9, 2],
]);
const validEvents: Record<string, unknown>[] = [...eventsByDaysAgo].flatMap(([daysAgo, count]) =>
  Array.from({ length: count }, (_, index) => ({
    type: 'track',
    event: index % 2 === 0 ? 'Product Viewed' : 'Product Added',
    userId: `u${index + 1}`,
    properties: { sku: `sku-${daysAgo}-${index}` },
    timestamp: new Date(todayUtc - daysAgo * DAY_MS + 12 * 3_600_000 + index * 60_000).toISOString(),
  })),
);
validEvents.push({
  type: 'identify',
  userId: 'u1',
  traits: { plan: 'pro' },
  timestamp: new Date(todayUtc - DAY_MS + 13 * 3_600_000).toISOString(),
});
const distinctDays = eventsByDaysAgo.size;
// A track event without `event` breaks the Segment spec and must land in the dead letters.
const invalidEvent = { type: 'track', userId: 'u9', timestamp: new Date(todayUtc - DAY_MS).toISOString() };

describe.skipIf(!hasChromium)('dashboard in Chromium', () => {
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

  async function postBatch(batch: readonly object[]): Promise<Response> {
    return fetch(`${api().baseUrl}/v1/batch`, {
      method: 'POST',
      headers: { authorization: `Bearer ${api().writeKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ batch }),
    });
  }

  async function openPage(): Promise<{ page: Page; pageErrors: string[] }> {
    const page = await browser().newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    return { page, pageErrors };
  }

  beforeAll(async () => {
    ensureWebBuild();
    server = await startTestServer();

    const accepted = await postBatch(validEvents);
    expect(accepted.status, await accepted.clone().text()).toBeLessThan(300);
    await postBatch([invalidEvent]);

    chromiumSession = await launchChromium();
  });

  afterAll(async () => {
    await chromiumSession?.close();
    await server?.close();
  });

  it('shows the login hint when the browser has no session', async () => {
    await browser().clearCookies();
    const { page, pageErrors } = await openPage();

    await page.goto(`${api().baseUrl}/`);

    await expect
      .poll(() => page.getByTestId('login-hint').textContent(), { timeout: 15_000 })
      .toContain('Open the login link printed by rapport demo or rapport serve');
    expect(await page.getByTestId('events-per-day-chart').count()).toBe(0);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('accepts a login link once and rejects it the second time', async () => {
    await browser().clearCookies();
    const { page } = await openPage();
    const loginUrl = await api().loginUrl();

    const first = await page.goto(loginUrl);
    expect(first?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByTestId('overview-page').waitFor({ timeout: 15_000 });

    await browser().clearCookies();
    const second = await page.goto(loginUrl);
    expect(second?.status()).toBe(401);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.close();
  });

  it('renders the overview from ingested events after login', async () => {
    await browser().clearCookies();
    const { page, pageErrors } = await openPage();

    await page.goto(await api().loginUrl());
    // Grid lines are zero-height paths, which Playwright calls hidden; being in the DOM is enough.
    await page
      .locator('[data-testid="events-per-day-chart"] svg path')
      .first()
      .waitFor({ state: 'attached', timeout: 30_000 });

    const perDay = page.getByTestId('events-per-day-chart');
    expect(Number(await perDay.getAttribute('data-points'))).toBeGreaterThanOrEqual(distinctDays);
    expect(Number(await perDay.getAttribute('data-active-days'))).toBe(distinctDays);
    expect(Number(await perDay.getAttribute('data-total'))).toBe(validEvents.length);
    expect(await page.locator('[data-testid="events-by-type-chart"] svg path').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('stat-events').textContent()).toContain(String(validEvents.length));
    expect(await page.getByTestId('top-events-table').textContent()).toContain('Product Viewed');

    const deadLetter = page.locator('[data-testid="dead-letters-table"] tbody tr[data-code="invalid_event"]');
    expect(await deadLetter.count()).toBe(1);
    expect(await deadLetter.textContent()).toContain('invalid_event');

    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'dashboard.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
