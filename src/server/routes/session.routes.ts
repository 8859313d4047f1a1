import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/index.js';
import { SESSION_COOKIE, requireScope } from '../auth.js';
import type { Runtime } from '../runtime.js';
import { errorResponses } from './schemas.js';

const LoginQuery = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) });

/** The dashboard's one-time login link (as Jupyter does) and its session. */
export function sessionRoutes(app: FastifyInstance, runtime: Runtime): void {
  const { access } = runtime;

  app.get<{ Querystring: Static<typeof LoginQuery> }>(
    '/login',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Redeem a one-time login link: sets the session cookie and redirects to the dashboard',
        querystring: LoginQuery,
        response: { 302: Type.Null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      let redeemed;
      try {
        redeemed = await access.redeemLoginToken(request.query.token);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        if ((request.headers.accept ?? '').includes('text/html')) {
          return reply
            .status(401)
            .type('text/html; charset=utf-8')
            .send(
              '<!doctype html><title>Rapport</title><p>This login link was already used or has expired. ' +
                'Run <code>rapport login</code> for a new one.</p>',
            );
        }
        throw error;
      }
      reply.setCookie(SESSION_COOKIE, redeemed.session, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: request.protocol === 'https',
        expires: new Date(redeemed.expiresAt),
      });
      return reply.redirect('/', 302);
    },
  );

  app.get(
    '/v1/session',
    {
      onRequest: requireScope(access, 'read'),
      schema: {
        tags: ['dashboard'],
        summary: 'Who the caller is',
        response: { 200: Type.Object({ scope: Type.String(), kind: Type.String() }), ...errorResponses },
      },
    },
    async (request) => ({
      scope: request.principal?.scope ?? 'read',
      kind: request.principal?.kind ?? 'key',
    }),
  );

  app.post(
    '/v1/logout',
    {
      schema: {
        tags: ['dashboard'],
        summary: 'Forget the session cookie',
        response: { 200: Type.Object({ success: Type.Boolean() }) },
      },
    },
    async (_request, reply) => {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { success: true };
    },
  );
}
