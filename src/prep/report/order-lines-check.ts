import { median } from '../../ml/descriptive.js';
import { summarizeNumeric } from '../distribution.js';
import { displayValue } from '../quality-report.js';
import type { OrderLineQualityRow } from '../ports.js';
import { fenceText, fitLogFences, outsideFences } from './log-fences.js';
import { createSection, type RuleDefinitions } from './section.js';
import type { SourceQualityReport } from './types.js';

export const orderLineRules = {
  'quantity:non_positive':
    'A line of an order (not a cancellation or adjustment) with a quantity of zero or less.',
  'quantity:outlier':
    'A positive quantity on an order line outside MAD fences (modified z-score 3.5) fitted on log10 of every such quantity, widened to at least ×/÷10 around the median.',
  'unit_price:non_positive': 'A line of any kind with a unit price of zero or less.',
  'unit_price:outlier':
    "A positive unit price on an order line whose ratio to the product's reference price (its catalog price, else the median price of its order lines) lies outside MAD fences fitted on log10 of every such ratio, widened to at least ×/÷10.",
} as const satisfies RuleDefinitions;

const NOTES = [
  'Quantity and unit-price fences are fitted on and applied to lines of kind order; cancellations mirror the lines they cancel.',
  'A unit price is judged against its own product, not against all prices: €500 is absurd for a €5 mug and ordinary for a sofa.',
];

export interface OrderLineCheck {
  add(rows: readonly OrderLineQualityRow[]): void;
  /** `catalogPrices`: positive catalog prices by product id. */
  build(catalogPrices: ReadonlyMap<string, number>): SourceQualityReport;
}

const lineId = (l: OrderLineQualityRow) => `${l.orderId}/${l.lineNo}`;

export function createOrderLineCheck(maxExamples: number): OrderLineCheck {
  const section = createSection('orderLines', maxExamples, orderLineRules);
  /** Lines of kind `order`, the only ones the outlier fences judge, and their row numbers among all lines. */
  const orderLines: OrderLineQualityRow[] = [];
  const orderRows: number[] = [];
  let rows = 0;

  return {
    add(batch) {
      for (const l of batch) {
        const example = { row: rows, id: lineId(l), note: `product ${l.productId}` };
        if (l.unitPrice <= 0)
          section.touch('unit_price:non_positive', {
            ...example,
            column: 'unit_price',
            before: displayValue(l.unitPrice),
          });
        if (l.kind === 'order') {
          if (l.quantity <= 0)
            section.touch('quantity:non_positive', {
              ...example,
              column: 'quantity',
              before: displayValue(l.quantity),
            });
          orderLines.push(l);
          orderRows.push(rows);
        }
        rows++;
      }
    },

    build(catalogPrices) {
      const linePrices = new Map<string, number[]>();
      for (const l of orderLines) {
        if (l.unitPrice <= 0 || catalogPrices.has(l.productId)) continue;
        const list = linePrices.get(l.productId);
        if (list) list.push(l.unitPrice);
        else linePrices.set(l.productId, [l.unitPrice]);
      }
      const medians = new Map([...linePrices].map(([id, list]) => [id, median(list)]));
      const reference = (l: OrderLineQualityRow) =>
        catalogPrices.get(l.productId) ?? medians.get(l.productId) ?? NaN;
      const ratio = (l: OrderLineQualityRow) => (l.unitPrice > 0 ? l.unitPrice / reference(l) : NaN);

      const quantityFences = fitLogFences(
        orderLines.map((l) => l.quantity),
        'quantity',
      );
      const priceFences = fitLogFences(orderLines.map(ratio), 'unit_price / reference price');
      const quantityAfter: (number | null)[] = [];
      const priceAfter: (number | null)[] = [];
      orderLines.forEach((l, i) => {
        const example = { row: orderRows[i] as number, id: lineId(l) };
        const quantityOut = l.quantity > 0 && outsideFences(l.quantity, quantityFences);
        if (quantityOut)
          section.touch('quantity:outlier', {
            ...example,
            column: 'quantity',
            before: displayValue(l.quantity),
            note: `product ${l.productId}; outside ${fenceText(quantityFences)}`,
          });
        const r = ratio(l);
        const priceOut = Number.isFinite(r) && outsideFences(r, priceFences);
        if (priceOut)
          section.touch('unit_price:outlier', {
            ...example,
            column: 'unit_price',
            before: displayValue(l.unitPrice),
            note: `product ${l.productId} at ${Number(reference(l).toPrecision(6))}; ratio ${Number(r.toPrecision(4))} outside ${fenceText(priceFences)}`,
          });
        quantityAfter.push(quantityOut || l.quantity <= 0 ? null : l.quantity);
        priceAfter.push(priceOut || l.unitPrice <= 0 ? null : l.unitPrice);
      });
      section.column(
        'quantity',
        summarizeNumeric(orderLines.map((l) => l.quantity)),
        summarizeNumeric(quantityAfter),
      );
      section.column(
        'unit_price',
        summarizeNumeric(orderLines.map((l) => l.unitPrice)),
        summarizeNumeric(priceAfter),
      );
      return section.build(
        rows,
        { 'quantity:outlier': { fences: quantityFences }, 'unit_price:outlier': { fences: priceFences } },
        NOTES,
      );
    },
  };
}
