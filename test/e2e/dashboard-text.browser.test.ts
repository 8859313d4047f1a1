import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticIntents } from '../../src/text/test-kit.js';
import { artifactsDir, CHROMIUM, ensureWebBuild, hasChromium, launchChromium } from './helpers/browser.js';
import { runRapport } from './helpers/cli.js';
import { startTestServer } from './helpers/test-server.js';

if (!hasChromium) {
  console.warn(`Skipping the Text lab test: ${CHROMIUM} not found (apt-get install -y chromium).`);
}

function rapport(dataDir: string, args: string[]): string {
  const result = runRapport(dataDir, args, { RAPPORT_LOG_LEVEL: 'warn' });
  if (result.code !== 0) throw new Error(`rapport ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

const q = (s: string) => `"${s.replaceAll('"', '""')}"`;

describe.skipIf(!hasChromium)('dashboard Text lab in Chromium', () => {
  let dataDir: string | undefined;
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let chromium: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let accuracy = 0;

  beforeAll(async () => {
    ensureWebBuild();
    dataDir = mkdtempSync(join(tmpdir(), 'rapport-e2e-text-'));
    const { texts, labels } = syntheticIntents(30);
    const intents = join(dataDir, 'intents.csv');
    writeFileSync(intents, ['text,label', ...texts.map((t, i) => `${q(t)},${labels[i]}`)].join('\n'));
    const trained = JSON.parse(
      rapport(dataDir, [
        'text',
        'train',
        '--task',
        'intent',
        '--data',
        intents,
        '--split',
        'cv:3:1',
        '--json',
      ]),
    ) as { accuracy: { mean: number } };
    accuracy = trained.accuracy.mean;
    const reviews = join(dataDir, 'reviews.csv');
    writeFileSync(
      reviews,
      [
        'id,product_id,rating,title,body,created_at',
        'r1,sku-lab,5,Great,"Fast delivery, love it",2026-03-02T10:00:00Z',
        'r2,sku-lab,4,,Good quality for the price,2026-03-20T10:00:00Z',
        'r3,sku-lab,1,Awful,"Terrible quality, it broke after a day and delivery was late",2026-04-05T10:00:00Z',
      ].join('\n'),
    );
    rapport(dataDir, ['import', reviews, '--type', 'reviews', '--json']);
    server = await startTestServer({ dataDir });
    chromium = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await chromium?.close();
    await server?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('analyzes a sentence, shows the confusion matrix and a product’s aspects over time', async () => {
    if (!server || !chromium) throw new Error('not started');
    const page = await chromium.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(await server.loginUrl());
    await page.getByTestId('overview-page').waitFor({ timeout: 15_000 });
    await page.goto(`${server.baseUrl}/#/text`);
    await page.getByTestId('text-lab-page').waitFor({ timeout: 15_000 });
    expect(await page.locator('nav a[aria-current="page"]').textContent()).toBe('Text lab');

    await page.getByTestId('text-input').fill('Hi, where is my parcel? Still waiting');
    await page.getByTestId('text-analyze').click();
    await page.getByTestId('intent-label').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('intent-label').textContent()).toBe('order_status');
    expect(Number(await page.getByTestId('intent-words').getAttribute('data-bars'))).toBeGreaterThan(0);
    await page.locator('[data-testid="intent-words"] svg path').first().waitFor({ state: 'attached' });
    expect(await page.getByTestId('sentiment').textContent()).toContain('lexicon');

    const matrix = page.getByTestId('confusion-matrix');
    await matrix.waitFor({ timeout: 15_000 });
    expect(await matrix.getAttribute('data-labels')).toBe('4');
    expect(Number(await matrix.getAttribute('data-cells'))).toBeGreaterThanOrEqual(4);
    const shown = Number(
      ((await page.getByTestId('eval-accuracy').textContent()) ?? '').replace(/[^\d.]/g, ''),
    );
    expect(shown).toBeCloseTo(100 * accuracy, 1);
    await page.getByTestId('eval-tab-text_sentiment').click();
    await page.getByTestId('eval-none').waitFor({ timeout: 15_000 });

    await page.getByTestId('product-input').fill('sku-lab');
    await page.getByTestId('product-show').click();
    const chart = page.getByTestId('product-sentiment-chart');
    await chart.waitFor({ timeout: 15_000 });
    expect(await chart.getAttribute('data-months')).toBe('2');
    const aspects = (await page.getByTestId('product-aspects').textContent()) ?? '';
    expect(aspects).toContain('delivery');
    expect(aspects).toContain('quality');

    mkdirSync(artifactsDir, { recursive: true });
    await page.screenshot({ path: join(artifactsDir, 'text-lab.png'), fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
