// A seeded synthetic shop for the serving benchmark: a catalogue of `items` products in 40 categories (lognormal
// prices, some out of stock, some new), `customers` customers who each lean towards one to three categories, and
// their orders over `days` days (Zipf popularity inside a category, some repeat purchases). Plain records as the
// product and order stores take them; customer ids are the userIds (the caller maps them to Rapport customer ids).
import { rngOf } from '../profiles/generate.js';

const DAY_MS = 86_400_000;
const CATEGORIES = 40;

const pad = (n, width) => String(n).padStart(width, '0');

/** A Zipf(s) sampler over 0..n-1 (cumulative weights, binary search). */
function zipfSampler(rand, n, s) {
  const c = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) c[i] = sum += 1 / (i + 1) ** s;
  return () => {
    const target = rand() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (c[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const normal = (rand) => Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12))) * Math.cos(2 * Math.PI * rand());

/**
 * @returns {{ products: object[], orders: object[], userIds: string[], endAt: number, lines: number }}
 */
export function generateServingShop({ items, customers, days, meanOrders, seed, endAt }) {
  const rand = rngOf(seed);
  const categories = Array.from({ length: CATEGORIES }, (_, c) => `category-${pad(c + 1, 2)}`);
  // Items: a category each; inside a category, items are ranked by a random permutation (rank 0 sells best).
  const byCategory = categories.map(() => []);
  const products = [];
  for (let i = 0; i < items; i++) {
    const c = Math.floor(rand() * CATEGORIES);
    const id = `sku-${pad(i + 1, 5)}`;
    byCategory[c].push(i);
    const created = rand() < 0.05 ? endAt - rand() * 30 * DAY_MS : endAt - (30 + rand() * 700) * DAY_MS;
    products.push({
      id,
      name: `Product ${pad(i + 1, 5)} of ${categories[c]}`,
      description: null,
      category: categories[c],
      price: Math.round(Math.exp(3.2 + 0.8 * normal(rand)) * 100) / 100,
      currency: 'EUR',
      stock: rand() < 0.05 ? 0 : 1 + Math.floor(rand() * 200),
      attributes: {},
      createdAt: Math.round(created),
      updatedAt: Math.round(created),
    });
  }
  for (const list of byCategory)
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
  const inCategory = byCategory.map((list) => zipfSampler(rand, Math.max(1, list.length), 0.9));
  const categoryPick = zipfSampler(rand, CATEGORIES, 0.6);

  const start = endAt - days * DAY_MS;
  const orders = [];
  const userIds = [];
  let lines = 0;
  for (let u = 0; u < customers; u++) {
    const userId = `user-${pad(u + 1, 5)}`;
    userIds.push(userId);
    // One to three favourite categories with weights; 15 % of lines go anywhere (overall popularity).
    const favourites = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => categoryPick());
    const orderCount = Math.max(1, Math.round(meanOrders * Math.exp(0.7 * normal(rand) - 0.245)));
    const bought = [];
    const times = Array.from({ length: orderCount }, () => start + rand() * days * DAY_MS).sort(
      (a, b) => a - b,
    );
    for (let o = 0; o < orderCount; o++) {
      const lineCount = 1 + Math.floor(rand() ** 2 * 5);
      const orderId = `ord-${pad(u + 1, 5)}-${pad(o + 1, 3)}`;
      const seen = new Set();
      const orderLines = [];
      for (let l = 0; l < lineCount; l++) {
        let item;
        if (bought.length > 0 && rand() < 0.15) item = bought[Math.floor(rand() * bought.length)];
        else {
          const c = rand() < 0.85 ? favourites[Math.floor(rand() * favourites.length)] : categoryPick();
          const list = byCategory[c];
          if (list.length === 0) continue;
          item = list[inCategory[c]() % list.length];
        }
        if (seen.has(item)) continue;
        seen.add(item);
        bought.push(item);
        const p = products[item];
        orderLines.push({
          orderId,
          lineNo: orderLines.length + 1,
          productId: p.id,
          description: p.name,
          quantity: 1 + Math.floor(rand() ** 3 * 3),
          unitPrice: p.price,
        });
      }
      if (orderLines.length === 0) continue;
      lines += orderLines.length;
      orders.push({
        id: orderId,
        customerId: userId,
        kind: 'order',
        placedAt: Math.round(times[o]),
        currency: 'EUR',
        country: 'DE',
        total: Math.round(orderLines.reduce((s, l) => s + l.quantity * l.unitPrice, 0) * 100) / 100,
        discount: 0,
        channel: 'web',
        source: 'bench',
        lines: orderLines,
      });
    }
  }
  orders.sort((a, b) => a.placedAt - b.placedAt);
  return { products, orders, userIds, categories, endAt, lines };
}
