import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '../shared/index.js';

/** Fastify's own error codes mapped to Rapport's registry. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
};

export interface RejectedBodyHandler {
  (request: FastifyRequest, error: AppError, rawBody: string | null): Promise<void>;
}

/** Turns anything thrown into `{ error: { code, message, details } }`: the one place errors become responses. */
export function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const fe = error as FastifyError & { validation?: { instancePath?: string; message?: string }[] };
  if (fe.validation) {
    const first = fe.validation[0];
    const where = fe.validationContext === 'querystring' ? 'invalid_query' : 'invalid_request';
    return new AppError(
      where,
      `${fe.validationContext ?? 'request'}${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}`,
      {
        path: first?.instancePath ?? '',
      },
    );
  }
  const mapped = fe.code ? fastifyCodes[fe.code] : undefined;
  if (mapped === 'body_too_large') {
    const limit = request.routeOptions.bodyLimit;
    const code: ErrorCode = request.url.startsWith('/v1/batch')
      ? 'batch_too_large'
      : request.url.startsWith('/v1/') && isIngestUrl(request.url)
        ? 'event_too_large'
        : 'body_too_large';
    return new AppError(code, `The request body exceeds the ${limit ?? ''} byte limit.`, { limit });
  }
  if (mapped) return new AppError(mapped, undefined, {});
  if (error instanceof SyntaxError || fe.statusCode === 400)
    return new AppError('invalid_json', `The body is not valid JSON: ${fe.message}`);
  if (fe.statusCode === 404) return new AppError('not_found');
  if (fe.statusCode === 405) return new AppError('method_not_allowed');
  if (fe.statusCode === 415) return new AppError('unsupported_media_type');
  if (fe.statusCode === 413) return new AppError('body_too_large');
  return new AppError('internal_error', undefined, undefined, { cause: error });
}

const ingestPaths = [
  '/v1/track',
  '/v1/identify',
  '/v1/page',
  '/v1/screen',
  '/v1/group',
  '/v1/alias',
  '/v1/batch',
];

export function isIngestUrl(url: string): boolean {
  const path = url.split('?')[0] ?? url;
  return ingestPaths.includes(path);
}

export function installErrorHandler(app: FastifyInstance, onRejectedBody: RejectedBodyHandler): void {
  app.setErrorHandler(async (error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error, request);
    if (appError.status >= 500)
      request.log.error({ err: error, code: appError.code, reqId: request.id }, 'request failed');
    const raw = (error as { rawBody?: unknown }).rawBody;
    if (request.principal && isIngestUrl(request.url) && appError.status < 500) {
      try {
        await onRejectedBody(request, appError, typeof raw === 'string' ? raw : null);
      } catch (dlqError) {
        request.log.error({ err: dlqError, reqId: request.id }, 'could not dead-letter a rejected request');
      }
    }
    return reply.status(appError.status).send(appError.toBody());
  });
}
