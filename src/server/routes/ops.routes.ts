import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth.js';
import type { Runtime } from '../runtime.js';
import { errorResponses } from './schemas.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Object({ dialect: Type.String(), ok: Type.Boolean(), error: Type.Optional(Type.String()) }),
  uptimeSeconds: Type.Number(),
  version: Type.String(),
});

export function opsRoutes(app: FastifyInstance, runtime: Runtime, version: string): void {
  const { stores, metrics, access } = runtime;
  const started = performance.now();

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operate'],
        summary: 'Liveness and database reachability (no auth)',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      let ok = true;
      let error: string | undefined;
      try {
        await stores.ping();
      } catch (e) {
        ok = false;
        error = e instanceof Error ? e.message : String(e);
      }
      const body = {
        status: ok ? ('ok' as const) : ('degraded' as const),
        database: { dialect: stores.dialect, ok, ...(error ? { error } : {}) },
        uptimeSeconds: Math.round((performance.now() - started) / 1000),
        version,
      };
      return reply.status(ok ? 200 : 503).send(body);
    },
  );

  app.get(
    '/metrics',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['operate'],
        summary: 'Prometheus metrics: ingest counts, commit sizes, latency histograms, rejections by code',
        security: [{ basicAuth: [] }, { bearerAuth: [] }],
        produces: ['text/plain'],
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );

  app.get('/openapi.json', { schema: { tags: ['operate'], summary: 'This OpenAPI 3 document' } }, async () =>
    app.swagger(),
  );
}
