import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../runtime.js';
import { AppError } from '../../shared/index.js';
import {
  BatchRequest,
  BatchResponse,
  IngestResponse,
  eventTypes,
  messageSchemas,
  readBatchBody,
  type EventType,
} from '../../ingest/index.js';
import { requireScope } from '../auth.js';
import { RawJson } from '../raw-json.js';
import { errorResponses } from './schemas.js';

const skipValidation = () => () => true;

/**
 * Segment's HTTP Tracking API. Bodies are checked event by event (not by Fastify) so that an invalid
 * event in a batch is dead-lettered with its reason while the valid ones are stored.
 */
export function ingestRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { ingestor, config, access, clock } = runtime;
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

  const pool = runtime.batchPool;
  app.post(
    '/v1/batch',
    {
      bodyLimit: config.ingest.maxBatchBytes,
      onRequest: auth,
      validatorCompiler: skipValidation,
      ...(pool ? { config: { rawJsonFrom: config.ingest.workerMinChars } } : {}),
      schema: {
        tags: ['collect'],
        summary: 'Segment batch call: up to 500 KB of messages, each with its type',
        security,
        body: BatchRequest,
        response: { 200: BatchResponse, ...errorResponses },
      },
    },
    async (request) => {
      const source = `api:${request.principal?.id ?? 'unknown'}`;
      const origin = 'api:/v1/batch';
      const body: unknown = request.body;
      let outcome;
      if (body instanceof RawJson && pool) {
        const prepared = await pool.prepare({ text: body.text, receivedAt: clock.now(), source, origin });
        if (prepared.kind === 'invalid_json')
          throw withRawBody(
            new AppError('invalid_json', `The body is not valid JSON: ${prepared.message}`),
            body.text,
          );
        if (prepared.kind !== 'ok') throw withRawBody(batchError(prepared.kind, prepared.message), body.text);
        outcome = await ingestor.commitPrepared(prepared);
      } else {
        const envelope = readBatchBody(body);
        if (!envelope.ok) throw batchError(envelope.code, envelope.message);
        outcome = await ingestor.ingest({ ...envelope.request, source, origin });
      }
      return {
        success: outcome.rejected.length === 0,
        accepted: outcome.accepted,
        rejected: outcome.rejected,
      };
    },
  );
}

function batchError(code: 'invalid_request' | 'empty_batch', message: string | undefined): AppError {
  return code === 'invalid_request'
    ? new AppError('invalid_request', message, { path: '/batch' })
    : new AppError('empty_batch');
}

/** The error handler dead-letters a rejected ingest body as received. */
function withRawBody(error: AppError, text: string): AppError {
  return Object.assign(error, { rawBody: text });
}
