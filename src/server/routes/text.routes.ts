import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { MAX_TEXT_CHARS } from '../../text/index.js';
import { requireScope } from '../auth.js';
import type { Runtime } from '../runtime.js';
import { errorResponses } from './schemas.js';

const Word = Type.Object({
  text: Type.String(),
  weight: Type.Number({ description: 'how much the word raised (+) or lowered (−) the answer' }),
});
const ModelRef = Type.Object({ id: Type.String(), name: Type.String(), version: Type.Integer() });
const Probability = Type.Object({ label: Type.String(), probability: Type.Number() });
const ClassAnswer = {
  model: ModelRef,
  label: Type.String(),
  confidence: Type.Number({ description: 'calibrated probability of the label' }),
  outOfScope: Type.Boolean({
    description: 'the text fits none of the labels well (confidence below the tuned threshold)',
  }),
  top: Type.Array(Probability),
  words: Type.Array(Word),
};
const Aspect = Type.Object({
  aspect: Type.String(),
  sentiment: Type.Number({ minimum: -1, maximum: 1 }),
  label: Type.String(),
  mentions: Type.Array(Type.String()),
});
const Analysis = Type.Object({
  intent: Type.Union([Type.Object(ClassAnswer), Type.Null()], {
    description:
      'from the live `text_intent` model; null when none is live (train one with `rapport text train`)',
  }),
  sentiment: Type.Union([
    Type.Object({ source: Type.Literal('model'), ...ClassAnswer }),
    Type.Object({
      source: Type.Literal('lexicon'),
      label: Type.String(),
      score: Type.Number({ minimum: -1, maximum: 1 }),
      words: Type.Array(Word),
    }),
  ]),
  aspects: Type.Array(Aspect),
});
const AnalyzeBody = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: MAX_TEXT_CHARS }) },
  { additionalProperties: false },
);
const AspectsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 1000 })),
});
const ProductAspects = Type.Object({
  productId: Type.String(),
  reviews: Type.Integer(),
  months: Type.Array(
    Type.Object({
      month: Type.String({ description: 'YYYY-MM (UTC)' }),
      reviews: Type.Integer(),
      sentiment: Type.Number({ description: 'mean lexicon sentiment, −1..1' }),
      rating: Type.Union([Type.Number(), Type.Null()]),
      aspects: Type.Array(
        Type.Object({ aspect: Type.String(), mentions: Type.Integer(), sentiment: Type.Number() }),
      ),
    }),
  ),
});

const SearchQuery = Type.Object({
  // A query fits in a URL: 1,000 characters percent-encode to at most 9,000 bytes.
  q: Type.String({ minLength: 1, maxLength: 1000 }),
  k: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 5 })),
});
const KnowledgeHits = Type.Array(
  Type.Object({
    id: Type.String(),
    title: Type.String(),
    score: Type.Number({ description: 'cosine similarity in the embedding space, −1..1' }),
    snippet: Type.String({ description: 'the first 200 characters of the article' }),
  }),
);

export function textRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { access, text } = runtime;
  const read = requireScope(access, 'read');
  const security = [{ basicAuth: [] }, { bearerAuth: [] }];
  const tags = ['text'];

  // POST, not GET: a text of 10,000 characters does not fit in a URL (Node refuses headers over 16 KiB).
  app.post<{ Body: Static<typeof AnalyzeBody> }>(
    '/v1/text/analyze',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          'Intent and sentiment of a text with calibrated probabilities and the words that drove them (the live text models; lexicon sentiment when no sentiment model is live), and its aspects with sentiment',
        security,
        body: AnalyzeBody,
        response: { 200: Type.Object({ data: Analysis }), ...errorResponses },
      },
    },
    async (request) => ({ data: await text.analyze(request.body.text) }),
  );

  app.get<{ Querystring: Static<typeof SearchQuery> }>(
    '/v1/kb/search',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          'Knowledge-base articles nearest in meaning to a query: LSA embeddings (truncated SVD of TF-IDF) of the articles, refitted when they change, searched by cosine similarity',
        security,
        querystring: SearchQuery,
        response: { 200: Type.Object({ data: KnowledgeHits }), ...errorResponses },
      },
    },
    async (request) => ({ data: await text.searchKnowledgeBase(request.query.q, request.query.k ?? 5) }),
  );

  app.get<{ Params: { id: string }; Querystring: Static<typeof AspectsQuery> }>(
    '/v1/products/:id/aspects',
    {
      onRequest: read,
      schema: {
        tags,
        summary:
          "A product's reviews month by month (the most recent `limit`): count, mean sentiment and rating, and each aspect's mentions and sentiment",
        security,
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) }),
        querystring: AspectsQuery,
        response: { 200: Type.Object({ data: ProductAspects }), ...errorResponses },
      },
    },
    async (request) => ({
      data: await text.productAspects(request.params.id, request.query.limit ?? 1000),
    }),
  );
}
