import { spawnSync } from 'node:child_process';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from source (through tsx) on a data directory, as a user would run `rapport …`. */
export function runRapport(
  dataDir: string,
  args: readonly string[],
  env: Record<string, string> = {},
): CliResult {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'src/cli/main.ts'), ...args],
    {
      cwd: repoRoot,
      env: { ...process.env, RAPPORT_DATA_DIR: dataDir, ...env },
      encoding: 'utf8',
      timeout: 170_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `rapport demo` without serving or training models: a shop of `customers` over `days` loaded into `dataDir`, with
 * any further demo options in `more`.
 */
export function loadDemoShop(
  dataDir: string,
  customers: number,
  days: number,
  more: readonly string[] = [],
): CliResult {
  return runRapport(dataDir, [
    'demo',
    '--no-serve',
    '--no-models',
    '--json',
    '--customers',
    String(customers),
    '--days',
    String(days),
    ...more,
  ]);
}
