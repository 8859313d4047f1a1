import { Migrator, type Kysely, type MigrationResult } from 'kysely';
import { migrations } from './migrations.js';
import type { Database, SqlDialectName } from './schema.js';

/** Applies pending migrations in order; each in its own transaction, guarded by Kysely's migration lock. */
export async function migrateToLatest(
  db: Kysely<Database>,
  dialect: SqlDialectName,
): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations(dialect) },
    migrationTableName: 'rapport_migrations',
    migrationLockTableName: 'rapport_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}
