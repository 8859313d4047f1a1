import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

/**
 * Each review's text analysis (lexicon sentiment and aspects, JSON with its version), made once at import instead of
 * at every profile rebuild and product-aspects request. Nullable: reviews stored before it are analysed when read.
 */
export const reviewAnalysisMigration: Migration = {
  async up(db: Db) {
    await db.schema.alterTable('reviews').addColumn('analysis', 'text').execute();
  },
  async down(db: Db) {
    await db.schema.alterTable('reviews').dropColumn('analysis').execute();
  },
};
