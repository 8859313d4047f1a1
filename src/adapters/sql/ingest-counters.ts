import type { Kysely } from 'kysely';
import { num } from './json.js';
import type { Database } from './schema.js';

/** Events dropped because their messageId was already stored (client retries, re-sent batches, re-imports). */
export const DUPLICATES_DROPPED = 'events_duplicates_dropped';

/**
 * Bumped by every profile write that is not an incremental update (a rebuild's identity graph, its sweep of stale
 * profiles), so an updater that keeps profiles in memory knows they may be out of date.
 */
export const PROFILES_GENERATION = 'profiles_generation';

/**
 * Adds `by` to a counter, creating it at `by`. Callers run it inside the transaction whose work it counts, so the
 * count commits or rolls back with that work; it is one statement, issued only when there is something to add.
 */
export function bumpCounter(db: Kysely<Database>, name: string, by: number) {
  return db
    .insertInto('ingest_counters')
    .values({ name, value: by })
    .onConflict((oc) =>
      oc
        .column('name')
        .doUpdateSet((eb) => ({ value: eb('ingest_counters.value', '+', eb.ref('excluded.value')) })),
    );
}

/** A counter's value; 0 before its first increment. */
export async function readCounter(db: Kysely<Database>, name: string): Promise<number> {
  const row = await db
    .selectFrom('ingest_counters')
    .select('value')
    .where('name', '=', name)
    .executeTakeFirst();
  return row ? num(row.value) : 0;
}
