import fs from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
} from 'fastify';
import { AppError } from '../shared/index.js';
import { installErrorHandler } from './error-handler.js';
import { RawJson } from './raw-json.js';
import { clustersRoutes } from './routes/clusters.routes.js';
import { eventsRoutes } from './routes/events.routes.js';
import { ingestRoutes } from './routes/ingest.routes.js';
import { keysRoutes } from './routes/keys.routes.js';
import { modelsRoutes } from './routes/models.routes.js';
import { opsRoutes } from './routes/ops.routes.js';
import { recommendationsRoutes } from './routes/recommendations.routes.js';
import { pipelineRoutes } from './routes/pipeline.routes.js';
import { profilesRoutes } from './routes/profiles.routes.js';
import { qualityRoutes } from './routes/quality.routes.js';
import { rfmRoutes } from './routes/rfm.routes.js';
import { segmentsRoutes } from './routes/segments.routes.js';
import { sessionRoutes } from './routes/session.routes.js';
import { statsRoutes } from './routes/stats.routes.js';
import { textRoutes } from './routes/text.routes.js';
import type { Runtime } from './runtime.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Bodies of at least this many characters reach the handler as `RawJson`, unparsed. */
    rawJsonFrom?: number;
  }
  interface FastifyInstance {
    /** Every route registered, for the OpenAPI coverage test and diagnostics. */
    routeTable: readonly { method: string; url: string }[];
  }
}

export interface AppOptions {
  /** Folder of the built dashboard (`web/dist`); the dashboard is not served when absent. */
  webDir?: string | null;
  version?: string;
}

/** Builds the HTTP app without listening: main.ts listens, tests use `app.inject()`. */
export async function createApp(runtime: Runtime, options: AppOptions = {}): Promise<FastifyInstance> {
  const version = options.version ?? '0.0.0';
  const app: FastifyInstance = Fastify({
    loggerInstance: runtime.logger as FastifyBaseLogger,
    // Per-request log lines would cost more than the ingest itself; errors are logged by the error handler.
    logController: new LogController({ disableRequestLogging: true }),
    // No child logger per request (pino serialises its bindings each time): errors name the request id instead.
    childLoggerFactory: (logger) => logger,
    trustProxy: runtime.config.server.trustProxy,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    forceCloseConnections: true,
  });
  app.decorateRequest('principal', null);
  const routeTable: { method: string; url: string }[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      if (method !== 'HEAD') routeTable.push({ method, url: route.url });
  });

  // Parse JSON ourselves so that a body that fails to parse can still be dead-lettered as received.
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    ['application/json', 'text/plain'],
    { parseAs: 'string' },
    (request: FastifyRequest, body, done) => {
      const text = body as string;
      // Routes served by batch workers take large bodies unparsed: a worker parses them, off the event loop.
      const rawFrom = request.routeOptions.config.rawJsonFrom;
      if (rawFrom !== undefined && text.length >= rawFrom) {
        done(null, new RawJson(text));
        return;
      }
      defaultJson(request, text, (error, value) => {
        if (error) {
          const parseError = new AppError('invalid_json', `The body is not valid JSON: ${error.message}`);
          done(Object.assign(parseError, { rawBody: text }) as unknown as Error, undefined);
        } else done(null, value);
      });
    },
  );

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Rapport API',
        version,
        description:
          'Collect (Segment-compatible), read and operate. Errors are `{ "error": { "code", "message", "details" } }` with codes from docs/errors.md.',
      },
      components: {
        securitySchemes: {
          basicAuth: {
            type: 'http',
            scheme: 'basic',
            description: 'Segment style: the key as user name, empty password',
          },
          bearerAuth: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });

  installErrorHandler(app, async (request, error, rawBody) => {
    const body = rawBody ?? (request.body === undefined ? '' : JSON.stringify(request.body));
    await runtime.ingestor.deadLetter({
      origin: `api:${request.url.split('?')[0]}`,
      code: error.code,
      message: error.message,
      details: { ...(error.details ?? {}), status: error.status },
      payload: body,
    });
  });

  app.addHook('onResponse', async (request, reply) => {
    runtime.metrics.observeRequest(
      request.routeOptions.url ?? 'unmatched',
      request.method,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onClose', async () => {
    await runtime.committer.drain();
  });

  ingestRoutes(app, runtime);
  eventsRoutes(app, runtime);
  statsRoutes(app, runtime);
  keysRoutes(app, runtime);
  sessionRoutes(app, runtime);
  opsRoutes(app, runtime, version);
  profilesRoutes(app, runtime);
  qualityRoutes(app, runtime);
  segmentsRoutes(app, runtime);
  clustersRoutes(app, runtime);
  rfmRoutes(app, runtime);
  modelsRoutes(app, runtime);
  pipelineRoutes(app, runtime);
  recommendationsRoutes(app, runtime);
  textRoutes(app, runtime);

  const webDir = options.webDir;
  const serveWeb = Boolean(webDir && fs.existsSync(path.join(webDir, 'index.html')));
  if (serveWeb && webDir) {
    await app.register(fastifyStatic, {
      root: path.resolve(webDir),
      prefix: '/',
      wildcard: false,
      index: ['index.html'],
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    // The dashboard routes in the browser: unknown non-API pages get the app shell.
    if (
      serveWeb &&
      request.method === 'GET' &&
      !url.startsWith('/v1/') &&
      (request.headers.accept ?? '').includes('text/html')
    ) {
      return reply.sendFile('index.html');
    }
    const e = new AppError('not_found', `No route ${request.method} ${url}.`);
    return reply.status(404).send(e.toBody());
  });
  return app;
}
