import { sql, type Kysely, type Migration } from 'kysely';
import type { SqlDialectName } from './schema.js';

type Db = Kysely<unknown>;

/**
 * The model registry: `models` (one row per version of a named model, the artifact as JSON text) and `model_events`
 * (the promotion history). A partial unique index lets at most one version of a name be active.
 */
export function modelsMigration(dialect: SqlDialectName): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('models')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_reason', 'text', (c) => c.notNull())
        .addColumn('model_type', 'text', (c) => c.notNull())
        .addColumn('window_from', 'bigint', (c) => c.notNull())
        .addColumn('window_to', 'bigint', (c) => c.notNull())
        .addColumn('window_as_of', 'bigint', (c) => c.notNull())
        .addColumn('features', 'text', (c) => c.notNull())
        .addColumn('preprocessing', 'text', (c) => c.notNull())
        .addColumn('seed', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('metrics', 'text', (c) => c.notNull())
        .addColumn('primary_metric', 'text', (c) => c.notNull())
        .addColumn('higher_is_better', 'integer', (c) => c.notNull())
        .addColumn('training_seconds', 'double precision', (c) => c.notNull())
        .addColumn('code_version', 'text', (c) => c.notNull())
        .addColumn('artifact', 'text', (c) => c.notNull())
        .addColumn('artifact_bytes', 'bigint', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addUniqueConstraint('models_name_version', ['name', 'version'])
        .execute();
      await db.schema
        .createIndex('models_one_active')
        .on('models')
        .column('name')
        .unique()
        .where(sql.ref('status'), '=', 'active')
        .execute();

      await db.schema
        .createTable('model_events')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('model_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('model_events_name').on('model_events').columns(['name', 'seq']).execute();
    },
    async down(db: Db) {
      await db.schema.dropTable('model_events').ifExists().execute();
      await db.schema.dropTable('models').ifExists().execute();
    },
  };
}
