import { loadConfig } from '../config/index.js';
import { createLogger } from './logger.js';
import { createRuntime } from './runtime.js';
import { startServer } from './start-server.js';

/** Composition root of the server process: `node dist/server/main.js`. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const runtime = await createRuntime(config, logger);
  const server = await startServer(runtime, config.server);
  logger.info({ url: server.url, database: config.database.kind }, 'rapport listening');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`rapport: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
