import { isMissing } from '../cells.js';
import { summarizeNumeric } from '../distribution.js';
import { displayValue } from '../quality-report.js';
import type { ProductQualityRow } from '../ports.js';
import { fenceText, fitLogFences, outsideFences } from './log-fences.js';
import { createSection, type RuleDefinitions } from './section.js';
import type { RuleFences, SourceQualityReport } from './types.js';

/** A category needs this many priced products for fences of its own; smaller ones use the catalog-wide fences. */
export const MIN_CATEGORY_SIZE = 10;

export const productRules = {
  'name:missing': 'No product name, or a blank one.',
  'description:missing': 'No description, or a blank one.',
  'category:missing': 'No category, or a blank one.',
  'price:missing': 'No price.',
  'price:non_positive': 'A price of zero or less.',
  'price:outlier': `A positive price outside MAD fences (modified z-score 3.5) fitted on log10 of the positive prices of its category (of the whole catalog for categories under ${MIN_CATEGORY_SIZE} priced products), widened to at least ×/÷10 around the median.`,
} as const satisfies RuleDefinitions;

export interface ProductCheck {
  add(rows: readonly ProductQualityRow[]): void;
  /** Catalog prices by product id (positive ones), for judging order-line prices. */
  prices(): ReadonlyMap<string, number>;
  build(): SourceQualityReport;
}

/** Catalog-wide fences, and fences per category large enough to have its own. */
function fitPriceFences(products: readonly { category: string; price: number }[]): {
  fences: RuleFences;
  of: (category: string) => RuleFences;
} {
  const fences = fitLogFences(
    products.map((p) => p.price),
    'price',
  );
  const byCategory = new Map<string, number[]>();
  for (const p of products) {
    const list = byCategory.get(p.category);
    if (list) list.push(p.price);
    else byCategory.set(p.category, [p.price]);
  }
  const own = new Map<string, RuleFences>();
  for (const [category, prices] of byCategory)
    if (category !== '' && prices.length >= MIN_CATEGORY_SIZE)
      own.set(category, fitLogFences(prices, `price in ${category}`));
  const groups = Object.fromEntries(
    [...own].map(([c, f]) => [c, { lower: f.lower, upper: f.upper, fittedOn: f.fittedOn }]),
  );
  return {
    fences: own.size > 0 ? { ...fences, groups: { by: 'category', fences: groups } } : fences,
    of: (category) => own.get(category) ?? fences,
  };
}

/** Checks the catalog. Price fences are fitted once every product is in, so `build` comes last. */
export function createProductCheck(maxExamples: number): ProductCheck {
  const section = createSection('products', maxExamples, productRules);
  const rows: { id: string; category: string; price: number | null }[] = [];
  const prices = new Map<string, number>();

  function check(p: ProductQualityRow): void {
    const row = rows.length;
    const example = (column: string, value?: unknown) => ({
      row,
      id: p.id,
      column,
      ...(value === undefined ? {} : { before: displayValue(value) }),
    });
    if (isMissing(p.name)) section.touch('name:missing', example('name'));
    if (isMissing(p.description)) section.touch('description:missing', example('description'));
    if (isMissing(p.category)) section.touch('category:missing', example('category'));
    const price = isMissing(p.price) ? null : p.price;
    if (price === null) section.touch('price:missing', example('price'));
    else if (price <= 0) section.touch('price:non_positive', example('price', price));
    else prices.set(p.id, price);
    rows.push({ id: p.id, category: isMissing(p.category) ? '' : String(p.category).trim(), price });
  }

  return {
    add(batch) {
      for (const p of batch) check(p);
    },
    prices: () => prices,
    build() {
      const priced = rows.flatMap((r) =>
        r.price !== null && r.price > 0 ? [{ category: r.category, price: r.price }] : [],
      );
      const { fences, of } = fitPriceFences(priced);
      const after = rows.map(({ id, category, price }, row) => {
        if (price === null || price <= 0) return null;
        const own = of(category);
        if (!outsideFences(price, own)) return price;
        section.touch('price:outlier', {
          row,
          id,
          column: 'price',
          before: displayValue(price),
          note: `${category === '' ? 'no category' : category}: outside ${fenceText(own)}`,
        });
        return null;
      });
      section.column('price', summarizeNumeric(rows.map((r) => r.price)), summarizeNumeric(after));
      return section.build(rows.length, { 'price:outlier': { fences } });
    },
  };
}
