import type { Tabular, TabularColumn } from '../ml/index.js';
import {
  emptyTraitState,
  traitStateOf,
  traitValue,
  type ComputedTraitDefinition,
  type FeatureRegistry,
  type FeatureValue,
  type ProfileAccumulator,
} from '../profiles/index.js';

/** A model input column: a feature, one key of a map feature (`name.key`), or a computed trait (`computed.name`). */
export interface FrameColumn {
  name: string;
  kind: 'numeric' | 'categorical';
}

/** Customers × model inputs as of one time, with the customer ids in row order. */
export interface FeatureFrame {
  asOf: number;
  customerIds: string[];
  table: Tabular;
}

type Values = Record<string, FeatureValue | string | number | boolean | null>;

/** Every model input of one customer as of `asOf`, flattened (map features as one number per key). */
function inputsOf(
  a: ProfileAccumulator,
  asOf: number,
  features: FeatureRegistry,
  computedTraits: readonly ComputedTraitDefinition[],
): Values {
  const out: Values = {};
  const computed = features.computeAll({
    state: a.profile,
    orders: a.orders,
    reviews: a.reviews,
    support: a.support,
    createdAt: a.createdAt,
    asOf,
  });
  for (const [name, value] of Object.entries(computed)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      for (const [key, share] of Object.entries(value)) out[`${name}.${key}`] = share;
    else if (!Array.isArray(value)) out[name] = value;
  }
  for (const def of computedTraits)
    out[`computed.${def.name}`] = traitValue(
      def,
      traitStateOf(a.computed, def.name) ?? emptyTraitState(),
      asOf,
    );
  return out;
}

/**
 * The columns a frame has: numbers and strings of the features and computed traits seen on these customers, map
 * features spread over the keys seen (sorted), arrays left out. A model keeps its columns and reuses them to score.
 */
export function frameColumns(rows: readonly Values[]): FrameColumn[] {
  const kinds = new Map<string, 'numeric' | 'categorical'>();
  for (const row of rows)
    for (const [name, value] of Object.entries(row)) {
      if (value === null || value === undefined) {
        if (!kinds.has(name)) kinds.set(name, 'numeric');
        continue;
      }
      if (typeof value === 'number') {
        if (!kinds.has(name)) kinds.set(name, 'numeric');
      } else kinds.set(name, 'categorical');
    }
  return [...kinds].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([name, kind]) => ({ name, kind }));
}

/**
 * A feature frame of the accumulators as of `asOf` (built by `accumulateProfiles` with the same time, so nothing
 * after it is in them). `columns` fixes the model inputs (a trained model's); without it they come from the data.
 * A map key a customer lacks reads as 0 (no interactions); any other missing value is missing.
 */
export function buildFrame(
  accs: ReadonlyMap<string, ProfileAccumulator>,
  customerIds: readonly string[],
  asOf: number,
  deps: { features: FeatureRegistry; computedTraits: readonly ComputedTraitDefinition[] },
  columns?: readonly FrameColumn[],
): { frame: FeatureFrame; columns: FrameColumn[] } {
  const rows = customerIds.map((id) => {
    const a = accs.get(id);
    if (!a) throw new Error(`no accumulator for ${id}`);
    return inputsOf(a, asOf, deps.features, deps.computedTraits);
  });
  const mapKeys = new Set(
    deps.features
      .definitions()
      .filter((d) => d.type === 'map')
      .map((d) => d.name),
  );
  const isMapKey = (name: string) => mapKeys.has(name.split('.')[0] as string) && name.includes('.');
  const cols = columns ? [...columns] : frameColumns(rows);
  const tableColumns = cols.map((c): TabularColumn => {
    if (c.kind === 'numeric') {
      const values = new Float64Array(rows.length);
      rows.forEach((row, i) => {
        const v = row[c.name];
        values[i] =
          typeof v === 'number' && Number.isFinite(v) ? v : v === undefined && isMapKey(c.name) ? 0 : NaN;
      });
      return { name: c.name, kind: 'numeric', values };
    }
    return {
      name: c.name,
      kind: 'categorical',
      values: rows.map((row) => {
        const v = row[c.name];
        return v === null || v === undefined ? null : String(v);
      }),
    };
  });
  return {
    frame: { asOf, customerIds: [...customerIds], table: { rows: rows.length, columns: tableColumns } },
    columns: cols,
  };
}
