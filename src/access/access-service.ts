import { createHash, randomBytes } from 'node:crypto';
import { AppError, newId, type Clock } from '../shared/index.js';
import type { ApiKeyRecord, ApiKeyStore, KeyScope } from './ports.js';

/** What each scope may do. Admin implies read; write is ingest only. */
const grants: Record<KeyScope, readonly KeyScope[]> = {
  write: ['write'],
  read: ['read'],
  admin: ['read', 'admin', 'write'],
};

export function scopeAllows(have: KeyScope, need: KeyScope): boolean {
  return grants[have].includes(need);
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export interface Principal {
  kind: 'key' | 'session';
  id: string;
  scope: KeyScope;
}

export interface AccessService {
  createKey(input: { scope: KeyScope; name?: string | null }): Promise<{ key: string; record: ApiKeyRecord }>;
  revokeKey(id: string): Promise<void>;
  listKeys(): Promise<ApiKeyRecord[]>;
  /** Resolves a presented secret to its principal, or throws `invalid_credentials`. Caches hits briefly. */
  authenticate(secret: string): Promise<Principal>;
  /** A one-time URL token for the dashboard; valid for `ttlMs`. */
  createLoginToken(ttlMs?: number): Promise<string>;
  /** Exchanges a login token for a session token (the cookie value). */
  redeemLoginToken(token: string): Promise<{ session: string; expiresAt: number }>;
  authenticateSession(session: string): Promise<Principal>;
}

const SESSION_TTL_MS = 12 * 3_600_000;
const CACHE_TTL_MS = 5_000;

export function createAccessService(deps: { store: ApiKeyStore; clock: Clock }): AccessService {
  const { store, clock } = deps;
  // Hot path: one lookup per request would cost a query each; revocation still takes effect within 5 s. Keyed by
  // the presented secret, so a cached request costs no hashing either (the secret is in the request anyway).
  const cache = new Map<string, { principal: Principal | null; until: number }>();

  const lookup = async (secret: string): Promise<Principal | null> => {
    const now = clock.now();
    const hit = cache.get(secret);
    if (hit && hit.until > now) return hit.principal;
    const record = await store.findByHash(hashSecret(secret));
    const principal =
      record && record.revokedAt === null
        ? { kind: 'key' as const, id: record.id, scope: record.scope }
        : null;
    if (cache.size > 10_000) cache.clear();
    cache.set(secret, { principal, until: now + CACHE_TTL_MS });
    return principal;
  };

  return {
    async createKey({ scope, name }) {
      const key = `rk_${scope}_${randomBytes(24).toString('base64url')}`;
      const record: ApiKeyRecord = {
        id: newId('key', clock.now()),
        name: name ?? null,
        scope,
        hash: hashSecret(key),
        prefix: key.slice(0, scope.length + 8),
        createdAt: clock.now(),
        revokedAt: null,
      };
      await store.create(record);
      return { key, record };
    },
    async revokeKey(id) {
      if (!(await store.revoke(id, clock.now())))
        throw new AppError('key_not_found', `No active API key with id ${id}.`, { id });
      cache.clear();
    },
    listKeys: () => store.list(),
    async authenticate(secret) {
      const principal = await lookup(secret);
      if (!principal) throw new AppError('invalid_credentials');
      return principal;
    },
    async createLoginToken(ttlMs = 24 * 3_600_000) {
      const token = randomBytes(24).toString('base64url');
      await store.createToken({
        hash: hashSecret(token),
        kind: 'login',
        scope: 'admin',
        createdAt: clock.now(),
        expiresAt: clock.now() + ttlMs,
        usedAt: null,
      });
      return token;
    },
    async redeemLoginToken(token) {
      const login = await store.consumeToken(hashSecret(token), clock.now());
      if (!login) throw new AppError('invalid_login_token');
      const session = randomBytes(32).toString('base64url');
      const expiresAt = clock.now() + SESSION_TTL_MS;
      await store.createToken({
        hash: hashSecret(session),
        kind: 'session',
        scope: login.scope,
        createdAt: clock.now(),
        expiresAt,
        usedAt: null,
      });
      return { session, expiresAt };
    },
    async authenticateSession(session) {
      const hash = hashSecret(session);
      const record = await store.findToken(hash, clock.now());
      if (!record || record.kind !== 'session')
        throw new AppError('invalid_credentials', 'The dashboard session is unknown or expired.');
      return { kind: 'session', id: hash.slice(0, 12), scope: record.scope };
    },
  };
}
