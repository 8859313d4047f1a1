import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth.js';
import type { Runtime } from '../runtime.js';
import { ErrorBody, errorResponses } from './schemas.js';

const Id = Type.String({ minLength: 1, maxLength: 200 });
const Text = (description: string) => Type.Optional(Type.String({ maxLength: 2000, description }));
const RecommendQuery = Type.Object({
  k: Text('How many items, 1..100 (default 10, or the slot’s)'),
  category: Text('Only these categories: a comma-separated list'),
  price: Text('Price band, inclusive: `MIN..MAX`, `MIN..` or `..MAX`'),
  exclude: Text(
    'Comma-separated: `purchased` (items the customer bought), `out_of_stock`, `item:<id>` (repeatable)',
  ),
  diversity: Text('0..1: 0 ranks by relevance only; higher values trade relevance for variety (MMR)'),
  slot: Text('A placement named in the rules file (e.g. `email`): its defaults and pinned items apply'),
});
const SimilarQuery = Type.Object({ k: Text('How many items, 1..100 (default 10)') });

const Reason = Type.Object({
  code: Type.String({
    description:
      '`because_you_bought`, `because_you_viewed`, `buy_again`, `popular_with_customers_like_you`, `popular_in_your_favourite_category`, `popular_in_your_segment`, `popular`, `new_in_your_favourite_category`, `resembles` (an item the model has no purchases of, described like `itemId`) or `pinned`',
  }),
  text: Type.String(),
  itemId: Type.Optional(
    Type.String({
      description:
        'The history item behind `because_you_*`; for `resembles`, the known item it is described like',
    }),
  ),
});
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const ItemFields = {
  id: Type.String(),
  name: Nullable(Type.String()),
  category: Nullable(Type.String()),
  price: Type.Union([Type.Number(), Type.Null()]),
};
const ModelRef = Type.Object({ name: Type.String(), version: Type.Integer(), type: Type.String() });
const RecommendationsView = Type.Object({
  customerId: Type.String(),
  model: ModelRef,
  strategy: Type.String({
    description:
      '`personalized` (from the customer’s history), `new_customer` (no history yet: popular in their segment or overall, the favourite category first when known) or `not_personalized` (no personalization consent: popular items, history not read)',
  }),
  items: Type.Array(Type.Object({ ...ItemFields, score: Type.Number(), reason: Reason })),
  history: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Nullable(Type.String()),
      category: Nullable(Type.String()),
      bought: Type.Integer(),
      looked: Type.Integer(),
      lastAt: Type.String(),
    }),
  ),
  generatedAt: Type.String(),
  cached: Type.Boolean(),
});
const SimilarView = Type.Object({
  item: Type.Object({ id: Type.String(), name: Nullable(Type.String()), category: Nullable(Type.String()) }),
  model: Type.Object({ name: Type.String(), version: Type.Integer() }),
  items: Type.Array(
    Type.Object({
      ...ItemFields,
      similarity: Type.Number({
        description:
          'Co-purchase cosine (`co_purchase`), text cosine (`content`); 0 for same-category fill-ins',
      }),
      basis: Type.String({
        description:
          '`co_purchase`, `content` (described alike; items the model has no purchases of) or `same_category`',
      }),
    }),
  ),
});
const responses = { ...errorResponses, 404: ErrorBody };

export function recommendationsRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { access, recommendations } = runtime;
  const read = requireScope(access, 'read');
  const security = [{ basicAuth: [] }, { bearerAuth: [] }];
  const tags = ['recommendations'];
  const cachedBodies = new WeakMap<object, string>();

  app.get<{ Params: { customerId: string }; Querystring: Static<typeof RecommendQuery> }>(
    '/v1/recommendations/:customerId',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          'Products for one customer (by customer id, userId or anonymousId), each with a score and a reason; new events change the list at once',
        security,
        params: Type.Object({ customerId: Id }),
        querystring: RecommendQuery,
        response: { 200: Type.Object({ data: RecommendationsView }), ...responses },
      },
    },
    async (request, reply) => {
      const list = await recommendations.recommend(
        request.params.customerId,
        request.query as Record<string, unknown>,
      );
      if (!list.cached) return { data: list };
      // The service hands back the same object for every hit on a list: it is serialized once (by the route's
      // response schema, as a computed list is), at its first hit.
      let body = cachedBodies.get(list);
      if (body === undefined) {
        // The route's JSON serializer returns a string.
        body = reply.serialize({ data: list }) as string;
        cachedBodies.set(list, body);
      }
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );

  app.get<{ Params: { id: string }; Querystring: Static<typeof SimilarQuery> }>(
    '/v1/items/:id/similar',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          'Products bought together with this one (co-purchase); for a product the model has no purchases of, the known items described like it; then same-category best sellers',
        security,
        params: Type.Object({ id: Id }),
        querystring: SimilarQuery,
        response: { 200: Type.Object({ data: SimilarView }), ...responses },
      },
    },
    async (request) => ({
      data: await recommendations.similar(request.params.id, request.query as Record<string, unknown>),
    }),
  );
}
