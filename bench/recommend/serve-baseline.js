// The baseline: the HTTP + JSON floor Rapport's recommendation routes stand on. The same Fastify (the project's
// dependency), the same two route shapes with the same params and querystring schemas and the same response schemas
// (mirrored from src/server/routes/recommendations.routes.ts), answering a response Rapport gave during setup (the
// files named in RAPPORT_BENCH_BODIES), serialized by Fastify on every request. No auth, no store reads, no scoring.
// Whatever Rapport does beyond this is what the ratio column measures.
import fs from 'node:fs';
import Fastify from 'fastify';

const bodies = JSON.parse(process.env.RAPPORT_BENCH_BODIES ?? '{}');
const recommendations = JSON.parse(fs.readFileSync(bodies.recommendations, 'utf8'));
const similar = JSON.parse(fs.readFileSync(bodies.similar, 'utf8'));

const app = Fastify({ logger: false, return503OnClosing: true, forceCloseConnections: true });

const str = { type: 'string' };
const nullable = (t) => ({ anyOf: [t, { type: 'null' }] });
const text = { type: 'string', maxLength: 2000 };
const id = { type: 'string', minLength: 1, maxLength: 200 };
const itemFields = {
  id: str,
  name: nullable(str),
  category: nullable(str),
  price: nullable({ type: 'number' }),
};
const obj = (properties, required = Object.keys(properties)) => ({ type: 'object', properties, required });
const reason = obj({ code: str, text: str, itemId: str }, ['code', 'text']);
const recommendationsView = obj({
  customerId: str,
  model: obj({ name: str, version: { type: 'integer' }, type: str }),
  strategy: str,
  items: { type: 'array', items: obj({ ...itemFields, score: { type: 'number' }, reason }) },
  history: {
    type: 'array',
    items: obj({
      id: str,
      name: nullable(str),
      category: nullable(str),
      bought: { type: 'integer' },
      looked: { type: 'integer' },
      lastAt: str,
    }),
  },
  generatedAt: str,
  cached: { type: 'boolean' },
});
const similarView = obj({
  item: obj({ id: str, name: nullable(str), category: nullable(str) }),
  model: obj({ name: str, version: { type: 'integer' } }),
  items: {
    type: 'array',
    items: obj({ ...itemFields, similarity: { type: 'number' }, basis: str }),
  },
});
const queryOf = (keys) => ({
  type: 'object',
  properties: Object.fromEntries(keys.map((k) => [k, text])),
});

app.get(
  '/v1/recommendations/:customerId',
  {
    schema: {
      params: obj({ customerId: id }),
      querystring: queryOf(['k', 'category', 'price', 'exclude', 'diversity', 'slot']),
      response: { 200: obj({ data: recommendationsView }) },
    },
  },
  async () => recommendations,
);
app.get(
  '/v1/items/:id/similar',
  {
    schema: {
      params: obj({ id }),
      querystring: queryOf(['k']),
      response: { 200: obj({ data: similarView }) },
    },
  },
  async () => similar,
);

await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address();

process.on('message', (message) => {
  if (message === 'stats') process.send({ type: 'stats', stats: null });
  else if (message === 'stop') app.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));

process.send({ type: 'ready', url: `http://127.0.0.1:${port}`, key: 'baseline', pid: process.pid });
