import { existsSync } from 'node:fs';
import { join } from 'node:path';
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
