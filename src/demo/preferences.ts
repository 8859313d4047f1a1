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
  /** Chance that `category` returns this category: the odds behind the draw, for the hidden truth. */
  categoryChance(category: number): number;
  /**
   * Chance that one view of `category` at `atMs` puts a product into an empty cart: `product` finds one, and
   * `addProbability × boost` takes it. The odds behind the draws, for the hidden truth.
   */
  addChance(category: number, atMs: number, boost: number): number;
  /**
   * Per product of `category` (in `catalog.byCategory` order): the chance that one view of the category puts that
   * product into an empty cart at `atMs` (0 for products that do not exist yet). They sum to `addChance(…, 1)`.
   */
  productChances(category: number, atMs: number): Float64Array;
}

/** Draws `product` makes before giving up on finding one that exists yet. */
const PRODUCT_ATTEMPTS = 4;

const neutral = (catalog: Catalog): Tastes['affinities'] => {
  const total = catalog.products.length || 1;
  return catalog.byCategory.map((list) => list.length / total);
};

export function createPicker(catalog: Catalog, tastes: Tastes | null): ProductPicker {
  const affinities = tastes?.affinities ?? neutral(catalog);
  const sensitivity = tastes?.priceSensitivity ?? 0.5;
  const base = neutral(catalog);
  // Mostly taste, a little of whatever the shop puts in front of everyone.
  const categoryWeights = affinities.map((a, c) => 0.85 * a + 0.15 * (base[c] ?? 0));
  const categoryCum = cumulative(categoryWeights);
  const categoryTotal = categoryCum[categoryCum.length - 1] ?? 0;
  // Price-sensitive people lean to the cheap end of a category; indifferent ones slightly to the dear end.
  const elasticity = 2.5 * (sensitivity - 0.3);
  const productCum = catalog.byCategory.map((list, c) =>
    cumulative(
      list.map((p) => p.popularity * Math.pow(p.price / (catalog.medianPrice[c] ?? p.price), -elasticity)),
    ),
  );
  const addProbability = (p: CatalogProduct): number => {
    if (p.stock <= 0) return 0;
    const fit = Math.pow(p.price / (catalog.medianPrice[p.category] ?? p.price), -elasticity * 0.5);
    return clamp((0.05 + 0.55 * (affinities[p.category] ?? 0)) * (0.6 + 0.6 * p.quality) * fit, 0, 0.7);
  };
  // Per category: each product's share of `product`'s draws and its `addProbability`, worked out when first asked.
  const oddsCache = new Map<number, { share: Float64Array; add: Float64Array }>();
  const odds = (category: number): { share: Float64Array; add: Float64Array } => {
    let cached = oddsCache.get(category);
    if (cached === undefined) {
      const list = catalog.byCategory[category] ?? [];
      const cum = productCum[category] ?? new Float64Array(0);
      const total = cum[cum.length - 1] ?? 0;
      cached = {
        share: Float64Array.from(list, (_, i) =>
          total > 0 ? ((cum[i] ?? 0) - (i > 0 ? (cum[i - 1] ?? 0) : 0)) / total : 0,
        ),
        add: Float64Array.from(list, addProbability),
      };
      oddsCache.set(category, cached);
    }
    return cached;
  };
  return {
    category: (rng) => pickIndex(rng, categoryCum),
    product: (rng, category, atMs) => {
      const list = catalog.byCategory[category];
      const cum = productCum[category];
      if (!list || !cum || list.length === 0) return null;
      for (let attempt = 0; attempt < PRODUCT_ATTEMPTS; attempt++) {
        const p = list[pickIndex(rng, cum)];
        if (p && p.createdMs <= atMs) return p;
      }
      return null;
    },
    addProbability,
    affinity: (c) => affinities[c] ?? 0,
    categoryChance: (c) => (categoryTotal > 0 ? Math.max(0, categoryWeights[c] ?? 0) / categoryTotal : 0),
    addChance: (category, atMs, boost) => {
      const list = catalog.byCategory[category] ?? [];
      const { share, add } = odds(category);
      // `product` draws up to PRODUCT_ATTEMPTS times until it hits one that exists at `atMs`.
      let existing = 0;
      let taken = 0;
      for (let i = 0; i < list.length; i++) {
        if ((list[i]?.createdMs ?? Infinity) > atMs) continue;
        const s = share[i] ?? 0;
        existing += s;
        taken += s * Math.min(1, (add[i] ?? 0) * boost);
      }
      if (existing <= 0) return 0;
      return (taken * (1 - Math.pow(1 - existing, PRODUCT_ATTEMPTS))) / existing;
    },
    productChances: (category, atMs) => {
      const list = catalog.byCategory[category] ?? [];
      const { share, add } = odds(category);
      const out = new Float64Array(list.length);
      let existing = 0;
      for (let i = 0; i < list.length; i++)
        if ((list[i]?.createdMs ?? Infinity) <= atMs) existing += share[i] ?? 0;
      if (existing <= 0) return out;
      const reach = (1 - Math.pow(1 - existing, PRODUCT_ATTEMPTS)) / existing;
      for (let i = 0; i < list.length; i++)
        if ((list[i]?.createdMs ?? Infinity) <= atMs)
          out[i] = (share[i] ?? 0) * Math.min(1, add[i] ?? 0) * reach;
      return out;
    },
  };
}
