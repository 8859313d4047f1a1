import { generateShop } from '../src/demo/index.js';
const endDate = Date.parse('2026-10-31T23:59:59.999Z');
for (let seed = 1; seed <= 30; seed++) {
  const t = performance.now();
  const shop = generateShop({ customers: 300, days: 60, seed, endDate });
  const c = shop.truth.planted.counts;
  console.log(seed, c.quantityOutliers, c.priceOutliers, c.miscasedNames, c.malformedEmails, shop.orderLines.length, Math.round(performance.now()-t));
}
