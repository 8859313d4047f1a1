import type { Rng } from '../shared/index.js';
import type { Catalog, CatalogProduct } from './catalog.js';
import { clamp, cumulative, pickIndex } from './distributions.js';
import type { Tastes } from './tastes.js';

/** How one person browses the catalog: category by affinity, product by popularity and price fit. */
export interface ProductPicker {
  category(rng: Rng): number;
  /** A product of the category that exists at `atMs`, or null when none could be found. */
  product(rng: Rng, category: number, atMs: number): CatalogProduct | null;
  /** Chance that viewing this product ends with it in the cart. */
  addProbability(product: CatalogProduct): number;
  affinity(category: number): number;
}

const neutral = (catalog: Catalog): Tastes['affinities'] => {
  const total = catalog.products.length || 1;
  return catalog.byCategory.map((list) => list.length / total);
};

export function createPicker(catalog: Catalog, tastes: Tastes | null): ProductPicker {
  const affinities = tastes?.affinities ?? neutral(catalog);
  const sensitivity = tastes?.priceSensitivity ?? 0.5;
  const base = neutral(catalog);
  // Mostly taste, a little of whatever the shop puts in front of everyone.
  const categoryCum = cumulative(affinities.map((a, c) => 0.85 * a + 0.15 * (base[c] ?? 0)));
  // Price-sensitive people lean to the cheap end of a category; indifferent ones slightly to the dear end.
  const elasticity = 2.5 * (sensitivity - 0.3);
  const productCum = catalog.byCategory.map((list, c) =>
    cumulative(
      list.map((p) => p.popularity * Math.pow(p.price / (catalog.medianPrice[c] ?? p.price), -elasticity)),
    ),
  );
  return {
    category: (rng) => pickIndex(rng, categoryCum),
    product: (rng, category, atMs) => {
      const list = catalog.byCategory[category];
      const cum = productCum[category];
      if (!list || !cum || list.length === 0) return null;
      for (let attempt = 0; attempt < 4; attempt++) {
        const p = list[pickIndex(rng, cum)];
        if (p && p.createdMs <= atMs) return p;
      }
      return null;
    },
    addProbability: (p) => {
      if (p.stock <= 0) return 0;
      const fit = Math.pow(p.price / (catalog.medianPrice[p.category] ?? p.price), -elasticity * 0.5);
      return clamp((0.05 + 0.55 * (affinities[p.category] ?? 0)) * (0.6 + 0.6 * p.quality) * fit, 0, 0.7);
    },
    affinity: (c) => affinities[c] ?? 0,
  };
}
