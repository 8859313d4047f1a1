import { CompiledQuery, sql, type Compilable, type Kysely } from 'kysely';
import type {
  IdentityKind,
  IdentityLink,
  ProfileMergeRecord,
  ProfileRecord,
  ProfileStore,
  StoredIdentityEdge,
} from '../../profiles/ports.js';
import { bumpCounter, PROFILES_GENERATION, readCounter } from './ingest-counters.js';
import { chunk, fromJson, num, toJson } from './json.js';
import type { Database, ProfilesTable } from './schema.js';

/** A profile as its table row (JSON columns as text). */
export function toRow(p: ProfileRecord): ProfilesTable {
  return {
    customer_id: p.customerId,
    user_id: p.userId,
    traits: toJson(p.traits),
    pii: p.pii,
    email_hash: p.emailHash,
    first_seen_at: p.firstSeenAt,
    last_seen_at: p.lastSeenAt,
    event_count: p.eventCount,
    computed: toJson(p.computed),
    features: toJson(p.features),
    rfm_recency: p.rfm?.recency ?? null,
    rfm_frequency: p.rfm?.frequency ?? null,
    rfm_monetary: p.rfm?.monetary ?? null,
    rfm_r: p.rfm?.r ?? null,
    rfm_f: p.rfm?.f ?? null,
    rfm_m: p.rfm?.m ?? null,
    rfm_segment: p.rfm?.segment ?? null,
    state: JSON.stringify(p.state ?? null),
    built_at: p.builtAt,
    updated_at: p.updatedAt,
  };
}

const optionalNum = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

/** A table row as a profile. */
export function fromRow(r: ProfilesTable): ProfileRecord {
  return {
    customerId: r.customer_id,
    userId: r.user_id,
    traits: fromJson(r.traits, {}),
    pii: r.pii,
    emailHash: r.email_hash,
    firstSeenAt: optionalNum(r.first_seen_at),
    lastSeenAt: optionalNum(r.last_seen_at),
    eventCount: num(r.event_count),
    computed: fromJson(r.computed, {}),
    features: fromJson(r.features, {}),
    rfm:
      r.rfm_r === null || r.rfm_segment === null
        ? null
        : {
            recency: num(r.rfm_recency),
            frequency: num(r.rfm_frequency),
            monetary: num(r.rfm_monetary),
            r: num(r.rfm_r),
            f: num(r.rfm_f),
            m: num(r.rfm_m),
            segment: r.rfm_segment,
          },
    state: fromJson<unknown>(r.state, null),
    builtAt: num(r.built_at),
    updatedAt: num(r.updated_at),
  };
}

export const edgeRow = (e: StoredIdentityEdge) => ({
  a_kind: e.aKind,
  a_value: e.aValue,
  b_kind: e.bKind,
  b_value: e.bValue,
  evidence: e.evidence,
  first_at: e.firstAt,
  message_id: e.messageId,
});

export const identityRow = (l: IdentityLink) => ({
  kind: l.kind,
  value: l.value,
  customer_id: l.customerId,
  created_at: l.createdAt,
});

export const mergeRow = (m: ProfileMergeRecord, recordedAt: number) => ({
  kept_customer_id: m.keptCustomerId,
  merged_customer_id: m.mergedCustomerId,
  reason: m.reason,
  evidence_at: m.evidenceAt,
  message_id: m.messageId,
  recorded_at: recordedAt,
});

/** The tag of an identifier key (`u:…`) per identity kind. */
export const keyTag: Record<IdentityKind, string> = {
  user_id: 'u',
  anonymous_id: 'a',
  email_hash: 'e',
  external_id: 'x',
};

/** Rows per multi-row INSERT: PostgreSQL allows 65,535 parameters, SQLite 32,766. */
const ROWS_PER_INSERT = 400;

/**
 * Runs multi-row INSERTs whose SQL depends only on the statement and its number of rows: Kysely builds and compiles
 * the first of each size, later ones reuse that SQL with their own parameters (row by row, in column order, as
 * Kysely emits them). Building and compiling thousands of value nodes per statement was a tenth of a profile write.
 */
function createInsertRunner() {
  const sqlOf = new Map<string, string>();
  return async <R extends object>(
    executor: Kysely<Database>,
    name: string,
    rows: readonly R[],
    build: () => Compilable,
  ) => {
    const columns = Object.keys(rows[0] as R);
    const parameters: unknown[] = [];
    for (const row of rows)
      for (const column of columns) parameters.push((row as Record<string, unknown>)[column]);
    const key = `${name}:${rows.length}`;
    let text = sqlOf.get(key);
    if (text === undefined) {
      const compiled = build().compile();
      const same =
        compiled.parameters.length === parameters.length &&
        compiled.parameters.every((value, i) => value === parameters[i]);
      if (!same) return void (await executor.executeQuery(compiled));
      text = compiled.sql;
      sqlOf.set(key, text);
    }
    await executor.executeQuery(CompiledQuery.raw(text, parameters));
  };
}

export function createSqlProfileStore(db: Kysely<Database>): ProfileStore {
  const insert = createInsertRunner();
  return {
    async replaceIdentityGraph({ edges, identities, merges }) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('identity_edges').execute();
        await trx.deleteFrom('identities').execute();
        await trx.deleteFrom('profile_merges').execute();
        for (const part of chunk(edges, ROWS_PER_INSERT)) {
          const rows = part.map(edgeRow);
          await insert(trx, 'edges', rows, () => trx.insertInto('identity_edges').values(rows));
        }
        for (const part of chunk(identities, ROWS_PER_INSERT)) {
          const rows = part.map(identityRow);
          await insert(trx, 'identities', rows, () => trx.insertInto('identities').values(rows));
        }
        const recordedAt = Date.now();
        for (const part of chunk(merges, ROWS_PER_INSERT)) {
          const rows = part.map((m) => mergeRow(m, recordedAt));
          await insert(trx, 'merges', rows, () => trx.insertInto('profile_merges').values(rows));
        }
        await bumpCounter(trx, PROFILES_GENERATION, 1).execute();
      });
    },

    generation: () => readCounter(db, PROFILES_GENERATION),

    async put(profiles) {
      if (profiles.length === 0) return;
      // The last record of a customer wins, as row-by-row upserts would have it (PostgreSQL refuses to update one
      // row twice in a statement).
      const latest = [...new Map(profiles.map((p) => [p.customerId, p])).values()];
      await db.transaction().execute(async (trx) => {
        for (const part of chunk(latest, 200)) {
          const rows = part.map(toRow);
          await insert(trx, 'profiles', rows, () =>
            trx
              .insertInto('profiles')
              .values(rows)
              .onConflict((oc) =>
                oc.column('customer_id').doUpdateSet((eb) => ({
                  user_id: eb.ref('excluded.user_id'),
                  traits: eb.ref('excluded.traits'),
                  pii: eb.ref('excluded.pii'),
                  email_hash: eb.ref('excluded.email_hash'),
                  first_seen_at: eb.ref('excluded.first_seen_at'),
                  last_seen_at: eb.ref('excluded.last_seen_at'),
                  event_count: eb.ref('excluded.event_count'),
                  computed: eb.ref('excluded.computed'),
                  features: eb.ref('excluded.features'),
                  rfm_recency: eb.ref('excluded.rfm_recency'),
                  rfm_frequency: eb.ref('excluded.rfm_frequency'),
                  rfm_monetary: eb.ref('excluded.rfm_monetary'),
                  rfm_r: eb.ref('excluded.rfm_r'),
                  rfm_f: eb.ref('excluded.rfm_f'),
                  rfm_m: eb.ref('excluded.rfm_m'),
                  rfm_segment: eb.ref('excluded.rfm_segment'),
                  state: eb.ref('excluded.state'),
                  built_at: eb.ref('excluded.built_at'),
                  updated_at: eb.ref('excluded.updated_at'),
                })),
              ),
          );
        }
      });
    },

    async deleteBuiltBefore(builtAt) {
      return db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('profiles').where('built_at', '<', builtAt).executeTakeFirst();
        await bumpCounter(trx, PROFILES_GENERATION, 1).execute();
        return Number(result.numDeletedRows);
      });
    },

    async get(customerId) {
      const row = await db
        .selectFrom('profiles')
        .selectAll()
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      return row ? fromRow(row) : null;
    },

    async getCore(customerId) {
      const row = await db
        .selectFrom('profiles')
        .select(['customer_id', 'user_id', 'computed'])
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      return row
        ? { customerId: row.customer_id, userId: row.user_id, computed: fromJson(row.computed, {}) }
        : null;
    },

    async resolve(kind: IdentityKind, value: string) {
      const row = await db
        .selectFrom('identities')
        .select('customer_id')
        .where('kind', '=', kind)
        .where('value', '=', value)
        .executeTakeFirst();
      return row?.customer_id ?? null;
    },

    async findByEmailHash(emailHash) {
      const row = await db
        .selectFrom('profiles')
        .select('customer_id')
        .where('email_hash', '=', emailHash)
        .orderBy('customer_id')
        .executeTakeFirst();
      return row?.customer_id ?? null;
    },

    async list({ limit, afterId, segmentId, q }) {
      let query = db.selectFrom('profiles').selectAll('profiles');
      if (segmentId !== undefined)
        query = query
          .innerJoin('segment_members', 'segment_members.customer_id', 'profiles.customer_id')
          .where('segment_members.segment_id', '=', segmentId);
      if (afterId !== undefined) query = query.where('profiles.customer_id', '>', afterId);
      if (q !== undefined && q !== '') {
        const prefix = q.replace(/[\\%_]/g, (c) => `\\${c}`) + '%';
        query = query.where(
          sql<boolean>`(${sql.ref('profiles.customer_id')} like ${prefix} escape '\\' or ${sql.ref('profiles.user_id')} like ${prefix} escape '\\')`,
        );
      }
      const rows = await query.orderBy('profiles.customer_id').limit(limit).execute();
      return rows.map(fromRow);
    },

    async count() {
      const row = await db
        .selectFrom('profiles')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return num(row.n);
    },

    async rfmGrid() {
      // FM = ⌊(F + M + 1) / 2⌋ (fmScore): integer division of non-negative integers on both dialects.
      const fm = sql<number>`(${sql.ref('rfm_f')} + ${sql.ref('rfm_m')} + 1) / 2`;
      const rows = await db
        .selectFrom('profiles')
        .select((eb) => ['rfm_r', fm.as('fm'), 'rfm_segment', eb.fn.countAll().as('n')])
        .where('rfm_r', 'is not', null)
        .where('rfm_f', 'is not', null)
        .where('rfm_m', 'is not', null)
        .where('rfm_segment', 'is not', null)
        .groupBy(['rfm_r', fm, 'rfm_segment'])
        .orderBy('rfm_r', 'desc')
        .orderBy(fm)
        .orderBy('rfm_segment')
        .execute();
      return rows.map((r) => ({
        r: num(r.rfm_r),
        fm: num(r.fm),
        segment: r.rfm_segment ?? '',
        count: num(r.n),
      }));
    },

    async mergesOf(customerId) {
      const rows = await db
        .selectFrom('profile_merges')
        .selectAll()
        .where((eb) =>
          eb.or([eb('kept_customer_id', '=', customerId), eb('merged_customer_id', '=', customerId)]),
        )
        .orderBy('seq')
        .execute();
      return rows.map((r) => ({
        keptCustomerId: r.kept_customer_id,
        mergedCustomerId: r.merged_customer_id,
        reason: r.reason,
        evidenceAt: num(r.evidence_at),
        messageId: r.message_id,
      }));
    },

    async getMany(customerIds) {
      const out: ProfileRecord[] = [];
      for (const part of chunk([...new Set(customerIds)], 500)) {
        if (part.length === 0) continue;
        const rows = await db.selectFrom('profiles').selectAll().where('customer_id', 'in', part).execute();
        for (const r of rows) out.push(fromRow(r));
      }
      return out;
    },

    async resolveMany(identifiers) {
      const out = new Map<string, string>();
      const byKind = new Map<IdentityKind, string[]>();
      for (const i of identifiers) {
        const values = byKind.get(i.kind);
        if (values) values.push(i.value);
        else byKind.set(i.kind, [i.value]);
      }
      for (const [kind, values] of byKind)
        for (const part of chunk([...new Set(values)], 500)) {
          const rows = await db
            .selectFrom('identities')
            .select(['value', 'customer_id'])
            .where('kind', '=', kind)
            .where('value', 'in', part)
            .execute();
          for (const r of rows) out.set(`${keyTag[kind]}:${r.value}`, r.customer_id);
        }
      return out;
    },

    async identityComponent(seeds, maxEdges) {
      const edges = new Map<string, StoredIdentityEdge>();
      const seen = new Set<string>();
      let frontier = seeds.map((s) => ({ kind: s.kind, value: s.value }));
      let truncated = false;
      while (frontier.length > 0 && !truncated) {
        const fresh = frontier.filter((n) => !seen.has(`${n.kind}\u0000${n.value}`));
        for (const n of fresh) seen.add(`${n.kind}\u0000${n.value}`);
        const next: { kind: IdentityKind; value: string }[] = [];
        for (const part of chunk(fresh, 200)) {
          const rows = await db
            .selectFrom('identity_edges')
            .selectAll()
            .where((eb) =>
              eb.or(
                part.flatMap((n) => [
                  eb.and([eb('a_kind', '=', n.kind), eb('a_value', '=', n.value)]),
                  eb.and([eb('b_kind', '=', n.kind), eb('b_value', '=', n.value)]),
                ]),
              ),
            )
            .execute();
          for (const r of rows) {
            const key = `${r.a_kind}\u0000${r.a_value}\u0000${r.b_kind}\u0000${r.b_value}`;
            if (edges.has(key)) continue;
            edges.set(key, {
              aKind: r.a_kind as IdentityKind,
              aValue: r.a_value,
              bKind: r.b_kind as IdentityKind,
              bValue: r.b_value,
              evidence: r.evidence,
              firstAt: num(r.first_at),
              messageId: r.message_id,
            });
            next.push({ kind: r.a_kind as IdentityKind, value: r.a_value });
            next.push({ kind: r.b_kind as IdentityKind, value: r.b_value });
          }
          if (edges.size > maxEdges) truncated = true;
        }
        frontier = next;
      }
      const nodes = [...seen].map((k) => {
        const [kind, value] = k.split('\u0000') as [IdentityKind, string];
        return { kind, value };
      });
      const firstSeen = new Map<string, number>();
      for (const part of chunk(nodes, 200)) {
        const rows = await db
          .selectFrom('identities')
          .select(['kind', 'value', 'created_at'])
          .where((eb) => eb.or(part.map((n) => eb.and([eb('kind', '=', n.kind), eb('value', '=', n.value)]))))
          .execute();
        for (const r of rows)
          firstSeen.set(`${keyTag[r.kind as IdentityKind]}:${r.value}`, num(r.created_at));
      }
      return { edges: [...edges.values()], firstSeen, truncated };
    },

    async applyIdentityChanges({ edges, identities, merges, deleteProfiles }) {
      await db.transaction().execute(async (trx) => {
        for (const part of chunk(edges, ROWS_PER_INSERT)) {
          const rows = part.map(edgeRow);
          await insert(trx, 'edges-upsert', rows, () =>
            trx
              .insertInto('identity_edges')
              .values(rows)
              .onConflict((oc) =>
                oc.columns(['a_kind', 'a_value', 'b_kind', 'b_value']).doUpdateSet((eb) => ({
                  evidence: eb.ref('excluded.evidence'),
                  first_at: eb.ref('excluded.first_at'),
                  message_id: eb.ref('excluded.message_id'),
                })),
              ),
          );
        }
        for (const part of chunk(identities, ROWS_PER_INSERT)) {
          const rows = part.map(identityRow);
          await insert(trx, 'identities-upsert', rows, () =>
            trx
              .insertInto('identities')
              .values(rows)
              .onConflict((oc) =>
                oc
                  .columns(['kind', 'value'])
                  .doUpdateSet((eb) => ({ customer_id: eb.ref('excluded.customer_id') })),
              ),
          );
        }
        const recordedAt = Date.now();
        for (const part of chunk(merges, ROWS_PER_INSERT)) {
          const rows = part.map((m) => mergeRow(m, recordedAt));
          await insert(trx, 'merges', rows, () => trx.insertInto('profile_merges').values(rows));
        }
        for (const part of chunk(deleteProfiles, 500))
          if (part.length > 0) await trx.deleteFrom('profiles').where('customer_id', 'in', part).execute();
      });
    },
  };
}
