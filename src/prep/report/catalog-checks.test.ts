import { describe, expect, it } from 'vitest';
import type { OrderLineQualityRow, ProductQualityRow } from '../ports.js';
import { createOrderLineCheck } from './order-lines-check.js';
import { createProductCheck, MIN_CATEGORY_SIZE } from './products-check.js';
import { touchedIn } from './section.js';

function product(
  id: string,
  price: number | null,
  overrides: Partial<ProductQualityRow> = {},
): ProductQualityRow {
  return { id, name: `Product ${id}`, description: 'A thing.', category: 'Kitchen', price, ...overrides };
}

let n = 0;
function line(productId: string, quantity: number, unitPrice: number, kind = 'order'): OrderLineQualityRow {
  n += 1;
  return { orderId: `o${Math.floor(n / 3)}`, lineNo: n % 3, productId, kind, quantity, unitPrice };
}

describe('createProductCheck', () => {
  it('counts missing fields and non-positive prices', () => {
    const check = createProductCheck(5);
    check.add([
      product('a', 10),
      product('b', null, { description: '', category: null, name: ' ' }),
      product('c', 0, { description: null }),
      product('d', -2),
    ]);
    const r = check.build();
    expect(Object.fromEntries(r.rules.map((x) => [x.rule, x.touched]))).toEqual({
      'name:missing': 1,
      'description:missing': 2,
      'category:missing': 1,
      'price:missing': 1,
      'price:non_positive': 2,
      'price:outlier': 0,
    });
    expect(r.rules.find((x) => x.rule === 'description:missing')?.examples.map((e) => e.id)).toEqual([
      'b',
      'c',
    ]);
    expect([...check.prices()]).toEqual([['a', 10]]);
  });

  it('judges a price against its own category when the category is large enough', () => {
    const rows = [
      ...Array.from({ length: MIN_CATEGORY_SIZE }, (_, i) =>
        product(`tv${i}`, 500 + i * 50, { category: 'TV' }),
      ),
      ...Array.from({ length: MIN_CATEGORY_SIZE }, (_, i) => product(`mug${i}`, 5 + i, { category: 'Mugs' })),
      product('mug-gold', 900, { category: 'Mugs' }),
      product('odd', 0.0001, { category: 'Tiny' }),
    ];
    const check = createProductCheck(5);
    check.add(rows);
    const r = check.build();
    const rule = r.rules.find((x) => x.rule === 'price:outlier');
    // €900 is an ordinary TV price but no mug's; the lone 'Tiny' product is judged by the catalog-wide fences.
    expect(rule?.examples.map((e) => e.id)).toEqual(['mug-gold', 'odd']);
    expect(Object.keys(rule?.fences?.groups?.fences ?? {}).sort()).toEqual(['Mugs', 'TV']);
    const price = r.columns.find((c) => c.column === 'price');
    expect(price?.before.count).toBe(22);
    expect(price?.after.count).toBe(20);
    expect(price?.after.max).toBe(950);
  });
});

describe('createOrderLineCheck', () => {
  const catalog = new Map([
    ['mug', 5],
    ['sofa', 800],
  ]);

  it('flags absurd quantities and prices on order lines, and no ordinary ones', () => {
    const check = createOrderLineCheck(5);
    const ordinary = Array.from({ length: 60 }, (_, i) =>
      line(i % 2 ? 'mug' : 'sofa', 1 + (i % 4), i % 2 ? 5 : 800),
    );
    check.add([
      ...ordinary,
      line('mug', 2400, 5),
      line('mug', 1, 500), // a €5 mug at €500: ×100
      line('sofa', 1, 0.01), // the price of nothing
      line('sofa', 1, 500), // a sofa at €500: a sale, not an outlier
      line('mug', -2400, 5, 'cancellation'), // mirrors the absurd line; judged once, on the order
      line('mug', 0, 5),
      line('mug', 1, 0, 'adjustment'),
    ]);
    const r = check.build(catalog);
    expect(r.rows).toBe(67);
    const ids = (rule: string) => r.rules.find((x) => x.rule === rule)?.examples.map((e) => e.before);
    expect(touchedIn(r, 'quantity:outlier')).toBe(1);
    expect(ids('quantity:outlier')).toEqual(['2400']);
    expect(ids('unit_price:outlier')).toEqual(['500', '0.01']);
    expect(touchedIn(r, 'quantity:non_positive')).toBe(1);
    expect(touchedIn(r, 'unit_price:non_positive')).toBe(1);
    const fences = r.rules.find((x) => x.rule === 'quantity:outlier')?.fences;
    expect(fences).toMatchObject({ of: 'quantity', fittedOn: 64 });
    const quantity = r.columns.find((c) => c.column === 'quantity');
    expect(quantity?.before.max).toBe(2400);
    expect(quantity?.after.max).toBe(4);
  });

  it('uses the median line price of a product missing from the catalog', () => {
    const check = createOrderLineCheck(5);
    check.add([...Array.from({ length: 20 }, () => line('lamp', 1, 40)), line('lamp', 1, 4000)]);
    const r = check.build(new Map());
    expect(r.rules.find((x) => x.rule === 'unit_price:outlier')?.examples[0]?.note).toMatch(
      /product lamp at 40; ratio 100 outside \[0\.1, 10\]/,
    );
  });
});
