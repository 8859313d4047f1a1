import type { Kysely } from 'kysely';
import type {
  CustomerOrderSummary,
  OrderKind,
  OrderLineRecord,
  OrderStore,
  OrderWithLines,
} from '../../commerce/ports.js';
import { chunk, num, rowHash } from './json.js';
import type { Database, OrderLinesTable, OrdersTable } from './schema.js';
import { classifyByHash } from './upsert-by-hash.js';

interface OrderRows extends OrdersTable {
  lines: OrderLinesTable[];
}

function toRows(o: OrderWithLines): OrderRows {
  const lines = o.lines.map((l) => ({
    order_id: o.id,
    line_no: l.lineNo,
    product_id: l.productId,
    description: l.description,
    quantity: l.quantity,
    unit_price: l.unitPrice,
  }));
  return {
    id: o.id,
    customer_id: o.customerId,
    kind: o.kind,
    placed_at: o.placedAt,
    currency: o.currency,
    country: o.country,
    total: o.total,
    discount: o.discount,
    channel: o.channel,
    source: o.source,
    row_hash: rowHash([
      o.customerId,
      o.kind,
      o.placedAt,
      o.currency,
      o.country,
      o.total,
      o.discount,
      o.channel,
      lines,
    ]),
    lines,
  };
}

function fromRows(o: OrdersTable, lines: OrderLinesTable[]): OrderWithLines {
  return {
    id: o.id,
    customerId: o.customer_id,
    kind: o.kind as OrderKind,
    placedAt: num(o.placed_at),
    currency: o.currency,
    country: o.country,
    total: num(o.total),
    discount: num(o.discount),
    channel: o.channel,
    source: o.source,
    lines: lines.map((l): OrderLineRecord => ({
      orderId: l.order_id,
      lineNo: num(l.line_no),
      productId: l.product_id,
      description: l.description,
      quantity: num(l.quantity),
      unitPrice: num(l.unit_price),
    })),
  };
}

export function createSqlOrderStore(db: Kysely<Database>): OrderStore {
  const withLines = async (orders: OrdersTable[]): Promise<OrderWithLines[]> => {
    if (orders.length === 0) return [];
    const lines = await db
      .selectFrom('order_lines')
      .selectAll()
      .where(
        'order_id',
        'in',
        orders.map((o) => o.id),
      )
      .orderBy('order_id')
      .orderBy('line_no')
      .execute();
    const byOrder = new Map<string, OrderLinesTable[]>();
    for (const l of lines) {
      const list = byOrder.get(l.order_id) ?? [];
      list.push(l);
      byOrder.set(l.order_id, list);
    }
    return orders.map((o) => fromRows(o, byOrder.get(o.id) ?? []));
  };

  return {
    async upsert(orders) {
      if (orders.length === 0) return { inserted: 0, updated: 0 };
      return db.transaction().execute(async (trx) => {
        const { fresh, changed } = await classifyByHash(trx, 'orders', orders.map(toRows));
        const header = ({ lines: _lines, ...rest }: OrderRows): OrdersTable => rest;
        for (const part of chunk(fresh, 500))
          await trx.insertInto('orders').values(part.map(header)).execute();
        for (const row of changed) {
          const { id, ...rest } = header(row);
          await trx.updateTable('orders').set(rest).where('id', '=', id).execute();
          await trx.deleteFrom('order_lines').where('order_id', '=', id).execute();
        }
        const lines = [...fresh, ...changed].flatMap((o) => o.lines);
        for (const part of chunk(lines, 1000)) await trx.insertInto('order_lines').values(part).execute();
        return { inserted: fresh.length, updated: changed.length };
      });
    },
    async get(id) {
      const row = await db.selectFrom('orders').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? ((await withLines([row]))[0] ?? null) : null;
    },
    async listByCustomer(customerId, { limit }) {
      const rows = await db
        .selectFrom('orders')
        .selectAll()
        .where('customer_id', '=', customerId)
        .orderBy('placed_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return withLines(rows);
    },
    async count(filter) {
      let query = db.selectFrom('orders').select((eb) => eb.fn.countAll().as('n'));
      if (filter?.kind !== undefined) query = query.where('kind', '=', filter.kind);
      return num((await query.executeTakeFirstOrThrow()).n);
    },
    async countLines() {
      const row = await db
        .selectFrom('order_lines')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      return num(row.n);
    },
    async rfmInputs(query = {}) {
      // One pass: orders × their lines, grouped by customer. The left join keeps orders without lines (they count
      // as orders, adding nothing to monetary); COUNT(DISTINCT) undoes the fan-out of the lines.
      let select = db
        .selectFrom('orders as o')
        .leftJoin('customers as c', 'c.id', 'o.customer_id')
        .leftJoin('order_lines as l', 'l.order_id', 'o.id')
        .where('o.kind', '=', 'order')
        .where('o.customer_id', 'is not', null);
      if (query.placedBefore !== undefined) select = select.where('o.placed_at', '<', query.placedBefore);
      const rows = await select
        .select((eb) => [
          eb.ref('o.customer_id').$notNull().as('customer_id'),
          'c.external_id as external_id',
          eb.fn.max('o.placed_at').as('last_order_at'),
          eb.fn.count('o.id').distinct().as('frequency'),
          eb.fn
            .sum(
              eb
                .case()
                .when(eb.and([eb('l.quantity', '>', 0), eb('l.unit_price', '>', 0)]))
                .then(eb('l.quantity', '*', eb.ref('l.unit_price')))
                .else(eb.lit(0))
                .end(),
            )
            .as('monetary'),
        ])
        .groupBy(['o.customer_id', 'c.external_id'])
        .orderBy('o.customer_id')
        .execute();
      let lastOrderAt: number | null = null;
      const customers = rows.map((row): CustomerOrderSummary => {
        const last = num(row.last_order_at);
        if (lastOrderAt === null || last > lastOrderAt) lastOrderAt = last;
        return {
          customerId: row.customer_id,
          externalId: row.external_id,
          lastOrderAt: last,
          frequency: num(row.frequency),
          monetary: num(row.monetary ?? 0),
        };
      });
      return { customers, lastOrderAt };
    },
  };
}
