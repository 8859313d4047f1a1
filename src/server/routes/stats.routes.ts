import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth.js';
import { deadLetterSummary } from '../present-dead-letter.js';
import type { Runtime } from '../runtime.js';
import { errorResponses } from './schemas.js';

const DAY_MS = 86_400_000;

const OverviewQuery = Type.Object(
  { days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3660, default: 180 })) },
  { additionalProperties: false },
);

const Count = (key: string) => Type.Array(Type.Object({ [key]: Type.String(), count: Type.Integer() }));

const Overview = Type.Object({
  since: Type.String(),
  until: Type.String(),
  events: Type.Object({
    total: Type.Integer(),
    byType: Count('type'),
    perDay: Count('day'),
    topEvents: Count('event'),
  }),
  deadLetters: Type.Object({
    total: Type.Integer(),
    byCode: Count('code'),
    latest: Type.Array(
      Type.Object({
        id: Type.String(),
        receivedAt: Type.String(),
        source: Type.String(),
        code: Type.String(),
        message: Type.String(),
      }),
    ),
  }),
  counts: Type.Object({
    customers: Type.Integer(),
    products: Type.Integer(),
    orders: Type.Integer(),
    reviews: Type.Integer(),
    conversations: Type.Integer(),
    kbDocs: Type.Integer(),
  }),
});

export function statsRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { stores, access, clock } = runtime;
  app.get<{ Querystring: Static<typeof OverviewQuery> }>(
    '/v1/stats/overview',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['read'],
        summary:
          "The dashboard overview: events per day and type over the last N days (up to the newest event's day), dead letters, counts",
        security: [{ basicAuth: [] }, { bearerAuth: [] }],
        querystring: OverviewQuery,
        response: { 200: Overview, ...errorResponses },
      },
    },
    async (request) => {
      const days = request.query.days ?? 180;
      // Anchor the window at the newest event so imported history shows, not an empty "last N days".
      const range = await stores.events.timeRange();
      const end = range?.max ?? clock.now();
      const until = (Math.floor(end / DAY_MS) + 1) * DAY_MS;
      const since = until - days * DAY_MS;
      const [events, dlqTotal, byCode, latest, customers, products, orders, reviews, conversations, kbDocs] =
        await Promise.all([
          stores.events.stats({ since, until }),
          stores.deadLetters.count(),
          stores.deadLetters.countByCode(),
          stores.deadLetters.list({ limit: 10 }),
          stores.customers.count(),
          stores.products.count(),
          stores.orders.count(),
          stores.reviews.count(),
          stores.conversations.count(),
          stores.knowledgeBase.count(),
        ]);
      return {
        since: new Date(since).toISOString(),
        until: new Date(until).toISOString(),
        events,
        deadLetters: {
          total: dlqTotal,
          byCode,
          latest: latest.map(deadLetterSummary),
        },
        counts: { customers, products, orders, reviews, conversations, kbDocs },
      };
    },
  );
}
