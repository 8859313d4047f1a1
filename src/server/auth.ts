import type { FastifyReply, FastifyRequest } from 'fastify';
import { scopeAllows, type AccessService, type KeyScope, type Principal } from '../access/index.js';
import { AppError } from '../shared/index.js';

export const SESSION_COOKIE = 'rapport_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The key from `Authorization: Basic base64(key:)` (Segment's way) or `Authorization: Bearer key`. */
export function credentialsOf(header: string | undefined): string | null {
  if (!header) return null;
  const space = header.indexOf(' ');
  if (space < 0) return null;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (scheme === 'bearer') return value.length > 0 ? value : null;
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const user = colon < 0 ? decoded : decoded.slice(0, colon);
    return user.length > 0 ? user : null;
  }
  return null;
}

/** A preHandler/onRequest hook that authenticates the caller and checks the route's scope. */
export function requireScope(access: AccessService, need: KeyScope) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const secret = credentialsOf(request.headers.authorization);
    let principal: Principal;
    if (secret !== null) principal = await access.authenticate(secret);
    else {
      const session = request.cookies?.[SESSION_COOKIE];
      if (!session) throw new AppError('missing_credentials');
      principal = await access.authenticateSession(session);
    }
    if (!scopeAllows(principal.scope, need)) {
      throw new AppError(
        'insufficient_scope',
        `This route needs a key with ${need} scope; this key has ${principal.scope}.`,
        {
          required: need,
          scope: principal.scope,
        },
      );
    }
    request.principal = principal;
  };
}
