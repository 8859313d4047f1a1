import type { Kysely } from 'kysely';
import type { ApiKeyRecord, ApiKeyStore, KeyScope, LoginTokenRecord } from '../../access/ports.js';
import { num } from './json.js';
import type { AccessTokensTable, ApiKeysTable, Database } from './schema.js';

function keyFromRow(r: ApiKeysTable): ApiKeyRecord {
  return {
    id: r.id,
    name: r.name,
    scope: r.scope as KeyScope,
    hash: r.hash,
    prefix: r.prefix,
    createdAt: num(r.created_at),
    revokedAt: r.revoked_at === null ? null : num(r.revoked_at),
  };
}

function tokenFromRow(r: AccessTokensTable): LoginTokenRecord {
  return {
    hash: r.hash,
    kind: r.kind as LoginTokenRecord['kind'],
    scope: r.scope as KeyScope,
    createdAt: num(r.created_at),
    expiresAt: num(r.expires_at),
    usedAt: r.used_at === null ? null : num(r.used_at),
  };
}

export function createSqlApiKeyStore(db: Kysely<Database>): ApiKeyStore {
  return {
    async create(key) {
      await db
        .insertInto('api_keys')
        .values({
          id: key.id,
          name: key.name,
          scope: key.scope,
          hash: key.hash,
          prefix: key.prefix,
          created_at: key.createdAt,
          revoked_at: key.revokedAt,
        })
        .execute();
    },
    async findByHash(hash) {
      const row = await db.selectFrom('api_keys').selectAll().where('hash', '=', hash).executeTakeFirst();
      return row ? keyFromRow(row) : null;
    },
    async list() {
      return (await db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute()).map(
        keyFromRow,
      );
    },
    async revoke(id, at) {
      const result = await db
        .updateTable('api_keys')
        .set({ revoked_at: at })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return num(result.numUpdatedRows) > 0;
    },
    async createToken(token) {
      await db
        .insertInto('access_tokens')
        .values({
          hash: token.hash,
          kind: token.kind,
          scope: token.scope,
          created_at: token.createdAt,
          expires_at: token.expiresAt,
          used_at: token.usedAt,
        })
        .execute();
    },
    async consumeToken(hash, at) {
      // One conditional UPDATE: of two concurrent uses, exactly one wins.
      const result = await db
        .updateTable('access_tokens')
        .set({ used_at: at })
        .where('hash', '=', hash)
        .where('kind', '=', 'login')
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      if (num(result.numUpdatedRows) === 0) return null;
      const row = await db
        .selectFrom('access_tokens')
        .selectAll()
        .where('hash', '=', hash)
        .executeTakeFirst();
      return row ? tokenFromRow(row) : null;
    },
    async findToken(hash, at) {
      const row = await db
        .selectFrom('access_tokens')
        .selectAll()
        .where('hash', '=', hash)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return row ? tokenFromRow(row) : null;
    },
  };
}
