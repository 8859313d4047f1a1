import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

/**
 * `model_scores`: the score each model version gave each customer, with its explanation (JSON text). Lookups go by
 * version (writes, pruning) and by customer (a profile's scores, segment rules on scores).
 */
export const modelScoresMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('model_scores')
      .addColumn('model_id', 'text', (c) => c.notNull())
      .addColumn('customer_id', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('model_scores_pk', ['model_id', 'customer_id'])
      .execute();
    await db.schema
      .createIndex('model_scores_customer')
      .on('model_scores')
      .columns(['customer_id', 'model_id'])
      .execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('model_scores').ifExists().execute();
  },
};
