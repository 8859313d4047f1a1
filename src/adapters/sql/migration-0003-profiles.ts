import type { Kysely, Migration } from 'kysely';
import type { SqlDialectName } from './schema.js';

type Db = Kysely<unknown>;

/**
 * Profiles, identity resolution, consent and segments. Booleans are integers 0/1 in both dialects; JSON is text.
 */
export function profilesMigration(dialect: SqlDialectName): Migration {
  const seqType = dialect === 'postgres' ? 'bigserial' : 'integer';
  const seq = (db: Db, table: string) =>
    db.schema
      .createTable(table)
      .addColumn('seq', seqType, (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      );
  return {
    async up(db: Db) {
      // Evidence that two identifiers belong to one person; (a) sorts before (b). One row per pair: the earliest.
      await db.schema
        .createTable('identity_edges')
        .addColumn('a_kind', 'text', (c) => c.notNull())
        .addColumn('a_value', 'text', (c) => c.notNull())
        .addColumn('b_kind', 'text', (c) => c.notNull())
        .addColumn('b_value', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('first_at', 'bigint', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_edges_pk', ['a_kind', 'a_value', 'b_kind', 'b_value'])
        .execute();
      await db.schema
        .createIndex('identity_edges_b')
        .on('identity_edges')
        .columns(['b_kind', 'b_value'])
        .execute();

      await db.schema
        .createTable('profiles')
        .addColumn('customer_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text')
        .addColumn('traits', 'text', (c) => c.notNull())
        .addColumn('pii', 'text')
        .addColumn('email_hash', 'text')
        .addColumn('first_seen_at', 'bigint')
        .addColumn('last_seen_at', 'bigint')
        .addColumn('event_count', 'bigint', (c) => c.notNull())
        .addColumn('computed', 'text', (c) => c.notNull())
        .addColumn('features', 'text', (c) => c.notNull())
        .addColumn('rfm_recency', 'double precision')
        .addColumn('rfm_frequency', 'double precision')
        .addColumn('rfm_monetary', 'double precision')
        .addColumn('rfm_r', 'integer')
        .addColumn('rfm_f', 'integer')
        .addColumn('rfm_m', 'integer')
        .addColumn('rfm_segment', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('built_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('profiles_user').on('profiles').column('user_id').execute();
      await db.schema.createIndex('profiles_email_hash').on('profiles').column('email_hash').execute();
      await db.schema.createIndex('profiles_rfm_segment').on('profiles').column('rfm_segment').execute();
      await db.schema.createIndex('profiles_last_seen').on('profiles').column('last_seen_at').execute();

      await seq(db, 'profile_merges')
        .addColumn('kept_customer_id', 'text', (c) => c.notNull())
        .addColumn('merged_customer_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('evidence_at', 'bigint', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('profile_merges_kept')
        .on('profile_merges')
        .column('kept_customer_id')
        .execute();
      await db.schema
        .createIndex('profile_merges_merged')
        .on('profile_merges')
        .column('merged_customer_id')
        .execute();

      await db.schema
        .createTable('consents')
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('granted', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('consents_pk', ['customer_id', 'purpose'])
        .execute();
      await seq(db, 'consent_history')
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('purpose', 'text', (c) => c.notNull())
        .addColumn('granted', 'integer', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('recorded_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('consent_history_customer')
        .on('consent_history')
        .columns(['customer_id', 'at'])
        .execute();

      await db.schema
        .createTable('segments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('member_count', 'bigint', (c) => c.notNull())
        .addColumn('refreshed_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('segment_members')
        .addColumn('segment_id', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text', (c) => c.notNull())
        .addColumn('since', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('segment_members_pk', ['segment_id', 'customer_id'])
        .execute();
      await db.schema
        .createIndex('segment_members_customer')
        .on('segment_members')
        .column('customer_id')
        .execute();
      await db.schema
        .createTable('segment_sizes')
        .addColumn('segment_id', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('segment_sizes_pk', ['segment_id', 'at'])
        .execute();
    },
    async down(db: Db) {
      for (const table of [
        'segment_sizes',
        'segment_members',
        'segments',
        'consent_history',
        'consents',
        'profile_merges',
        'profiles',
        'identity_edges',
      ])
        await db.schema.dropTable(table).ifExists().execute();
    },
  };
}
