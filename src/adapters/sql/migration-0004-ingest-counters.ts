import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

/**
 * Durable ingest tallies that no stored row can answer: how many retried events messageId deduplication dropped.
 * A counter row is created by its first increment (an upsert), in the transaction that inserted the events.
 */
export const ingestCountersMigration: Migration = {
  async up(db: Db) {
    await db.schema
      .createTable('ingest_counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Db) {
    await db.schema.dropTable('ingest_counters').ifExists().execute();
  },
};
