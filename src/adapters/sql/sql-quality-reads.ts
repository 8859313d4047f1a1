import type { Kysely } from 'kysely';
import type { QualityReads } from '../../prep/ports.js';
import { num } from './json.js';
import { keysetPages } from './keyset-pages.js';
import type { Database } from './schema.js';

/** Narrow keyset-paged scans for the data-quality report: only the columns its rules read. */
export function createSqlQualityReads(
  db: Kysely<Database>,
  options: { pageSize?: number } = {},
): QualityReads {
  const PAGE = options.pageSize ?? 5_000;
  return {
    async *orderLines() {
      let after: { orderId: string; lineNo: number } | null = null;
      for (;;) {
        let query = db
          .selectFrom('order_lines as l')
          .innerJoin('orders as o', 'o.id', 'l.order_id')
          .select(['l.order_id', 'l.line_no', 'l.product_id', 'l.quantity', 'l.unit_price', 'o.kind']);
        if (after !== null) {
          const { orderId, lineNo } = after;
          query = query.where((eb) =>
            eb.or([
              eb('l.order_id', '>', orderId),
              eb.and([eb('l.order_id', '=', orderId), eb('l.line_no', '>', lineNo)]),
            ]),
          );
        }
        const rows = await query.orderBy('l.order_id').orderBy('l.line_no').limit(PAGE).execute();
        if (rows.length === 0) return;
        const last = rows[rows.length - 1] as (typeof rows)[number];
        after = { orderId: last.order_id, lineNo: num(last.line_no) };
        yield rows.map((r) => ({
          orderId: r.order_id,
          lineNo: num(r.line_no),
          productId: r.product_id,
          kind: r.kind,
          quantity: num(r.quantity),
          unitPrice: num(r.unit_price),
        }));
        if (rows.length < PAGE) return;
      }
    },

    async *eventTimings() {
      const pages = keysetPages(
        0,
        (after) =>
          db
            .selectFrom('events')
            .select([
              'seq',
              'id',
              'message_id',
              'timestamp',
              'original_timestamp',
              'sent_at',
              'received_at',
              'source',
            ])
            .where('seq', '>', after)
            .orderBy('seq')
            .limit(PAGE)
            .execute(),
        (last) => num(last.seq),
        PAGE,
      );
      for await (const rows of pages) {
        yield rows.map((r) => ({
          id: r.id,
          messageId: r.message_id,
          timestamp: num(r.timestamp),
          originalTimestamp: r.original_timestamp === null ? null : num(r.original_timestamp),
          sentAt: r.sent_at === null ? null : num(r.sent_at),
          receivedAt: num(r.received_at),
          source: r.source,
        }));
      }
    },

    async earliestRecord() {
      const [products, customers, orders] = await Promise.all([
        db
          .selectFrom('products')
          .select((eb) => eb.fn.min('created_at').as('at'))
          .executeTakeFirst(),
        db
          .selectFrom('customers')
          .select((eb) => eb.fn.min('created_at').as('at'))
          .executeTakeFirst(),
        db
          .selectFrom('orders')
          .select((eb) => eb.fn.min('placed_at').as('at'))
          .executeTakeFirst(),
      ]);
      const times = [products?.at, customers?.at, orders?.at]
        .filter((t) => t !== null && t !== undefined)
        .map(num);
      return times.length === 0 ? null : Math.min(...times);
    },
  };
}
