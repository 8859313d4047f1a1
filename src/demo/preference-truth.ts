import { worldOf } from './demand-truth.js';
import { createPicker } from './preferences.js';
import type { DemoShop } from './types.js';

/** What each customer truly prefers, as of a time: the generator's own odds. */
export interface PreferenceTruth {
  /** The products that exist at `asOf`, in catalogue order. */
  productIds: string[];
  /**
   * userId → per product (`productIds` order): the chance that one browsing view ends with that product in the cart,
   * from the customer's hidden tastes (category affinity, price sensitivity) and the product's popularity, price and
   * quality. Customers who sign up after `asOf` are left out.
   */
  customers: Map<string, Float64Array>;
}

/**
 * The hidden product preferences of the demo shop's customers, for scoring recommenders (graded relevance); the
 * engine never sees them. Built from the generator's world for the shop's options, so it must be the shop's own.
 */
export function preferenceTruth(shop: DemoShop, options: { asOf: number }): PreferenceTruth {
  const world = worldOf(shop);
  const { asOf } = options;
  const existing = world.catalog.products.filter((p) => p.createdMs <= asOf);
  const column = new Map(existing.map((p, i) => [p.id, i]));
  const customers = new Map<string, Float64Array>();
  for (const s of world.shoppers) {
    if (s.createdMs > asOf) continue;
    const picker = createPicker(world.catalog, s.tastes);
    const prefs = new Float64Array(existing.length);
    world.catalog.byCategory.forEach((list, c) => {
      const chances = picker.productChances(c, asOf);
      const pc = picker.categoryChance(c);
      list.forEach((p, i) => {
        const at = column.get(p.id);
        if (at !== undefined) prefs[at] = pc * (chances[i] ?? 0);
      });
    });
    customers.set(s.userId, prefs);
  }
  return { productIds: existing.map((p) => p.id), customers };
}
