import { sql, type Kysely, type Migration } from 'kysely';
import { profilesMigration } from './migration-0003-profiles.js';
import { ingestCountersMigration } from './migration-0004-ingest-counters.js';
import { modelsMigration } from './migration-0005-models.js';
import { modelScoresMigration } from './migration-0006-model-scores.js';
import { modelEvaluationMigration } from './migration-0007-model-evaluation.js';
import { conversationIntentsMigration } from './migration-0008-conversation-intents.js';
import { reviewAnalysisMigration } from './migration-0009-review-analysis.js';
import type { SqlDialectName } from './schema.js';

type Db = Kysely<unknown>;

/**
 * Versioned migrations, written once with Kysely's schema builder; the only dialect difference is how an
 * auto-incrementing sequence column is declared. Never edit a released migration: add a new one.
 */
export function migrations(dialect: SqlDialectName): Record<string, Migration> {
  const seqColumn = (db: Db, table: string) =>
    db.schema
      .createTable(table)
      .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
        dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      );

  return {
    '0001_initial': {
      async up(db: Db) {
        await seqColumn(db, 'events')
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('message_id', 'text', (c) => c.notNull().unique())
          .addColumn('type', 'text', (c) => c.notNull())
          .addColumn('event', 'text')
          .addColumn('name', 'text')
          .addColumn('user_id', 'text')
          .addColumn('anonymous_id', 'text')
          .addColumn('group_id', 'text')
          .addColumn('previous_id', 'text')
          .addColumn('timestamp', 'bigint', (c) => c.notNull())
          .addColumn('original_timestamp', 'bigint')
          .addColumn('sent_at', 'bigint')
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .addColumn('properties', 'text', (c) => c.notNull())
          .addColumn('traits', 'text', (c) => c.notNull())
          .addColumn('context', 'text', (c) => c.notNull())
          .addColumn('integrations', 'text', (c) => c.notNull())
          .addColumn('pii', 'text')
          .addColumn('email_hash', 'text')
          .addColumn('source', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('events_user_ts')
          .on('events')
          .columns(['user_id', 'timestamp'])
          .execute();
        await db.schema
          .createIndex('events_anon_ts')
          .on('events')
          .columns(['anonymous_id', 'timestamp'])
          .execute();
        await db.schema.createIndex('events_ts').on('events').column('timestamp').execute();

        await seqColumn(db, 'dead_letters')
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('received_at', 'bigint', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('code', 'text', (c) => c.notNull())
          .addColumn('message', 'text', (c) => c.notNull())
          .addColumn('details', 'text', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('dead_letters_code')
          .on('dead_letters')
          .columns(['code', 'seq'])
          .execute();

        await db.schema
          .createTable('customers')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('external_id', 'text', (c) => c.unique())
          .addColumn('traits', 'text', (c) => c.notNull())
          .addColumn('pii', 'text')
          .addColumn('email_hash', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('row_hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('customers_email_hash').on('customers').column('email_hash').execute();

        await db.schema
          .createTable('identities')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('customer_id', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('identities_pk', ['kind', 'value'])
          .execute();
        await db.schema.createIndex('identities_customer').on('identities').column('customer_id').execute();

        await db.schema
          .createTable('products')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text')
          .addColumn('description', 'text')
          .addColumn('category', 'text')
          .addColumn('price', 'double precision')
          .addColumn('currency', 'text')
          .addColumn('stock', 'bigint')
          .addColumn('attributes', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('row_hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('products_category').on('products').columns(['category', 'id']).execute();

        await db.schema
          .createTable('orders')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('customer_id', 'text')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('placed_at', 'bigint', (c) => c.notNull())
          .addColumn('currency', 'text')
          .addColumn('country', 'text')
          .addColumn('total', 'double precision', (c) => c.notNull())
          .addColumn('discount', 'double precision', (c) => c.notNull())
          .addColumn('channel', 'text')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('row_hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('orders_customer')
          .on('orders')
          .columns(['customer_id', 'placed_at'])
          .execute();

        await db.schema
          .createTable('order_lines')
          .addColumn('order_id', 'text', (c) => c.notNull())
          .addColumn('line_no', 'integer', (c) => c.notNull())
          .addColumn('product_id', 'text', (c) => c.notNull())
          .addColumn('description', 'text')
          .addColumn('quantity', 'double precision', (c) => c.notNull())
          .addColumn('unit_price', 'double precision', (c) => c.notNull())
          .addPrimaryKeyConstraint('order_lines_pk', ['order_id', 'line_no'])
          .execute();
        await db.schema.createIndex('order_lines_product').on('order_lines').column('product_id').execute();

        await db.schema
          .createTable('reviews')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('customer_id', 'text')
          .addColumn('product_id', 'text')
          .addColumn('rating', 'double precision')
          .addColumn('title', 'text')
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('row_hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('reviews_product')
          .on('reviews')
          .columns(['product_id', 'created_at'])
          .execute();
        await db.schema
          .createIndex('reviews_customer')
          .on('reviews')
          .columns(['customer_id', 'created_at'])
          .execute();

        await db.schema
          .createTable('conversations')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('customer_id', 'text')
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('subject', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('started_at', 'bigint', (c) => c.notNull())
          .addColumn('row_hash', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('conversations_customer')
          .on('conversations')
          .columns(['customer_id', 'started_at'])
          .execute();
        await db.schema
          .createTable('conversation_messages')
          .addColumn('conversation_id', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('conversation_messages_pk', ['conversation_id', 'seq'])
          .execute();

        await db.schema
          .createTable('kb_documents')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .addColumn('row_hash', 'text', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('api_keys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text')
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull().unique())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('revoked_at', 'bigint')
          .execute();

        await db.schema
          .createTable('access_tokens')
          .addColumn('hash', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .addColumn('used_at', 'bigint')
          .execute();
      },
      async down(db: Db) {
        for (const table of [
          'access_tokens',
          'api_keys',
          'kb_documents',
          'conversation_messages',
          'conversations',
          'reviews',
          'order_lines',
          'orders',
          'products',
          'identities',
          'customers',
          'dead_letters',
          'events',
        ]) {
          await sql`drop table if exists ${sql.table(table)}`.execute(db);
        }
      },
    },
    '0002_event_index_checkpoints': {
      // How far the SQLite ingest journal has been moved into `events`; written in the same transaction as the
      // rows it covers. One row per journal file (a replaced journal starts from zero).
      async up(db: Db) {
        await db.schema
          .createTable('event_index_checkpoints')
          .addColumn('journal_id', 'text', (c) => c.primaryKey())
          .addColumn('seq', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
      },
      async down(db: Db) {
        await db.schema.dropTable('event_index_checkpoints').ifExists().execute();
      },
    },
    '0003_profiles': profilesMigration(dialect),
    '0004_ingest_counters': ingestCountersMigration,
    '0005_models': modelsMigration(dialect),
    '0006_model_scores': modelScoresMigration,
    '0007_model_evaluation': modelEvaluationMigration,
    '0008_conversation_intents': conversationIntentsMigration,
    '0009_review_analysis': reviewAnalysisMigration,
  };
}
