import type { OrderStats } from './order-stats.js';
import type { ProfileState } from './profile-state.js';
import type { ReviewStats } from './review-stats.js';
import type { SupportStats } from './support-stats.js';

export type FeatureValue = number | string | string[] | Record<string, number> | null;
export type FeatureType = 'number' | 'string' | 'string[]' | 'map';

/** Everything a feature may read about one customer. */
export interface FeatureContext {
  state: ProfileState;
  orders: OrderStats;
  reviews: ReviewStats;
  support: SupportStats;
  /** When the customer became known (sign-up or first import), if recorded. */
  createdAt: number | null;
  asOf: number;
}

export interface FeatureDefinition {
  name: string;
  type: FeatureType;
  description: string;
  /** The module that contributes it (`profiles`, later `text`, `ml`, …). */
  source: string;
  compute(ctx: FeatureContext): FeatureValue;
}

/** The definer of a module's features: `const feature = featuresOf('text')`, then `feature(name, type, …)`. */
export function featuresOf(source: string) {
  return (
    name: string,
    type: FeatureType,
    description: string,
    compute: (c: FeatureContext) => FeatureValue,
  ): FeatureDefinition => ({ name, type, description, source, compute });
}

/** The feature registry: profiles registers the behavioural features; later modules add their own. */
export interface FeatureRegistry {
  register(definition: FeatureDefinition): void;
  definitions(): readonly FeatureDefinition[];
  /** Name → type, for validating segment rules. */
  catalog(): Record<string, FeatureType>;
  computeAll(ctx: FeatureContext): Record<string, FeatureValue>;
}

/**
 * @example
 * const registry = createFeatureRegistry(defaultFeatures);
 * registry.register({ name: 'sentiment_avg', type: 'number', description: '…', source: 'text', compute });
 */
export function createFeatureRegistry(initial: readonly FeatureDefinition[] = []): FeatureRegistry {
  const byName = new Map<string, FeatureDefinition>();
  const registry: FeatureRegistry = {
    register(definition) {
      if (!/^[a-z][a-z0-9_]{0,63}$/.test(definition.name))
        throw new Error(`feature name ${JSON.stringify(definition.name)} is not lower snake_case`);
      if (byName.has(definition.name)) throw new Error(`feature ${definition.name} is already registered`);
      byName.set(definition.name, definition);
    },
    definitions: () => [...byName.values()],
    catalog: () => Object.fromEntries([...byName.values()].map((d) => [d.name, d.type])),
    computeAll(ctx) {
      const out: Record<string, FeatureValue> = {};
      for (const d of byName.values()) out[d.name] = d.compute(ctx);
      return out;
    },
  };
  for (const d of initial) registry.register(d);
  return registry;
}
