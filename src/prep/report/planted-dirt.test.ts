import { describe, expect, it } from 'vitest';
import { generateShop } from '../../demo/index.js';
import { createCustomerCheck } from './customers-check.js';
import { createOrderLineCheck } from './order-lines-check.js';
import { createProductCheck } from './products-check.js';
import { touchedIn } from './section.js';

/**
 * The checks against the dirt the demo generator plants, on its rows as the importer stores them (text as written,
 * blanks left out), over several seeds. The e2e test does the same through the CLI and the database for one seed.
 */
describe.each([1, 3, 9, 17])('checks against the demo’s planted dirt, seed %i', (seed) => {
  const shop = generateShop({
    customers: 400,
    days: 90,
    seed,
    endDate: Date.parse('2026-10-31T23:59:59.999Z'),
  });
  const planted = shop.truth.planted.counts;

  it('finds exactly the planted customer dirt', () => {
    const check = createCustomerCheck(0);
    check.add(
      shop.customers.map((c) => ({
        id: c.user_id,
        traits: { country: c.country, ...(c.city ? { city: c.city } : {}) },
        pii: {
          email: c.email,
          ...(c.phone ? { phone: c.phone } : {}),
          first_name: c.first_name,
          last_name: c.last_name,
        },
      })),
    );
    const r = check.build();
    expect({
      malformedEmails: touchedIn(r, 'email:malformed'),
      messyEmails: touchedIn(r, 'email:normalized'),
      malformedPhones: touchedIn(r, 'phone:malformed'),
      reformattedPhones: touchedIn(r, 'phone:reformatted'),
      missingPhones: touchedIn(r, 'phone:missing'),
      missingCities: touchedIn(r, 'city:missing'),
      miscasedNames: touchedIn(r, 'first_name:miscased') + touchedIn(r, 'last_name:miscased'),
    }).toEqual({
      malformedEmails: planted.malformedEmails,
      messyEmails: planted.messyEmails,
      malformedPhones: planted.malformedPhones,
      reformattedPhones: planted.reformattedPhones,
      missingPhones: planted.missingPhones,
      missingCities: planted.missingCities,
      miscasedNames: planted.miscasedNames,
    });
    expect(touchedIn(r, 'country:invalid') + touchedIn(r, 'email:missing')).toBe(0);
  });

  it('finds exactly the planted product and order-line dirt', () => {
    const products = createProductCheck(0);
    products.add(shop.products);
    const p = products.build();
    expect(touchedIn(p, 'description:missing')).toBe(planted.productsWithoutDescription);
    const lines = createOrderLineCheck(0);
    lines.add(
      shop.orderLines.map((l, i) => ({
        orderId: l.order_id,
        lineNo: i,
        productId: l.product_id,
        kind: l.kind,
        quantity: l.quantity,
        unitPrice: l.unit_price,
      })),
    );
    const o = lines.build(products.prices());
    expect([touchedIn(o, 'quantity:outlier'), touchedIn(o, 'unit_price:outlier')]).toEqual([
      planted.quantityOutliers,
      planted.priceOutliers,
    ]);
  });
});
