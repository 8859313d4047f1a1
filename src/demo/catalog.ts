import type { Rng } from '../shared/index.js';
import { categorySpecs, colours, type CategorySpec } from './catalog-words.js';
import { DAY, HOUR, iso, type TimeWindow } from './calendar.js';
import { clamp, logNormal, uniform } from './distributions.js';
import type { DemoProductRow } from './types.js';

/** A product with the hidden parameters that drive behaviour (popularity, quality). */
export interface CatalogProduct {
  id: string;
  name: string;
  category: number;
  subcategory: string;
  /** What the thing is ("wrap dress"), for text that talks about it. */
  noun: string;
  brand: string;
  description: string;
  price: number;
  stock: number;
  createdMs: number;
  /** Relative draw, log-normal: a few best sellers, a long tail. */
  popularity: number;
  /** 0 … 1; how pleased buyers are, which reviews and returns follow. */
  quality: number;
  /** Covered by the two-year electronics warranty. */
  warranty: boolean;
  /** The product page's path on the shop's site. */
  path: string;
}

export interface Catalog {
  specs: readonly CategorySpec[];
  categories: string[];
  products: CatalogProduct[];
  byCategory: CatalogProduct[][];
  medianPrice: number[];
}

function roundPrice(p: number): number {
  if (p < 100) return Math.max(1, Math.round(p)) - 0.01;
  return Math.round(p / 5) * 5 - 0.01;
}

function describe(
  rng: Rng,
  spec: CategorySpec,
  adjective: string,
  noun: string,
  material: string,
  brand: string,
) {
  const first = `A ${adjective.toLowerCase()} ${noun.toLowerCase()} by ${brand}, made from ${material}.`;
  const a = rng.pick(spec.features);
  let b = rng.pick(spec.features);
  if (b === a) b = spec.features[(spec.features.indexOf(a) + 1) % spec.features.length] ?? a;
  return `${first} ${a} ${b} ${rng.pick(spec.care)}`;
}

function categoryOf(rng: Rng, i: number): number {
  if (i < categorySpecs.length) return i;
  return rng.weighted(
    categorySpecs.map((_, c) => c),
    categorySpecs.map((s) => s.weight),
  );
}

/** A few hundred products over ~10 categories; names and descriptions assembled from the word lists. */
export function generateCatalog(rng: Rng, count: number, window: TimeWindow): Catalog {
  const products: CatalogProduct[] = [];
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const category = categoryOf(rng, i);
    const spec = categorySpecs[category] as CategorySpec;
    const sub = rng.pick(spec.subcategories);
    const noun = rng.pick(sub.nouns);
    const adjective = rng.pick(spec.adjectives);
    const material = rng.pick(spec.materials);
    const brand = rng.pick(spec.brands);
    let name = `${brand} ${adjective} ${noun}, ${rng.pick(colours)}`;
    for (let k = 2; names.has(name); k++) name = `${brand} ${adjective} ${noun} ${k}, ${rng.pick(colours)}`;
    names.add(name);
    const newArrival = rng.bool(0.15);
    const createdMs = Math.floor(
      newArrival
        ? uniform(rng, window.start + DAY, Math.max(window.start + DAY, window.end - DAY))
        : window.start + rng.next() * 2 * HOUR,
    );
    const id = `${spec.code}-${10001 + i}`;
    products.push({
      id,
      name,
      category,
      subcategory: sub.name,
      noun: noun.toLowerCase(),
      brand,
      description: describe(rng, spec, adjective, noun, material, brand),
      price: roundPrice(logNormal(rng, spec.medianPrice, spec.priceSigma)),
      stock: rng.bool(0.07) ? 0 : Math.max(1, Math.round(logNormal(rng, 40, 0.9))),
      createdMs,
      popularity: logNormal(rng, 1, 0.8),
      quality: clamp(rng.normal(0.7, 0.15), 0.05, 1),
      warranty: spec.code === 'EL',
      path: `/products/${id}`,
    });
  }
  const byCategory = categorySpecs.map((_, c) => products.filter((p) => p.category === c));
  const medianPrice = byCategory.map((list, c) => {
    const prices = list.map((p) => p.price).sort((a, b) => a - b);
    return prices[Math.floor(prices.length / 2)] ?? categorySpecs[c]?.medianPrice ?? 1;
  });
  return {
    specs: categorySpecs,
    categories: categorySpecs.map((s) => s.name),
    products,
    byCategory,
    medianPrice,
  };
}

export function productRow(catalog: Catalog, p: CatalogProduct): DemoProductRow {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    category: catalog.categories[p.category] ?? '',
    subcategory: p.subcategory,
    price: p.price,
    currency: 'EUR',
    stock: p.stock,
    brand: p.brand,
    created_at: iso(p.createdMs),
  };
}
