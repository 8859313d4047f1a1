import type { OrderKind, OrderLineRecord, OrderWithLines } from '../commerce/ports.js';
import type { CustomerRef } from './customer-directory.js';
import { createFieldReader } from './field-reader.js';
import { createOrderAssembler, type OrderDraft } from './order-assembler.js';
import { parseImportTime } from './parse-time.js';
import type { ProductRef } from './product-directory.js';
import { tally, type RowSink, type SinkContext } from './sink.js';

export const orderFields = [
  'order_id',
  'user_id',
  'placed_at',
  'product_id',
  'description',
  'quantity',
  'unit_price',
  'currency',
  'country',
  'kind',
  'discount',
  'channel',
] as const;

const kinds: readonly OrderKind[] = ['order', 'cancellation', 'adjustment'];
/** Longest order kept whole in memory; a longer one is written in parts that extend it. */
const MAX_OPEN_LINES = 50_000;

/** Σ quantity × unit price, rounded to 1e-6 so that float noise (0.1 + 0.2) does not show in totals. */
function totalOf(lines: readonly { quantity: number; unitPrice: number }[]): number {
  let total = 0;
  for (const l of lines) total += l.quantity * l.unitPrice;
  return Math.round(total * 1e6) / 1e6 + 0;
}

/**
 * Orders, one row per line: `order_id`, `placed_at`, `product_id`, `quantity`, `unit_price` required. The order's
 * header comes from its first row; customers and products it references are created when missing.
 */
export function createOrdersSink(ctx: SinkContext): RowSink {
  const { orders } = ctx.deps.stores;
  const traitFields = ctx.preset?.customerTraits ?? [];
  const assembler = createOrderAssembler({
    holdRows: ctx.batchSize,
    maxOpenLines: MAX_OPEN_LINES,
    counterCapacity: 100_000,
  });
  const total = { inserted: 0, updated: 0, unchanged: 0 };
  const counts = {
    orders: 0,
    cancellations: 0,
    adjustments: 0,
    anonymousOrders: 0,
    lines: 0,
    cancellationLines: 0,
    adjustmentLines: 0,
    anonymousLines: 0,
    extendedOrders: 0,
  };
  let rows = 0;
  let rowsAtFlush = 0;

  /** An order written earlier in this import gets its new lines after the stored ones. */
  const extend = async (draft: OrderDraft, record: OrderWithLines): Promise<OrderWithLines> => {
    const stored = await orders.get(draft.orderId);
    if (!stored) return record;
    const lines = [...stored.lines.filter((l) => l.lineNo < draft.firstLineNo), ...record.lines];
    return { ...stored, lines, total: totalOf(lines) };
  };

  const write = async (drafts: OrderDraft[]) => {
    const productRefs = new Map<string, ProductRef>();
    const customerRefs = new Map<string, CustomerRef>();
    for (const d of drafts) {
      if (d.userId !== null && !customerRefs.has(d.userId))
        customerRefs.set(d.userId, { traits: d.customerTraits, at: d.placedAt });
      for (const l of d.lines) {
        const ref = productRefs.get(l.productId);
        if (!ref) productRefs.set(l.productId, { name: l.description, at: d.placedAt });
        else if (ref.name === null && l.description !== null) ref.name = l.description;
      }
    }
    await ctx.products.ensure(productRefs);
    const customerIds = await ctx.customers.ensure(customerRefs);
    const records: OrderWithLines[] = [];
    for (const d of drafts) {
      const lines: OrderLineRecord[] = d.lines.map((l, i) => ({
        orderId: d.orderId,
        lineNo: d.firstLineNo + i,
        ...l,
      }));
      const record: OrderWithLines = {
        id: d.orderId,
        customerId: d.userId === null ? null : (customerIds.get(d.userId) ?? null),
        kind: d.kind,
        placedAt: d.placedAt,
        currency: d.currency,
        country: d.country,
        total: totalOf(d.lines),
        discount: d.discount,
        channel: d.channel,
        source: ctx.source,
        lines,
      };
      if (d.continuation) {
        counts.extendedOrders++;
        records.push(await extend(d, record));
        continue;
      }
      counts.orders++;
      if (d.kind === 'cancellation') counts.cancellations++;
      if (d.kind === 'adjustment') counts.adjustments++;
      if (d.userId === null) counts.anonymousOrders++;
      records.push(record);
    }
    tally(total, records.length, await orders.upsert(records));
  };

  return {
    add({ fields }) {
      const r = createFieldReader(fields, parseImportTime);
      const orderId = r.id('order_id', true);
      const userId = r.id('user_id', false);
      const placedAt = r.time('placed_at', true);
      const productId = r.id('product_id', true);
      const description = r.text('description');
      const quantity = r.number('quantity', { required: true });
      const unitPrice = r.number('unit_price', { required: true });
      const currency = r.text('currency');
      const country = r.text('country');
      const kind = r.oneOf('kind', kinds, 'order');
      const discount = r.number('discount') ?? 0;
      const channel = r.text('channel');
      if (r.issue) return r.issue;
      if (
        orderId === null ||
        placedAt === null ||
        productId === null ||
        quantity === null ||
        unitPrice === null
      ) {
        return { code: 'missing_field', reason: 'a required field is missing' };
      }
      rows++;
      const line = { productId, description, quantity, unitPrice };
      if (!assembler.append(orderId, line, rows)) {
        const customerTraits: Record<string, unknown> = {};
        for (const field of traitFields)
          if (fields[field] !== undefined) customerTraits[field] = fields[field];
        assembler.open(
          { orderId, userId, kind, placedAt, currency, country, discount, channel, customerTraits },
          line,
          rows,
        );
      }
      counts.lines++;
      if (kind === 'cancellation') counts.cancellationLines++;
      if (kind === 'adjustment') counts.adjustmentLines++;
      if (userId === null) counts.anonymousLines++;
      return null;
    },
    get full() {
      return rows - rowsAtFlush >= ctx.batchSize;
    },
    async flush(final) {
      rowsAtFlush = rows;
      const drafts = assembler.take(final, rows);
      if (drafts.length > 0) await write(drafts);
      return [];
    },
    summary() {
      return {
        ...total,
        details: {
          ...counts,
          customersCreated: ctx.customers.created,
          productsCreated: ctx.products.created,
        },
      };
    },
  };
}
