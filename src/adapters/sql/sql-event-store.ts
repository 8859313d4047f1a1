import { sql, type Kysely } from 'kysely';
import type { EventRecord, EventType, StoredEvent } from '../../ingest/event-types.js';
import type { EventQuery, EventStats, EventStore } from '../../ingest/ports.js';
import { bumpCounter, DUPLICATES_DROPPED, readCounter } from './ingest-counters.js';
import { chunk, fromJson, num, toJson } from './json.js';
import type { Database, EventsTable } from './schema.js';

const DAY_MS = 86_400_000;

/** The row form of an event: what crosses to a writer thread (flat strings and numbers clone cheaply). */
export type EventRow = Omit<EventsTable, 'seq'>;

export function eventToRow(e: EventRecord): EventRow {
  return {
    id: e.id,
    message_id: e.messageId,
    type: e.type,
    event: e.event,
    name: e.name,
    user_id: e.userId,
    anonymous_id: e.anonymousId,
    group_id: e.groupId,
    previous_id: e.previousId,
    timestamp: e.timestamp,
    original_timestamp: e.originalTimestamp,
    sent_at: e.sentAt,
    received_at: e.receivedAt,
    properties: toJson(e.properties),
    traits: toJson(e.traits),
    context: toJson(e.context),
    integrations: toJson(e.integrations),
    pii: e.pii,
    email_hash: e.emailHash,
    source: e.source,
  };
}

interface StoredEventRow extends EventRow {
  seq: number;
}

function fromRow(r: StoredEventRow): StoredEvent {
  return {
    seq: num(r.seq),
    id: r.id,
    messageId: r.message_id,
    type: r.type as EventType,
    event: r.event,
    name: r.name,
    userId: r.user_id,
    anonymousId: r.anonymous_id,
    groupId: r.group_id,
    previousId: r.previous_id,
    timestamp: num(r.timestamp),
    originalTimestamp: r.original_timestamp === null ? null : num(r.original_timestamp),
    sentAt: r.sent_at === null ? null : num(r.sent_at),
    receivedAt: num(r.received_at),
    properties: fromJson(r.properties, {}),
    traits: fromJson(r.traits, {}),
    context: fromJson(r.context, {}),
    integrations: fromJson(r.integrations, {}),
    pii: r.pii,
    emailHash: r.email_hash,
    source: r.source,
  };
}

/** 20 columns per row: 500 rows stay far below both dialects' bound-parameter limits. */
const ROWS_PER_STATEMENT = 500;

/** The one event INSERT in Rapport: rows whose message_id is already stored are skipped. */
export function eventInsert(db: Kysely<Database>, rows: readonly EventRow[]) {
  return db
    .insertInto('events')
    .values(rows)
    .onConflict((oc) => oc.column('message_id').doNothing());
}

/** Appends in one transaction, counting the duplicates it skipped in the same transaction. */
export async function appendEventRows(
  db: Kysely<Database>,
  rows: readonly EventRow[],
): Promise<{ inserted: number }> {
  if (rows.length === 0) return { inserted: 0 };
  return db.transaction().execute(async (trx) => {
    let inserted = 0;
    for (const part of chunk(rows, ROWS_PER_STATEMENT)) {
      const result = await eventInsert(trx, part).executeTakeFirst();
      inserted += num(result.numInsertedOrUpdatedRows ?? 0n);
    }
    if (inserted < rows.length) await bumpCounter(trx, DUPLICATES_DROPPED, rows.length - inserted).execute();
    return { inserted };
  });
}

export function createSqlEventStore(db: Kysely<Database>): EventStore {
  return {
    append: (events) => appendEventRows(db, events.map(eventToRow)),
    settle: () => Promise.resolve(),
    duplicatesDropped: () => readCounter(db, DUPLICATES_DROPPED),

    async list(q: EventQuery) {
      let query = db.selectFrom('events').selectAll();
      if (q.userId !== undefined) query = query.where('user_id', '=', q.userId);
      if (q.anonymousId !== undefined) query = query.where('anonymous_id', '=', q.anonymousId);
      if (q.type !== undefined) query = query.where('type', '=', q.type);
      if (q.event !== undefined) query = query.where('event', '=', q.event);
      if (q.since !== undefined) query = query.where('timestamp', '>=', q.since);
      if (q.until !== undefined) query = query.where('timestamp', '<', q.until);
      if (q.afterSeq !== undefined) query = query.where('seq', q.order === 'asc' ? '>' : '<', q.afterSeq);
      const rows = await query.orderBy('seq', q.order).limit(q.limit).execute();
      return rows.map(fromRow);
    },

    async getByMessageId(messageId) {
      const row = await db
        .selectFrom('events')
        .selectAll()
        .where('message_id', '=', messageId)
        .executeTakeFirst();
      return row ? fromRow(row) : null;
    },

    async count() {
      const row = await db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return num(row.n);
    },

    async timeRange() {
      const row = await db
        .selectFrom('events')
        .select((eb) => [eb.fn.min('timestamp').as('min'), eb.fn.max('timestamp').as('max')])
        .executeTakeFirst();
      return row && row.min !== null && row.max !== null ? { min: num(row.min), max: num(row.max) } : null;
    },

    async stats({ since, until }): Promise<EventStats> {
      let base = db.selectFrom('events');
      if (since !== undefined) base = base.where('timestamp', '>=', since);
      if (until !== undefined) base = base.where('timestamp', '<', until);
      const day = sql<number>`${sql.ref('timestamp')} / ${sql.lit(DAY_MS)}`;
      const [byType, perDay, topEvents] = await Promise.all([
        base
          .select(['type', (eb) => eb.fn.countAll().as('n')])
          .groupBy('type')
          .orderBy('type')
          .execute(),
        base
          .select([day.as('day'), (eb) => eb.fn.countAll().as('n')])
          .groupBy(day)
          .orderBy(day)
          .execute(),
        base
          .select(['event', (eb) => eb.fn.countAll().as('n')])
          .where('type', '=', 'track')
          .groupBy('event')
          .orderBy('n', 'desc')
          .orderBy('event')
          .limit(10)
          .execute(),
      ]);
      const types = byType.map((r) => ({ type: r.type, count: num(r.n) }));
      return {
        total: types.reduce((s, t) => s + t.count, 0),
        byType: types,
        perDay: perDay.map((r) => ({
          day: new Date(Math.floor(num(r.day)) * DAY_MS).toISOString().slice(0, 10),
          count: num(r.n),
        })),
        topEvents: topEvents.map((r) => ({ event: r.event ?? '', count: num(r.n) })),
      };
    },
  };
}
