import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { eventTypes, parseIsoTime } from '../../ingest/index.js';
import { AppError } from '../../shared/index.js';
import { requireScope } from '../auth.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { deadLetterSummary } from '../present-dead-letter.js';
import { presentEvent } from '../present-event.js';
import type { Runtime } from '../runtime.js';
import { Cursor, Limit, errorResponses } from './schemas.js';

const EventsQuery = Type.Object(
  {
    userId: Type.Optional(Type.String({ maxLength: 255 })),
    anonymousId: Type.Optional(Type.String({ maxLength: 255 })),
    type: Type.Optional(Type.Union(eventTypes.map((t) => Type.Literal(t)))),
    event: Type.Optional(Type.String({ maxLength: 200 })),
    since: Type.Optional(Type.String({ maxLength: 64, description: 'ISO-8601; inclusive' })),
    until: Type.Optional(Type.String({ maxLength: 64, description: 'ISO-8601; exclusive' })),
    order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' })),
    limit: Limit,
    cursor: Cursor,
  },
  { additionalProperties: false },
);

const DeadLettersQuery = Type.Object(
  { code: Type.Optional(Type.String({ maxLength: 100 })), limit: Limit, cursor: Cursor },
  { additionalProperties: false },
);

const Page = Type.Object({
  data: Type.Array(Type.Record(Type.String(), Type.Unknown())),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

function time(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseIsoTime(value);
  if (ms === null)
    throw new AppError('invalid_query', `${name} must be an ISO-8601 date.`, { parameter: name });
  return ms;
}

export function eventsRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { stores, cipher, access } = runtime;
  const security = [{ basicAuth: [] }, { bearerAuth: [] }];

  app.get<{ Querystring: Static<typeof EventsQuery> }>(
    '/v1/events',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['read'],
        summary: 'Stored events, newest first by default; PII masked unless the key is admin',
        security,
        querystring: EventsQuery,
        response: { 200: Page, ...errorResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const limit = q.limit ?? 100;
      const order = q.order ?? 'desc';
      const since = time(q.since, 'since');
      const until = time(q.until, 'until');
      const afterSeq = decodeCursor(q.cursor);
      const events = await stores.events.list({
        limit,
        order,
        ...(q.userId !== undefined ? { userId: q.userId } : {}),
        ...(q.anonymousId !== undefined ? { anonymousId: q.anonymousId } : {}),
        ...(q.type !== undefined ? { type: q.type } : {}),
        ...(q.event !== undefined ? { event: q.event } : {}),
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
        ...(afterSeq !== undefined ? { afterSeq } : {}),
      });
      const reveal = request.principal?.scope === 'admin';
      const last = events[events.length - 1];
      return {
        data: events.map((e) => presentEvent(e, cipher, reveal)),
        nextCursor: events.length === limit && last ? encodeCursor(last.seq) : null,
      };
    },
  );

  app.get<{ Querystring: Static<typeof DeadLettersQuery> }>(
    '/v1/dead-letters',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['read'],
        summary: 'Rejected input with the reason, newest first; the payload only for admin keys',
        security,
        querystring: DeadLettersQuery,
        response: { 200: Page, ...errorResponses },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const afterSeq = decodeCursor(request.query.cursor);
      const rows = await stores.deadLetters.list({
        limit,
        ...(request.query.code !== undefined ? { code: request.query.code } : {}),
        ...(afterSeq !== undefined ? { afterSeq } : {}),
      });
      const last = rows[rows.length - 1];
      const reveal = request.principal?.scope === 'admin';
      return {
        data: rows.map((d) => ({
          ...deadLetterSummary(d),
          details: d.details,
          // Rejected input may hold PII: sealed at rest, shown to admin keys only.
          payload: reveal ? cipher.open(d.payload) : null,
        })),
        nextCursor: rows.length === limit && last ? encodeCursor(last.seq) : null,
      };
    },
  );
}
