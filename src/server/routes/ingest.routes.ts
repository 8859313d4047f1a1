import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { AppError } from '../../shared/index.js';
import {
  BatchRequest,
  BatchResponse,
  IngestResponse,
  eventTypes,
  messageSchemas,
  type EventType,
} from '../../ingest/index.js';
import { requireScope } from '../auth.js';
import { errorResponses } from './schemas.js';

const skipValidation = () => () => true;

function isDict(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Segment's HTTP Tracking API. Bodies are checked event by event (not by Fastify) so that an invalid
 * event in a batch is dead-lettered with its reason while the valid ones are stored.
 */
export function ingestRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { ingestor, config, access } = runtime;
  const auth = requireScope(access, 'write');
  const security = [{ basicAuth: [] }, { bearerAuth: [] }];

  for (const type of eventTypes) {
    app.post(
      `/v1/${type}`,
      {
        bodyLimit: config.ingest.maxEventBytes,
        onRequest: auth,
        validatorCompiler: skipValidation,
        schema: {
          tags: ['collect'],
          summary: `Segment ${type} call`,
          security,
          body: messageSchemas[type],
          response: { 200: IngestResponse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const outcome = await ingestor.ingest({
          messages: [request.body],
          routeType: type as EventType,
          source: `api:${request.principal?.id ?? 'unknown'}`,
          origin: `api:/v1/${type}`,
        });
        const rejected = outcome.rejected[0];
        if (rejected) {
          const error = new AppError(rejected.code, rejected.message, { messageId: rejected.messageId });
          return reply.status(error.status as 400).send(error.toBody());
        }
        return { success: true };
      },
    );
  }

  app.post(
    '/v1/batch',
    {
      bodyLimit: config.ingest.maxBatchBytes,
      onRequest: auth,
      validatorCompiler: skipValidation,
      schema: {
        tags: ['collect'],
        summary: 'Segment batch call: up to 500 KB of messages, each with its type',
        security,
        body: BatchRequest,
        response: { 200: BatchResponse, ...errorResponses },
      },
    },
    async (request) => {
      const body: unknown = request.body;
      if (!isDict(body) || !Array.isArray(body.batch)) {
        throw new AppError('invalid_request', 'The body must be an object with a `batch` array.', {
          path: '/batch',
        });
      }
      if (body.batch.length === 0) throw new AppError('empty_batch');
      const outcome = await ingestor.ingest({
        messages: body.batch,
        source: `api:${request.principal?.id ?? 'unknown'}`,
        origin: 'api:/v1/batch',
        ...(body.sentAt !== undefined ? { batchSentAt: body.sentAt } : {}),
        ...(isDict(body.context) ? { batchContext: body.context } : {}),
        ...(isDict(body.integrations) ? { batchIntegrations: body.integrations } : {}),
      });
      return {
        success: outcome.rejected.length === 0,
        accepted: outcome.accepted,
        rejected: outcome.rejected,
      };
    },
  );
}
