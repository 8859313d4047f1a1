import type SqliteDatabase from 'better-sqlite3';
import { PROFILES_GENERATION } from '../sql/ingest-counters.js';
import type { Kysely } from 'kysely';
import type {
  ConsentStore,
  IdentityKind,
  ProfileRecord,
  ProfileStore,
  StoredIdentityEdge,
} from '../../profiles/ports.js';
import type { Database, ProfilesTable } from '../sql/schema.js';
import { edgeRow, fromRow, identityRow, keyTag, mergeRow, toRow } from '../sql/sql-profile-store.js';

/**
 * Runs synchronous work on the raw better-sqlite3 connection while holding Kysely's connection lock, so it can't
 * interleave with a Kysely transaction on the same connection. Nothing awaits inside `work`.
 */
export function exclusive<T>(db: Kysely<Database>, work: () => T): Promise<T> {
  return db.connection().execute(async () => work());
}

/** Prepared statements built on first use (the tables exist only after migrations ran). */
function lazyStatements<K extends string>(
  raw: SqliteDatabase.Database,
  text: Record<K, string>,
): () => Record<K, SqliteDatabase.Statement> {
  let prepared: Record<K, SqliteDatabase.Statement> | null = null;
  return () => {
    prepared ??= Object.fromEntries(
      Object.entries(text).map(([name, sql]) => [name, raw.prepare(sql as string)]),
    ) as Record<K, SqliteDatabase.Statement>;
    return prepared;
  };
}

const insertSql = (table: string, columns: readonly string[], tail = '') =>
  `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})${tail}`;

const PROFILE_COLUMNS = Object.keys(
  toRow({
    customerId: '',
    userId: null,
    traits: {},
    pii: null,
    emailHash: null,
    firstSeenAt: null,
    lastSeenAt: null,
    eventCount: 0,
    computed: {},
    features: {},
    rfm: null,
    state: null,
    builtAt: 0,
    updatedAt: 0,
  }),
);
const valuesOf = (row: object, columns: readonly string[]) =>
  columns.map((c) => (row as Record<string, unknown>)[c]);

/** A profile as the values of the profile upsert (`PUT_PROFILE_SQL`), in its column order. */
export const profileRowValues = (profile: ProfileRecord): unknown[] =>
  valuesOf(toRow(profile), PROFILE_COLUMNS);

/** Inserts a profile row, or replaces every column of the stored one. */
export const PUT_PROFILE_SQL = insertSql(
  'profiles',
  PROFILE_COLUMNS,
  ` on conflict (customer_id) do update set ${PROFILE_COLUMNS.filter((c) => c !== 'customer_id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`,
);

const EDGE_COLUMNS = [
  'a_kind',
  'a_value',
  'b_kind',
  'b_value',
  'evidence',
  'first_at',
  'message_id',
] as const;
const IDENTITY_COLUMNS = ['kind', 'value', 'customer_id', 'created_at'] as const;
const MERGE_COLUMNS = [
  'kept_customer_id',
  'merged_customer_id',
  'reason',
  'evidence_at',
  'message_id',
  'recorded_at',
] as const;

interface EdgeRow {
  a_kind: string;
  a_value: string;
  b_kind: string;
  b_value: string;
  evidence: string;
  first_at: number;
  message_id: string;
}

const fromEdgeRow = (r: EdgeRow): StoredIdentityEdge => ({
  aKind: r.a_kind as IdentityKind,
  aValue: r.a_value,
  bKind: r.b_kind as IdentityKind,
  bValue: r.b_value,
  evidence: r.evidence,
  firstAt: Number(r.first_at),
  messageId: r.message_id,
});

/**
 * The profile store's bulk and per-key work as prepared statements on the raw connection, one transaction per call:
 * the rebuild writes tens of thousands of rows, and a live update reads and writes hundreds per batch, where
 * building a multi-row query per call cost more than the rows. Everything else comes from `base`; rows and
 * semantics are the same.
 */
export function withSqliteProfileStatements(
  base: ProfileStore,
  db: Kysely<Database>,
  raw: SqliteDatabase.Database,
): ProfileStore {
  const statements = lazyStatements(raw, {
    putProfile: PUT_PROFILE_SQL,
    getProfile: 'select * from profiles where customer_id = ?',
    deleteProfile: 'delete from profiles where customer_id = ?',
    insertEdge: insertSql('identity_edges', EDGE_COLUMNS),
    upsertEdge: insertSql(
      'identity_edges',
      EDGE_COLUMNS,
      ' on conflict (a_kind, a_value, b_kind, b_value) do update set evidence = excluded.evidence, ' +
        'first_at = excluded.first_at, message_id = excluded.message_id',
    ),
    edgesFromA: 'select * from identity_edges where a_kind = ? and a_value = ?',
    edgesFromB: 'select * from identity_edges where b_kind = ? and b_value = ?',
    insertIdentity: insertSql('identities', IDENTITY_COLUMNS),
    upsertIdentity: insertSql(
      'identities',
      IDENTITY_COLUMNS,
      ' on conflict (kind, value) do update set customer_id = excluded.customer_id',
    ),
    resolveIdentity: 'select customer_id, created_at from identities where kind = ? and value = ?',
    insertMerge: insertSql('profile_merges', MERGE_COLUMNS),
    bumpGeneration:
      'insert into ingest_counters (name, value) values (?, 1) ' +
      'on conflict (name) do update set value = ingest_counters.value + 1',
  });
  const read = <T>(work: (s: ReturnType<typeof statements>) => T) => exclusive(db, () => work(statements()));
  const write = <T>(work: (s: ReturnType<typeof statements>) => T) =>
    exclusive(db, () => raw.transaction(() => work(statements()))());
  return {
    ...base,

    put(profiles) {
      if (profiles.length === 0) return Promise.resolve();
      const rows = profiles.map(profileRowValues);
      return write((s) => {
        for (const row of rows) s.putProfile.run(row);
      });
    },

    getMany(customerIds) {
      return read((s) => {
        const out = [];
        for (const id of new Set(customerIds)) {
          const row = s.getProfile.get(id) as ProfilesTable | undefined;
          if (row) out.push(fromRow(row));
        }
        return out;
      });
    },

    resolveMany(identifiers) {
      return read((s) => {
        const out = new Map<string, string>();
        for (const { kind, value } of identifiers) {
          const key = `${keyTag[kind]}:${value}`;
          if (out.has(key)) continue;
          const row = s.resolveIdentity.get(kind, value) as { customer_id: string } | undefined;
          if (row) out.set(key, row.customer_id);
        }
        return out;
      });
    },

    identityComponent(seeds, maxEdges) {
      return read((s) => {
        const edges = new Map<string, StoredIdentityEdge>();
        const seen = new Set<string>();
        const queue = seeds.map((n) => ({ kind: n.kind, value: n.value }));
        const nodes: { kind: IdentityKind; value: string }[] = [];
        let truncated = false;
        // Breadth-first: the queue grows at its end while it is read from the front.
        for (let i = 0; i < queue.length && !truncated; i++) {
          const n = queue[i] as (typeof queue)[number];
          const nodeKey = `${n.kind}\u0000${n.value}`;
          if (seen.has(nodeKey)) continue;
          seen.add(nodeKey);
          nodes.push(n);
          for (const statement of [s.edgesFromA, s.edgesFromB])
            for (const r of statement.all(n.kind, n.value) as EdgeRow[]) {
              const key = `${r.a_kind}\u0000${r.a_value}\u0000${r.b_kind}\u0000${r.b_value}`;
              if (edges.has(key)) continue;
              edges.set(key, fromEdgeRow(r));
              queue.push({ kind: r.a_kind as IdentityKind, value: r.a_value });
              queue.push({ kind: r.b_kind as IdentityKind, value: r.b_value });
            }
          if (edges.size > maxEdges) truncated = true;
        }
        const firstSeen = new Map<string, number>();
        for (const n of nodes) {
          const row = s.resolveIdentity.get(n.kind, n.value) as { created_at: number } | undefined;
          if (row) firstSeen.set(`${keyTag[n.kind]}:${n.value}`, Number(row.created_at));
        }
        return { edges: [...edges.values()], firstSeen, truncated };
      });
    },

    applyIdentityChanges({ edges, identities, merges, deleteProfiles }) {
      const recordedAt = Date.now();
      return write((s) => {
        for (const e of edges) s.upsertEdge.run(valuesOf(edgeRow(e), EDGE_COLUMNS));
        for (const l of identities) s.upsertIdentity.run(valuesOf(identityRow(l), IDENTITY_COLUMNS));
        for (const m of merges) s.insertMerge.run(valuesOf(mergeRow(m, recordedAt), MERGE_COLUMNS));
        for (const id of deleteProfiles) s.deleteProfile.run(id);
      });
    },

    replaceIdentityGraph({ edges, identities, merges }) {
      const recordedAt = Date.now();
      return write((s) => {
        raw.exec('delete from identity_edges; delete from identities; delete from profile_merges;');
        s.bumpGeneration.run(PROFILES_GENERATION);
        for (const e of edges) s.insertEdge.run(valuesOf(edgeRow(e), EDGE_COLUMNS));
        for (const l of identities) s.insertIdentity.run(valuesOf(identityRow(l), IDENTITY_COLUMNS));
        for (const m of merges) s.insertMerge.run(valuesOf(mergeRow(m, recordedAt), MERGE_COLUMNS));
      });
    },
  };
}

/** `ConsentStore.record` with prepared statements in one transaction (the rebuild records thousands at once). */
export function withSqliteConsentWrites(
  base: ConsentStore,
  db: Kysely<Database>,
  raw: SqliteDatabase.Database,
  now: () => number = Date.now,
): ConsentStore {
  const statements = lazyStatements(raw, {
    current: 'select granted, at from consents where customer_id = ? and purpose = ?',
    upsert:
      'insert into consents (customer_id, purpose, granted, source, at) values (?, ?, ?, ?, ?) ' +
      'on conflict (customer_id, purpose) do update set granted = excluded.granted, source = excluded.source, ' +
      'at = excluded.at',
    history:
      'insert into consent_history (customer_id, purpose, granted, source, at, recorded_at) values (?, ?, ?, ?, ?, ?)',
  });
  return {
    ...base,
    record(decisions) {
      if (decisions.length === 0) return Promise.resolve(0);
      return exclusive(db, () => {
        const s = statements();
        const recordedAt = now();
        return raw.transaction(() => {
          let changed = 0;
          for (const d of decisions) {
            const current = s.current.get(d.customerId, d.purpose) as
              { granted: number; at: number } | undefined;
            if (current && Number(current.at) > d.at) continue; // a newer choice is on record
            const granted = d.granted ? 1 : 0;
            s.upsert.run(d.customerId, d.purpose, granted, d.source, d.at);
            if (current !== undefined && Number(current.granted) === granted) continue; // same choice again
            s.history.run(d.customerId, d.purpose, granted, d.source, d.at, recordedAt);
            changed++;
          }
          return changed;
        })();
      });
    },
  };
}
