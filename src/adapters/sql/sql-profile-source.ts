import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { OrderWithLines } from '../../commerce/ports.js';
import type {
  CustomerSourceRow,
  IdentityEvidenceRow,
  ProfileEventRow,
  ProfileSource,
} from '../../profiles/ports.js';
import { storedReviewAnalysis } from '../../text/index.js';
import { num } from './json.js';
import { keysetPages } from './keyset-pages.js';
import type { Database, SqlDialectName } from './schema.js';

const PAGE = 5_000;

/**
 * A JSON value inside a text column, by a path of plain keys (bound as parameters), as JSON: SQLite gives its JSON
 * text (`->`), PostgreSQL the parsed value (`::json ->`; not `jsonb`, which rejects a stored `\u0000` escape and
 * would fail the whole scan over one event). Read it back with `jsonValue`.
 */
export function jsonPath(
  dialect: SqlDialectName,
  column: string,
  keys: readonly string[],
): RawBuilder<unknown> {
  if (dialect === 'sqlite') {
    const path = '$' + keys.map((k) => `."${k.replace(/"/g, '')}"`).join('');
    return sql`(${sql.ref(column)} -> ${path})`;
  }
  let expression: RawBuilder<unknown> = sql`(${sql.ref(column)}::json)`;
  for (const key of keys) expression = sql`(${expression} -> ${key})`;
  return expression;
}

/** The value of a `jsonPath` column as JavaScript (objects and arrays included). */
function jsonValue(dialect: SqlDialectName, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  return dialect === 'sqlite' && typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
}

/** JSON scalars only: objects and arrays read as null. */
function scalarOf(value: unknown): unknown {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

function textOf(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * The profile builder's bulk reads over the SQL schema. Pages are keyset-paginated (no OFFSET), so each page
 * costs the same whatever the table size.
 */
export function createSqlProfileSource(db: Kysely<Database>, dialect: SqlDialectName): ProfileSource {
  return {
    async *identityEvidence() {
      const pages = keysetPages(
        0,
        (after) =>
          db
            .selectFrom('events')
            .select([
              'seq',
              'type',
              'user_id',
              'anonymous_id',
              'email_hash',
              'previous_id',
              'timestamp',
              'message_id',
            ])
            .where('seq', '>', after)
            .where((eb) =>
              eb.or([
                eb.and([eb('user_id', 'is not', null), eb('anonymous_id', 'is not', null)]),
                eb('email_hash', 'is not', null),
                eb('type', '=', 'alias'),
              ]),
            )
            .orderBy('seq')
            .limit(PAGE)
            .execute(),
        (last) => num(last.seq),
        PAGE,
      );
      for await (const rows of pages) {
        yield rows.map((r): IdentityEvidenceRow => ({
          type: r.type,
          userId: r.user_id,
          anonymousId: r.anonymous_id,
          emailHash: r.email_hash,
          previousId: r.previous_id,
          timestamp: num(r.timestamp),
          messageId: r.message_id,
        }));
      }
    },

    async *events(properties, until) {
      // `properties.category` is read anyway; a computed trait over the same property reuses that column.
      const propKeys = properties.map((p, i) => (p === 'category' ? 'category' : `p${i}`));
      const propColumns = properties.flatMap((p, i) =>
        p === 'category'
          ? []
          : [(jsonPath(dialect, 'properties', [p]) as Expression<unknown> & RawBuilder<unknown>).as(`p${i}`)],
      );
      let afterTs = -Infinity;
      let afterSeq = 0;
      for (;;) {
        const rows = await db
          .selectFrom('events')
          .select([
            'seq',
            'type',
            'event',
            'user_id',
            'anonymous_id',
            'timestamp',
            'message_id',
            'email_hash',
            jsonPath(dialect, 'properties', ['category']).as('category'),
            jsonPath(dialect, 'context', ['device', 'type']).as('device_type'),
            jsonPath(dialect, 'context', ['consent', 'categoryPreferences']).as('consent'),
            sql<string | null>`case when ${sql.ref('type')} = 'identify' then ${sql.ref('traits')} end`.as(
              'identify_traits',
            ),
            sql<string | null>`case when ${sql.ref('type')} = 'identify' then ${sql.ref('pii')} end`.as(
              'identify_pii',
            ),
            ...propColumns,
          ])
          .where('timestamp', '<=', until)
          // A row-value comparison lets both engines walk the timestamp index from where the last page ended.
          .where(
            afterTs === -Infinity
              ? sql<boolean>`1 = 1`
              : sql<boolean>`(${sql.ref('timestamp')}, ${sql.ref('seq')}) > (${afterTs}, ${afterSeq})`,
          )
          .orderBy('timestamp')
          .orderBy('seq')
          .limit(PAGE)
          .execute();
        if (rows.length === 0) return;
        const last = rows[rows.length - 1] as (typeof rows)[number];
        afterTs = num(last.timestamp);
        afterSeq = num(last.seq);
        yield rows.map((r): ProfileEventRow => {
          const record = r as unknown as Record<string, unknown>;
          const props = new Array<unknown>(propKeys.length);
          for (let i = 0; i < propKeys.length; i++)
            props[i] = scalarOf(jsonValue(dialect, record[propKeys[i] as string]));
          const consent = jsonValue(dialect, record.consent);
          return {
            type: r.type,
            event: r.event,
            userId: r.user_id,
            anonymousId: r.anonymous_id,
            timestamp: num(r.timestamp),
            messageId: r.message_id,
            category: textOf(jsonValue(dialect, record.category)),
            deviceType: textOf(jsonValue(dialect, record.device_type)),
            traits: r.identify_traits,
            pii: r.identify_pii,
            emailHash: r.email_hash,
            consent:
              consent !== null && typeof consent === 'object' && !Array.isArray(consent) ? consent : null,
            props,
          };
        });
        if (rows.length < PAGE) return;
      }
    },

    async lastEventAt(until) {
      const row = await db
        .selectFrom('events')
        .select((eb) => eb.fn.max('timestamp').as('last'))
        .where('timestamp', '<=', until)
        .executeTakeFirst();
      return row?.last === null || row?.last === undefined ? null : num(row.last);
    },

    async *customers() {
      const pages = keysetPages(
        '',
        (after) =>
          db
            .selectFrom('customers')
            .select(['id', 'external_id', 'traits', 'pii', 'email_hash', 'created_at'])
            .where('id', '>', after)
            .orderBy('id')
            .limit(PAGE)
            .execute(),
        (last) => last.id,
        PAGE,
      );
      for await (const rows of pages) {
        yield rows.map((r): CustomerSourceRow => ({
          id: r.id,
          externalId: r.external_id,
          traits: r.traits,
          pii: r.pii,
          emailHash: r.email_hash,
          createdAt: num(r.created_at),
        }));
      }
    },

    async *orders(until) {
      const pages = keysetPages(
        '',
        (after) =>
          db
            .selectFrom('orders')
            .selectAll()
            .where('id', '>', after)
            .where('placed_at', '<=', until)
            .where('customer_id', 'is not', null)
            .orderBy('id')
            .limit(PAGE)
            .execute(),
        (last) => last.id,
        PAGE,
      );
      for await (const orders of pages) {
        const first = (orders[0] as (typeof orders)[number]).id;
        const after = (orders[orders.length - 1] as (typeof orders)[number]).id;
        const lines = await db
          .selectFrom('order_lines')
          .selectAll()
          .where('order_id', '>=', first)
          .where('order_id', '<=', after)
          .execute();
        const byOrder = new Map<string, OrderWithLines['lines']>();
        for (const l of lines) {
          const list = byOrder.get(l.order_id) ?? [];
          list.push({
            orderId: l.order_id,
            lineNo: num(l.line_no),
            productId: l.product_id,
            description: l.description,
            quantity: num(l.quantity),
            unitPrice: num(l.unit_price),
          });
          byOrder.set(l.order_id, list);
        }
        yield orders.map((o): OrderWithLines => ({
          id: o.id,
          customerId: o.customer_id,
          kind: o.kind as OrderWithLines['kind'],
          placedAt: num(o.placed_at),
          currency: o.currency,
          country: o.country,
          total: num(o.total),
          discount: num(o.discount),
          channel: o.channel,
          source: o.source,
          lines: byOrder.get(o.id) ?? [],
        }));
      }
    },

    async *reviews(until) {
      const pages = keysetPages(
        '',
        (after) =>
          db
            .selectFrom('reviews')
            .select(['id', 'customer_id', 'rating', 'title', 'body', 'created_at', 'analysis'])
            .where('id', '>', after)
            .where('created_at', '<=', until)
            .orderBy('id')
            .limit(PAGE)
            .execute(),
        (last) => last.id,
        PAGE,
      );
      for await (const rows of pages) {
        yield rows
          .filter((r) => r.customer_id !== null)
          .map((r) => ({
            customerId: r.customer_id as string,
            rating: r.rating === null ? null : num(r.rating),
            title: r.title,
            body: r.body,
            createdAt: num(r.created_at),
            analysis: storedReviewAnalysis(r.analysis),
          }));
      }
    },

    async *conversations(until, options = {}) {
      const pages = keysetPages(
        '',
        (after) =>
          db
            .selectFrom('conversations')
            .select(['id', 'customer_id', 'started_at', 'topic', 'intent', 'intent_model', 'row_hash'])
            .where('id', '>', after)
            .where('started_at', '<=', until)
            .where('customer_id', 'is not', null)
            .orderBy('id')
            .limit(PAGE)
            .execute(),
        (last) => last.id,
        PAGE,
      );
      for await (const rows of pages) {
        const texts = new Map<string, string[]>();
        if (options.text === true && rows.length > 0) {
          const messages = await db
            .selectFrom('conversation_messages')
            .select(['conversation_id', 'body'])
            .where(
              'conversation_id',
              'in',
              rows.map((r) => r.id),
            )
            .where('role', '=', 'customer')
            .where('created_at', '<=', until)
            .orderBy('conversation_id')
            .orderBy('seq')
            .execute();
          for (const m of messages) {
            const list = texts.get(m.conversation_id) ?? [];
            list.push(m.body);
            texts.set(m.conversation_id, list);
          }
        }
        yield rows.map((r) => ({
          id: r.id,
          customerId: r.customer_id as string,
          startedAt: num(r.started_at),
          topic: r.topic,
          intent: r.intent,
          intentModel: r.intent_model,
          version: r.row_hash,
          text: options.text === true ? (texts.get(r.id) ?? []).join('\n') : null,
        }));
      }
    },

    async products() {
      const rows = await db.selectFrom('products').select(['id', 'category', 'price']).execute();
      return rows.map((r) => ({
        id: r.id,
        category: r.category,
        price: r.price === null ? null : num(r.price),
      }));
    },
  };
}
