import type { Tabular } from '../ml/index.js';
import type {
  AccumulatedProfiles,
  ComputedTraitDefinition,
  FeatureRegistry,
  ProfileSource,
} from '../profiles/index.js';
import {
  capOrderValues,
  orderValue,
  orderValueCap,
  summarizePurchases,
  type ClvSummary,
  type PlacedOrder,
} from './clv-summary.js';
import { buildFrame, type FrameColumn } from './frame.js';

/** The purchase summary columns the GBDT gets beside the profile features (BG/NBD's inputs and order value). */
const SUMMARY_COLUMNS: readonly { name: string; value: (s: ClvSummary) => number }[] = [
  { name: 'clv_summary.frequency', value: (s) => s.frequency },
  { name: 'clv_summary.recency_days', value: (s) => s.recency },
  { name: 'clv_summary.age_days', value: (s) => s.age },
  { name: 'clv_summary.average_order_value', value: (s) => s.spend / s.orders },
];

export type FrameDeps = { features: FeatureRegistry; computedTraits: readonly ComputedTraitDefinition[] };

/** The customers a spend model is asked about at one cutoff, with their purchase summaries. */
export interface ClvPopulation {
  /**
   * Customers with at least one order up to the cutoff, sorted: the ones BG/NBD can describe (its clock starts
   * at a customer's first purchase) and the ones a spend model is asked about. Customers yet to buy are not.
   */
  ids: string[];
  summaries: ClvSummary[];
  /**
   * Every order with the customer ids as profiles resolve them at this cutoff and its value capped at `valueCap`
   * (for the spend after the cutoff too: labels are cleaned by what was known at the cutoff).
   */
  orders: PlacedOrder[];
  /** The order value cap fitted on the orders up to the cutoff (`orderValueCap`). */
  valueCap: number | null;
}

/** The customers and model inputs at one cutoff. */
export interface ClvInputs extends ClvPopulation {
  table: Tabular;
  /** The feature columns of the frame (without the summary columns, which are always the same). */
  featureColumns: FrameColumn[];
}

/**
 * The population as of `cutoff` from the imported customer ids as profiles resolve them at that time
 * (`importedCustomerIdsAt`) and the placed orders (any of them: those after the cutoff are ignored).
 */
export function clvPopulationAt(
  importedId: ReadonlyMap<string, string>,
  placed: readonly PlacedOrder[],
  cutoff: number,
): ClvPopulation {
  const mapped = placed.map((o) => ({ ...o, customerId: importedId.get(o.customerId) ?? o.customerId }));
  const valueCap = orderValueCap(mapped.filter((o) => o.placedAt <= cutoff).map((o) => o.value));
  const orders = capOrderValues(mapped, valueCap);
  const byCustomer = summarizePurchases(orders, cutoff);
  const ids = [...byCustomer.keys()].sort();
  const summaries = ids.map((id) => byCustomer.get(id) as ClvSummary);
  return { ids, summaries, orders, valueCap };
}

/**
 * The GBDT's inputs for a population: the profile features and computed traits from accumulators replayed to the
 * same cutoff, then the purchase summary columns. `featureColumns` fixes the frame's columns.
 */
export function clvTable(
  accs: AccumulatedProfiles['accs'],
  population: ClvPopulation,
  cutoff: number,
  deps: FrameDeps,
  featureColumns?: readonly FrameColumn[],
): { table: Tabular; featureColumns: FrameColumn[] } {
  const { frame, columns } = buildFrame(accs, population.ids, cutoff, deps, featureColumns);
  const table: Tabular = {
    rows: frame.table.rows,
    columns: [
      ...frame.table.columns,
      ...SUMMARY_COLUMNS.map((c) => ({
        name: c.name,
        kind: 'numeric' as const,
        values: Float64Array.from(population.summaries, c.value),
      })),
    ],
  };
  return { table, featureColumns: columns };
}

/**
 * Inputs as of `cutoff` from accumulators built with the same time and the placed orders (any of them: those after
 * the cutoff are ignored), so nothing after the cutoff reaches them. `featureColumns` fixes the frame's columns.
 */
export function clvInputsAt(
  acc: AccumulatedProfiles,
  placed: readonly PlacedOrder[],
  cutoff: number,
  deps: FrameDeps,
  featureColumns?: readonly FrameColumn[],
): ClvInputs {
  const population = clvPopulationAt(acc.importedId, placed, cutoff);
  return { ...population, ...clvTable(acc.accs, population, cutoff, deps, featureColumns) };
}

/** The placed orders of known customers up to `until` (cancellations and adjustments left out), with their value. */
export async function readPlacedOrders(source: ProfileSource, until: number): Promise<PlacedOrder[]> {
  const placed: PlacedOrder[] = [];
  for await (const page of source.orders(until))
    for (const o of page)
      if (o.customerId !== null && o.kind === 'order')
        placed.push({ customerId: o.customerId, placedAt: o.placedAt, value: orderValue(o) });
  return placed;
}

/** The GBDT's columns: the feature columns of its frame, then the purchase summary columns. */
export function clvColumns(featureColumns: readonly FrameColumn[]): FrameColumn[] {
  return [...featureColumns, ...SUMMARY_COLUMNS.map((c) => ({ name: c.name, kind: 'numeric' as const }))];
}
