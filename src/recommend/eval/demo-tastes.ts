import { performance } from 'node:perf_hooks';
import { preferenceTruth, type DemoShop } from '../../demo/index.js';
import { gradedNdcgAtK } from '../graded-ndcg.js';
import { buildMatrixWithEntries, maxPerEntry } from '../matrix.js';
import { topK } from '../top-k.js';
import type { FittedRecommender, TrainInput } from '../types.js';
import { indexIds } from './eval-task.js';
import { seenItems } from './evaluate.js';

export interface TasteResult {
  model: string;
  trainSeconds: number;
  /** Mean NDCG at k with the customer's true preference as the gain (graded), purchased items left out. */
  ndcg: number;
}

export interface TasteReport {
  asOf: number;
  k: number;
  /** Customers scored: an order before `asOf` and a hidden taste profile. */
  users: number;
  /** Products that exist at `asOf`. */
  items: number;
  results: TasteResult[];
}

/** The demo shop's orders up to `asOf` as training data over the products that exist then (with their text). */
export function demoTrainInput(shop: DemoShop, asOf: number, productIds: readonly string[]) {
  const items = new Map(productIds.map((id, i) => [id, i]));
  const lines = shop.orderLines.filter(
    (l) => l.kind === 'order' && Date.parse(l.placed_at) <= asOf && items.has(l.product_id),
  );
  const people = indexIds(lines.map((l) => l.user_id));
  // One row per distinct (order, product): weights count the orders that held the product.
  const seen = new Set<string>();
  const rows: number[] = [];
  const cols: number[] = [];
  const times: number[] = [];
  for (const l of lines) {
    const key = `${l.order_id}\u0000${l.product_id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    rows.push(people.index.get(l.user_id) as number);
    cols.push(items.get(l.product_id) as number);
    times.push(Date.parse(l.placed_at));
  }
  const { matrix, entryOf } = buildMatrixWithEntries(people.ids.length, productIds.length, rows, cols);
  const byId = new Map(shop.products.map((p) => [p.id, p]));
  const input: TrainInput = {
    matrix,
    lastAt: maxPerEntry(entryOf, times, matrix.indices.length),
    asOf,
    itemText: productIds.map((id) => {
      const p = byId.get(id);
      return p ? [p.name, p.description ?? '', p.category, p.subcategory, p.brand].join(' ') : id;
    }),
  };
  return { input, userIds: people.ids };
}

/**
 * Recommenders on the demo shop scored against the customers' hidden tastes: each model trains on the orders up to
 * `asOf`, recommends k products each customer has not bought, and earns the customer's true preference for each
 * (`preferenceTruth`: the chance one browsing view ends with it in the cart), as graded NDCG at k.
 */
export function evaluateOnDemoTastes(
  shop: DemoShop,
  models: readonly { name: string; fit(input: TrainInput): FittedRecommender }[],
  options: { asOf: number; k: number },
): TasteReport {
  const truth = preferenceTruth(shop, { asOf: options.asOf });
  const { input, userIds } = demoTrainInput(shop, options.asOf, truth.productIds);
  const users = userIds.flatMap((id, u) => (truth.customers.has(id) ? [u] : []));
  const scores = new Float32Array(input.matrix.items);
  const results = models.map((m) => {
    const started = performance.now();
    const fitted = m.fit(input);
    const trainSeconds = (performance.now() - started) / 1000;
    let sum = 0;
    for (const u of users) {
      fitted.scoreUser(u, scores);
      const bought = seenItems(input.matrix, u);
      const top = topK(scores, options.k, bought);
      sum += gradedNdcgAtK(top, truth.customers.get(userIds[u] as string) as Float64Array, options.k, bought);
    }
    return { model: m.name, trainSeconds, ndcg: users.length > 0 ? sum / users.length : 0 };
  });
  return { asOf: options.asOf, k: options.k, users: users.length, items: input.matrix.items, results };
}
