import type { Kysely } from 'kysely';
import type { CustomerRecord, CustomerStore, IdentityKind } from '../../profiles/ports.js';
import { chunk, fromJson, num, rowHash, toJson } from './json.js';
import type { CustomersTable, Database } from './schema.js';
import { classifyByHash } from './upsert-by-hash.js';

function toRow(c: CustomerRecord): CustomersTable {
  const traits = toJson(c.traits);
  return {
    id: c.id,
    external_id: c.externalId,
    traits,
    pii: c.pii,
    email_hash: c.emailHash,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    // Sealed PII changes with every encryption (random IV): the hash covers the caller's keyed digest of it instead.
    row_hash: rowHash([
      c.externalId,
      traits,
      c.emailHash,
      c.piiDigest ?? (c.pii === null ? null : 'sealed'),
      c.createdAt,
    ]),
  };
}

function fromRow(r: CustomersTable): CustomerRecord {
  return {
    id: r.id,
    externalId: r.external_id,
    traits: fromJson(r.traits, {}),
    pii: r.pii,
    emailHash: r.email_hash,
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
  };
}

export function createSqlCustomerStore(db: Kysely<Database>): CustomerStore {
  return {
    async upsert(customers) {
      if (customers.length === 0) return { inserted: 0, updated: 0 };
      return db.transaction().execute(async (trx) => {
        const { fresh, changed } = await classifyByHash(trx, 'customers', customers.map(toRow));
        for (const part of chunk(fresh, 500)) await trx.insertInto('customers').values(part).execute();
        for (const row of changed) {
          const { id, created_at: _created, ...rest } = row;
          await trx.updateTable('customers').set(rest).where('id', '=', id).execute();
        }
        return { inserted: fresh.length, updated: changed.length };
      });
    },
    async get(id) {
      const row = await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async findByIdentity(kind: IdentityKind, value: string) {
      const row = await db
        .selectFrom('identities')
        .innerJoin('customers', 'customers.id', 'identities.customer_id')
        .selectAll('customers')
        .where('identities.kind', '=', kind)
        .where('identities.value', '=', value)
        .executeTakeFirst();
      return row ? fromRow(row) : null;
    },
    async link(links) {
      if (links.length === 0) return { inserted: 0 };
      return db.transaction().execute(async (trx) => {
        let inserted = 0;
        for (const part of chunk(links, 500)) {
          const result = await trx
            .insertInto('identities')
            .values(
              part.map((l) => ({
                kind: l.kind,
                value: l.value,
                customer_id: l.customerId,
                created_at: l.createdAt,
              })),
            )
            .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
            .executeTakeFirst();
          inserted += num(result.numInsertedOrUpdatedRows ?? 0n);
        }
        return { inserted };
      });
    },
    async identitiesOf(customerId) {
      const rows = await db
        .selectFrom('identities')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('kind')
        .orderBy('value')
        .execute();
      return rows.map((r) => ({
        customerId: r.customer_id,
        kind: r.kind as IdentityKind,
        value: r.value,
        createdAt: num(r.created_at),
      }));
    },
    async list({ limit, afterId }) {
      let query = db.selectFrom('customers').selectAll();
      if (afterId !== undefined) query = query.where('id', '>', afterId);
      return (await query.orderBy('id').limit(limit).execute()).map(fromRow);
    },
    async count() {
      const row = await db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return num(row.n);
    },
  };
}
