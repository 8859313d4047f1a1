import type { Kysely, Migration } from 'kysely';

type Db = Kysely<unknown>;

const columns = [
  ['topic', 'text'],
  ['intent', 'text'],
  ['intent_confidence', 'real'],
  ['intent_model', 'text'],
] as const;

/**
 * Support conversations gain their intent: `topic`, the help desk's own label of the conversation (imported, e.g.
 * an agent's ticket type), and `intent` with its confidence and the model version that predicted it (written by the
 * pipeline's support-intent job). One ALTER per column: SQLite adds one column per statement.
 */
export const conversationIntentsMigration: Migration = {
  async up(db: Db) {
    for (const [name, type] of columns)
      await db.schema.alterTable('conversations').addColumn(name, type).execute();
  },
  async down(db: Db) {
    for (const [name] of [...columns].reverse())
      await db.schema.alterTable('conversations').dropColumn(name).execute();
  },
};
