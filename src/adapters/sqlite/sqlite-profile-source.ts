import SqliteDatabase from 'better-sqlite3';
import type { IdentityEvidenceRow, ProfileEventRow, ProfileSource } from '../../profiles/ports.js';

const PAGE = 5_000;

/** `json_extract` path of plain keys; quotes in a key are dropped (as the generic source does). */
const jsonPath = (keys: readonly string[]) => '$' + keys.map((k) => `."${k.replace(/"/g, '')}"`).join('');

/** The text at a path when it is a JSON string, else null. */
const textAt = (column: string, keys: readonly string[]) =>
  `case json_type(${column}, '${jsonPath(keys)}') when 'text' then json_extract(${column}, '${jsonPath(keys)}') end`;

const scalarOf = (value: unknown): unknown =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;

const textOf = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Streams one statement's rows as arrays, in pages, over a read-only connection of its own: a single scan in one
 * snapshot, without re-running a keyset query per page, building row objects in the driver or holding the store's
 * connection (other queries go on while the builder works through the pages). The connection closes when the
 * caller stops, also early.
 */
async function* scan<T>(
  file: string,
  text: string,
  parameters: readonly unknown[],
  map: (row: unknown[]) => T,
  setup: (connection: SqliteDatabase.Database) => void = () => {},
): AsyncGenerator<T[]> {
  const connection = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    connection.pragma('cache_size = -65536');
    setup(connection);
    const rows = connection
      .prepare(text)
      .raw(true)
      .iterate(...parameters) as IterableIterator<unknown[]>;
    let page: T[] = [];
    for (const row of rows) {
      page.push(map(row));
      if (page.length === PAGE) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  } finally {
    connection.close();
  }
}

/**
 * The profile rebuild's two big reads on the embedded store, straight through better-sqlite3: every other read comes
 * from `base` (the generic SQL source). Rows, order and values are the generic source's.
 */
export function createSqliteProfileSource(file: string, base: ProfileSource): ProfileSource {
  return {
    ...base,

    identityEvidence() {
      return scan(
        file,
        `select type, user_id, anonymous_id, email_hash, previous_id, timestamp, message_id from events
         where (user_id is not null and anonymous_id is not null) or email_hash is not null or type = 'alias'
         order by seq`,
        [],
        (r): IdentityEvidenceRow => ({
          type: r[0] as string,
          userId: r[1] as string | null,
          anonymousId: r[2] as string | null,
          emailHash: r[3] as string | null,
          previousId: r[4] as string | null,
          timestamp: r[5] as number,
          messageId: r[6] as string,
        }),
      );
    },

    events(properties, until, options) {
      const keep = options?.keep;
      const paths = properties.map((p) => jsonPath([p]));
      const columns = [
        'type',
        'event',
        'user_id',
        'anonymous_id',
        'timestamp',
        'message_id',
        'email_hash',
        // Only a JSON string is a category or a device type; only an object holds consent preferences (as text).
        textAt('properties', ['category']),
        textAt('context', ['device', 'type']),
        `case json_type(context, '${jsonPath(['consent', 'categoryPreferences'])}') when 'object' then ` +
          `json_extract(context, '${jsonPath(['consent', 'categoryPreferences'])}') end`,
        `case when type = 'identify' then traits end`,
        `case when type = 'identify' then pii end`,
        // A property as its JSON text, so booleans stay booleans (json_extract turns them into 1 and 0).
        ...paths.map((_, i) => `properties -> ? as p${i}`),
      ];
      const parameters = [...paths, until];
      // A filter runs inside the scan, before the row's JSON is extracted: a part of a split rebuild skips the rest.
      const filter = keep ? ' and rapport_keep(user_id, anonymous_id)' : '';
      return scan(
        file,
        `select ${columns.join(', ')} from events where timestamp <= ?${filter} order by timestamp, seq`,
        parameters,
        (r): ProfileEventRow => {
          const props = new Array<unknown>(paths.length);
          for (let i = 0; i < paths.length; i++) {
            const json = r[12 + i];
            props[i] = typeof json === 'string' ? scalarOf(JSON.parse(json)) : null;
          }
          return {
            type: r[0] as string,
            event: r[1] as string | null,
            userId: r[2] as string | null,
            anonymousId: r[3] as string | null,
            timestamp: r[4] as number,
            messageId: r[5] as string,
            emailHash: r[6] as string | null,
            category: textOf(r[7]),
            deviceType: textOf(r[8]),
            consent: r[9] ?? null,
            traits: r[10] as string | null,
            pii: r[11] as string | null,
            props,
          };
        },
        (connection) => {
          if (keep)
            connection.function('rapport_keep', { deterministic: true }, (userId, anonymousId) =>
              keep(userId as string | null, anonymousId as string | null) ? 1 : 0,
            );
        },
      );
    },
  };
}
