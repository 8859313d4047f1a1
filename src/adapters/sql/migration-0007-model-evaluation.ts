import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

/**
 * Each model version's held-out evaluation (ROC/PR curves, calibration, confusion by threshold, gains, feature
 * importance) as JSON text, read with the version's metadata. Nullable: versions registered before it have none.
 */
export const modelEvaluationMigration: Migration = {
  async up(db: Db) {
    await db.schema.alterTable('models').addColumn('evaluation', 'text').execute();
  },
  async down(db: Db) {
    await db.schema.alterTable('models').dropColumn('evaluation').execute();
  },
};
