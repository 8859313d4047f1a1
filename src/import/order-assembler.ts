import type { OrderKind } from '../commerce/ports.js';
import { createBoundedMap } from './bounded-map.js';

export interface OrderHeader {
  orderId: string;
  userId: string | null;
  kind: OrderKind;
  placedAt: number;
  currency: string | null;
  country: string | null;
  discount: number;
  channel: string | null;
  /** Traits for the customer, should the import create it. */
  customerTraits: Record<string, unknown>;
}

export interface LineDraft {
  productId: string;
  description: string | null;
  quantity: number;
  unitPrice: number;
}

export interface OrderDraft extends OrderHeader {
  /** Line number of `lines[0]`: 1, or where an earlier part of this order stopped. */
  firstLineNo: number;
  lines: LineDraft[];
  /** Row counter value of the latest row added. */
  lastRow: number;
  /** This order was written before in this import: these lines extend it. */
  continuation: boolean;
}

export interface OrderAssemblerOptions {
  /** An order is complete once this many rows have gone by without a row of it. */
  holdRows: number;
  /** An order this long is written even while rows keep coming (they then extend it). */
  maxOpenLines: number;
  /** How many written orders remember their next line number. */
  counterCapacity: number;
}

export interface OrderAssembler {
  /** Adds a line to an open order; false when the order is not open (then `open` it with this line). */
  append(orderId: string, line: LineDraft, row: number): boolean;
  /** Opens an order with its first line: the header comes from this row. */
  open(header: OrderHeader, line: LineDraft, row: number): void;
  /** Removes and returns the complete orders (all of them when `final`), in the order they were opened. */
  take(final: boolean, row: number): OrderDraft[];
  /** Lines held in open orders. */
  readonly openLines: number;
}

/**
 * Groups order-line rows into orders. Rows of one order need not be contiguous: an order stays open until
 * `holdRows` rows have passed without it (exports often interleave two invoices), so in practice each order is
 * written once, whole. A row that comes back later still gets the next line number, from a bounded counter.
 * Memory holds the open orders only, whatever the file size.
 */
export function createOrderAssembler(options: OrderAssemblerOptions): OrderAssembler {
  const open = new Map<string, OrderDraft>();
  const nextLine = createBoundedMap<string, number>(options.counterCapacity);
  let openLines = 0;

  return {
    append(orderId, line, row) {
      const draft = open.get(orderId);
      if (!draft) return false;
      draft.lines.push(line);
      draft.lastRow = row;
      openLines++;
      return true;
    },
    open(header, line, row) {
      const next = nextLine.get(header.orderId);
      open.set(header.orderId, {
        ...header,
        firstLineNo: next ?? 1,
        lines: [line],
        lastRow: row,
        continuation: next !== undefined,
      });
      openLines++;
    },
    take(final, row) {
      const done: OrderDraft[] = [];
      for (const draft of open.values()) {
        if (final || row - draft.lastRow >= options.holdRows || draft.lines.length >= options.maxOpenLines)
          done.push(draft);
      }
      for (const draft of done) {
        open.delete(draft.orderId);
        openLines -= draft.lines.length;
        nextLine.set(draft.orderId, draft.firstLineNo + draft.lines.length);
      }
      return done;
    },
    get openLines() {
      return openLines;
    },
  };
}
