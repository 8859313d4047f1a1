import { sql, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import type {
  SegmentRecord,
  SegmentRefreshResult,
  SegmentStore,
  SegmentWriteResult,
} from '../../profiles/ports.js';
import { defaultConsentPolicy, type ConsentDefaults } from '../../profiles/segment-consent.js';
import { formatRulePath, parseSegmentRule } from '../../profiles/segment-rule-check.js';
import type { SegmentRule } from '../../profiles/segment-rule.js';
import { chunk, fromJson, num } from './json.js';
import type { Database, SegmentsTable, SqlDialectName } from './schema.js';
import { compileSegmentRule } from './segment-sql.js';

export interface SqlSegmentStoreOptions {
  dialect: SqlDialectName;
  /** Consent of customers without a recorded choice for a purpose (default: `defaultConsentPolicy`). */
  consentDefaults?: ConsentDefaults;
  /** Resolves once every acknowledged event is readable; rules over events wait for it (the SQLite journal). */
  settle?: () => Promise<void>;
}

const DAY_MS = 86_400_000;
const RULE_KIND = 'rule';

function toRecord(row: SegmentsTable): SegmentRecord {
  let rule: SegmentRule | null = null;
  if (row.kind === RULE_KIND) {
    const parsed = parseSegmentRule(fromJson<unknown>(row.rule, null), null);
    rule = parsed.ok ? parsed.rule : null;
  }
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    kind: row.kind,
    rule,
    memberCount: num(row.member_count),
    refreshedAt: row.refreshed_at === null ? null : num(row.refreshed_at),
    createdAt: num(row.created_at),
    updatedAt: num(row.updated_at),
  };
}

/** SQLite's and PostgreSQL's unique-constraint errors. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505';
}

export function createSqlSegmentStore(db: Kysely<Database>, options: SqlSegmentStoreOptions): SegmentStore {
  const consentDefaults = options.consentDefaults ?? defaultConsentPolicy;
  const settle = options.settle ?? (async () => {});
  const compile = (rule: SegmentRule, now: number) =>
    compileSegmentRule(rule, { dialect: options.dialect, now, consentDefaults });

  const get = async (trx: Kysely<Database>, id: string) =>
    trx.selectFrom('segments').selectAll().where('id', '=', id).executeTakeFirst();

  /**
   * Takes the segment row's write lock as the transaction's first statement: PostgreSQL serialises refreshes of
   * one segment on it, and SQLite never has to upgrade a read snapshot to a write (which fails when busy).
   */
  async function lockRuleSegment(trx: Transaction<Database>, id: string) {
    const locked = await trx
      .updateTable('segments')
      .set((eb) => ({ member_count: eb.ref('member_count') }))
      .where('id', '=', id)
      .executeTakeFirst();
    if (num(locked.numUpdatedRows) === 0) return { status: 'not_found' as const };
    const row = await get(trx, id);
    if (!row) return { status: 'not_found' as const };
    if (row.kind !== RULE_KIND) return { status: 'not_rule_based' as const };
    const parsed = parseSegmentRule(fromJson<unknown>(row.rule, null), null);
    if (!parsed.ok) {
      const first = parsed.problems[0];
      throw new Error(
        `segment ${id}: the stored rule is invalid (${first ? `${formatRulePath(first.path)}: ${first.message}` : '?'})`,
      );
    }
    return { status: 'ok' as const, rule: parsed.rule };
  }

  /** Applies the difference between the members and the profiles matching `match`, within `scope` if given. */
  async function applyDiff(
    trx: Transaction<Database>,
    id: string,
    match: RawBuilder<SqlBool>,
    now: number,
    scope: readonly string[] | null,
  ): Promise<{ added: number; removed: number }> {
    let del = trx
      .deleteFrom('segment_members')
      .where('segment_id', '=', id)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('profiles')
              .select(sql`1`.as('one'))
              .whereRef('profiles.customer_id', '=', 'segment_members.customer_id')
              .where(match),
          ),
        ),
      );
    if (scope) del = del.where('segment_members.customer_id', 'in', scope);
    const removed = await del.executeTakeFirst();

    let entrants = trx
      .selectFrom('profiles')
      .select([
        sql<string>`CAST(${id} AS text)`.as('segment_id'),
        'profiles.customer_id',
        sql<number>`CAST(${now} AS bigint)`.as('since'),
      ])
      .where(match)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('segment_members as sm')
              .select(sql`1`.as('one'))
              .where('sm.segment_id', '=', id)
              .whereRef('sm.customer_id', '=', 'profiles.customer_id'),
          ),
        ),
      );
    if (scope) entrants = entrants.where('profiles.customer_id', 'in', scope);
    const added = await trx
      .insertInto('segment_members')
      .columns(['segment_id', 'customer_id', 'since'])
      .expression(entrants)
      .executeTakeFirst();
    return { added: num(added.numInsertedOrUpdatedRows ?? 0), removed: num(removed.numDeletedRows) };
  }

  /** Stores the new size on the segment and as today's point of its size history. */
  async function recordSize(trx: Transaction<Database>, id: string, now: number, full: boolean) {
    const row = await trx
      .selectFrom('segment_members')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('segment_id', '=', id)
      .executeTakeFirstOrThrow();
    const size = num(row.n);
    await trx
      .updateTable('segments')
      .set(full ? { member_count: size, refreshed_at: now } : { member_count: size })
      .where('id', '=', id)
      .execute();
    const at = Math.floor(now / DAY_MS) * DAY_MS;
    await trx
      .insertInto('segment_sizes')
      .values({ segment_id: id, at, size })
      .onConflict((oc) => oc.columns(['segment_id', 'at']).doUpdateSet({ size }))
      .execute();
    return size;
  }

  async function refreshWithin(
    id: string,
    now: number,
    scope: readonly string[] | null,
  ): Promise<SegmentRefreshResult> {
    await settle();
    return db.transaction().execute(async (trx) => {
      const locked = await lockRuleSegment(trx, id);
      if (locked.status !== 'ok') return locked;
      const match = compile(locked.rule, now);
      let added = 0;
      let removed = 0;
      for (const part of scope ? chunk(scope, 500) : [null]) {
        const diff = await applyDiff(trx, id, match, now, part);
        added += diff.added;
        removed += diff.removed;
      }
      const size = await recordSize(trx, id, now, scope === null);
      return { status: 'refreshed', added, removed, size };
    });
  }

  return {
    async create({ id, name, description, rule, now }) {
      try {
        return await db.transaction().execute(async (trx): Promise<SegmentWriteResult> => {
          const taken = await trx
            .selectFrom('segments')
            .select('id')
            .where('name', '=', name)
            .executeTakeFirst();
          if (taken) return { status: 'name_taken' };
          const row: SegmentsTable = {
            id,
            name,
            description,
            kind: RULE_KIND,
            rule: JSON.stringify(rule),
            member_count: 0,
            refreshed_at: null,
            created_at: now,
            updated_at: now,
          };
          await trx.insertInto('segments').values(row).execute();
          return { status: 'ok', segment: toRecord(row) };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { status: 'name_taken' };
        throw error;
      }
    },
    async saveFixed({ id, name, description, kind, definition, members, now }) {
      if (kind === RULE_KIND) throw new Error('saveFixed is for segments without a rule');
      try {
        return await db.transaction().execute(async (trx): Promise<SegmentWriteResult> => {
          const taken = await trx
            .selectFrom('segments')
            .select('id')
            .where('name', '=', name)
            .executeTakeFirst();
          if (taken) return { status: 'name_taken' };
          const unique = [...new Set(members)];
          const row: SegmentsTable = {
            id,
            name,
            description,
            kind,
            rule: JSON.stringify(definition ?? null),
            member_count: unique.length,
            refreshed_at: now,
            created_at: now,
            updated_at: now,
          };
          await trx.insertInto('segments').values(row).execute();
          for (const part of chunk(unique, 500))
            await trx
              .insertInto('segment_members')
              .values(part.map((customerId) => ({ segment_id: id, customer_id: customerId, since: now })))
              .execute();
          await trx
            .insertInto('segment_sizes')
            .values({ segment_id: id, at: Math.floor(now / DAY_MS) * DAY_MS, size: unique.length })
            .execute();
          return { status: 'ok', segment: toRecord(row) };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { status: 'name_taken' };
        throw error;
      }
    },
    async get(id) {
      const row = await get(db, id);
      return row ? toRecord(row) : null;
    },
    async list({ limit, afterId }) {
      let query = db.selectFrom('segments').selectAll();
      if (afterId !== undefined) query = query.where('id', '>', afterId);
      return (await query.orderBy('id').limit(limit).execute()).map(toRecord);
    },
    async update(id, patch, now) {
      try {
        return await db.transaction().execute(async (trx): Promise<SegmentWriteResult> => {
          const row = await get(trx, id);
          if (!row) return { status: 'not_found' };
          if (patch.rule !== undefined && row.kind !== RULE_KIND) return { status: 'not_rule_based' };
          if (patch.name !== undefined && patch.name !== row.name) {
            const taken = await trx
              .selectFrom('segments')
              .select('id')
              .where('name', '=', patch.name)
              .executeTakeFirst();
            if (taken) return { status: 'name_taken' };
          }
          const next: SegmentsTable = {
            ...row,
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.description !== undefined ? { description: patch.description } : {}),
            ...(patch.rule !== undefined ? { rule: JSON.stringify(patch.rule) } : {}),
            updated_at: now,
          };
          const { id: _id, ...changes } = next;
          await trx.updateTable('segments').set(changes).where('id', '=', id).execute();
          return { status: 'ok', segment: toRecord(next) };
        });
      } catch (error) {
        if (isUniqueViolation(error)) return { status: 'name_taken' };
        throw error;
      }
    },
    async delete(id) {
      return db.transaction().execute(async (trx) => {
        const gone = await trx.deleteFrom('segments').where('id', '=', id).executeTakeFirst();
        await trx.deleteFrom('segment_members').where('segment_id', '=', id).execute();
        await trx.deleteFrom('segment_sizes').where('segment_id', '=', id).execute();
        return num(gone.numDeletedRows) > 0;
      });
    },
    async preview(rule, { limit, now }) {
      await settle();
      const match = compile(rule, now);
      const counted = await db
        .selectFrom('profiles')
        .select((eb) => eb.fn.countAll().as('n'))
        .where(match)
        .executeTakeFirstOrThrow();
      const sample = await db
        .selectFrom('profiles')
        .select('customer_id')
        .where(match)
        .orderBy('customer_id')
        .limit(limit)
        .execute();
      return { count: num(counted.n), sample: sample.map((r) => r.customer_id) };
    },
    refresh: (id, now) => refreshWithin(id, now, null),
    refreshForCustomers: async (id, customerIds, now) => refreshWithin(id, now, [...new Set(customerIds)]),
    async members(segmentId, { limit, afterCustomerId }) {
      let query = db
        .selectFrom('segment_members')
        .select(['customer_id', 'since'])
        .where('segment_id', '=', segmentId);
      if (afterCustomerId !== undefined) query = query.where('customer_id', '>', afterCustomerId);
      const rows = await query.orderBy('customer_id').limit(limit).execute();
      return rows.map((r) => ({ customerId: r.customer_id, since: num(r.since) }));
    },
    async sizes(segmentId) {
      const rows = await db
        .selectFrom('segment_sizes')
        .select(['at', 'size'])
        .where('segment_id', '=', segmentId)
        .orderBy('at')
        .execute();
      return rows.map((r) => ({ at: num(r.at), size: num(r.size) }));
    },
    async membershipsOf(customerId) {
      const rows = await db
        .selectFrom('segment_members')
        .innerJoin('segments', 'segments.id', 'segment_members.segment_id')
        .select(['segments.id', 'segments.name', 'segments.kind', 'segment_members.since'])
        .where('segment_members.customer_id', '=', customerId)
        .orderBy('segments.name')
        .orderBy('segments.id')
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind, since: num(r.since) }));
    },
  };
}
