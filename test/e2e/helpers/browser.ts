import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { repoRoot } from './cli.js';

/** Debian's Chromium, driven by playwright-core (.ci/run installs it when missing). */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, and no background traffic: this machine's network is closed. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const hasChromium = existsSync(CHROMIUM);

/** Screenshots the browser tests leave behind (git-ignored). */
export const artifactsDir = join(repoRoot, 'test/e2e/artifacts');

/** Builds the dashboard (web/dist) when it is missing; the server serves it from there. */
export function ensureWebBuild(): void {
  if (existsSync(join(repoRoot, 'web/dist/index.html'))) return;
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], {
    cwd: repoRoot,
    stdio: 'inherit',
  });
}

/** Chromium with a profile directory of its own; `close` shuts it and deletes the directory. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'rapport-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
