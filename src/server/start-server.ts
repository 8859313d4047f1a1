import type { FastifyInstance } from 'fastify';
import { createApp } from './create-app.js';
import { packageVersion, webDistDir } from './paths.js';
import type { Runtime } from './runtime.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the app over a runtime, listens and arms the pipeline schedule; `close` stops accepting, stops the pipeline,
 * drains commits, then closes the stores.
 */
export async function startServer(
  runtime: Runtime,
  options: { host: string; port: number },
): Promise<RunningServer> {
  const app = await createApp(runtime, { webDir: webDistDir(), version: packageVersion() });
  await app.listen({ host: options.host, port: options.port });
  // Scheduled pipeline runs (RAPPORT_PIPELINE_INTERVAL) belong to a serving process, not to CLI commands.
  runtime.pipeline.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    app,
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    async close() {
      await app.close();
      await runtime.close();
    },
  };
}
