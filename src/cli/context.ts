import { loadConfig, type Config } from '../config/index.js';
import { createLogger, createRuntime, type Runtime } from '../server/index.js';
import type { Clock } from '../shared/index.js';

/** Opens the runtime the CLI commands work on; logs only warnings, to stderr. */
export async function openRuntime(
  overrides: Record<string, string> = {},
  options: { clock?: Clock } = {},
): Promise<Runtime> {
  const config: Config = loadConfig({ ...process.env, ...overrides });
  const logger = createLogger(process.env.RAPPORT_LOG_LEVEL ?? 'warn', process.stderr);
  return createRuntime(config, logger, options);
}

/** Runs `work` over an opened runtime and always closes it. */
export async function withRuntime<T>(
  work: (runtime: Runtime) => Promise<T>,
  overrides: Record<string, string> = {},
): Promise<T> {
  const runtime = await openRuntime(overrides);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}
