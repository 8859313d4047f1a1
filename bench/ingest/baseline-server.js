// The baseline: the HTTP + JSON floor Rapport's collect API stands on. Same Fastify (the project's
// dependency), same routes, same body limits (from the same loadConfig), same JSON body parser setup and
// the same response schema; replies { success: true } once the body is parsed. No auth, no validation,
// no storage. Whatever Rapport does beyond this is what the ratio column measures.
import Fastify from 'fastify';
import { loadConfig } from '../../dist/config/index.js';

const config = loadConfig(process.env);
const app = Fastify({
  logger: false,
  bodyLimit: 1024 * 1024,
  return503OnClosing: true,
  forceCloseConnections: true,
});

// As create-app.ts: parse the body as a string, then with Fastify's own JSON parser.
const defaultJson = app.getDefaultJsonParser('error', 'error');
app.removeContentTypeParser(['application/json', 'text/plain']);
app.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'string' }, (request, body, done) => {
  defaultJson(request, body, done);
});

const ok = { 200: { type: 'object', properties: { success: { type: 'boolean' } } } };
for (const type of ['track', 'identify', 'page', 'screen', 'group', 'alias']) {
  app.post(`/v1/${type}`, { bodyLimit: config.ingest.maxEventBytes, schema: { response: ok } }, async () => ({
    success: true,
  }));
}
app.post(
  '/v1/batch',
  {
    bodyLimit: config.ingest.maxBatchBytes,
    schema: {
      response: {
        200: {
          type: 'object',
          properties: {
            success: { type: 'boolean' },
            accepted: { type: 'integer' },
            rejected: { type: 'array' },
          },
        },
      },
    },
  },
  async (request) => ({
    success: true,
    accepted: Array.isArray(request.body?.batch) ? request.body.batch.length : 0,
    rejected: [],
  }),
);

await app.listen({ host: '127.0.0.1', port: 0 });
const { port } = app.server.address();

process.on('message', (message) => {
  if (message === 'counters') process.send({ type: 'counters', counters: null });
  else if (message === 'stop') app.close().then(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));

process.send({
  type: 'ready',
  url: `http://127.0.0.1:${port}`,
  key: 'baseline',
  dbFile: null,
  pid: process.pid,
});
