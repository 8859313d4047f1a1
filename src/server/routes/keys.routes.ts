import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { requireScope } from '../auth.js';
import type { Runtime } from '../runtime.js';
import { errorResponses } from './schemas.js';

const Scope = Type.Union([Type.Literal('write'), Type.Literal('read'), Type.Literal('admin')]);
const KeyInfo = Type.Object({
  id: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  scope: Scope,
  prefix: Type.String(),
  createdAt: Type.String(),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
const CreateKey = Type.Object(
  { scope: Scope, name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
  { additionalProperties: false },
);

export function keysRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { access } = runtime;
  const admin = requireScope(access, 'admin');
  const security = [{ basicAuth: [] }, { bearerAuth: [] }];
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

  app.get(
    '/v1/keys',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        summary: 'API keys (never their secrets)',
        security,
        response: { 200: Type.Object({ data: Type.Array(KeyInfo) }), ...errorResponses },
      },
    },
    async () => ({
      data: (await access.listKeys()).map((k) => ({
        id: k.id,
        name: k.name,
        scope: k.scope,
        prefix: k.prefix,
        createdAt: new Date(k.createdAt).toISOString(),
        revokedAt: iso(k.revokedAt),
      })),
    }),
  );

  app.post<{ Body: Static<typeof CreateKey> }>(
    '/v1/keys',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        summary: 'Create a key; the secret is shown once',
        security,
        body: CreateKey,
        response: {
          201: Type.Object({ id: Type.String(), key: Type.String(), scope: Scope }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { key, record } = await access.createKey({
        scope: request.body.scope,
        name: request.body.name ?? null,
      });
      return reply.status(201).send({ id: record.id, key, scope: record.scope });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/v1/keys/:id',
    {
      onRequest: admin,
      schema: {
        tags: ['admin'],
        summary: 'Revoke a key',
        security,
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        response: {
          200: Type.Object({ success: Type.Boolean() }),
          404: errorResponses[400],
          ...errorResponses,
        },
      },
    },
    async (request) => {
      await access.revokeKey(request.params.id);
      return { success: true };
    },
  );
}
