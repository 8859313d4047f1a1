import path from 'node:path';
import type { OrderWithLines } from '../commerce/ports.js';
import { openStores, type Stores } from '../adapters/open-stores.js';
import { sampleGamma } from '../ml/clv/simulate.js';
import { defaultComputedTraits } from '../profiles/computed-traits.js';
import { defaultFeatures } from '../profiles/default-features.js';
import { createFeatureRegistry } from '../profiles/feature-registry.js';
import { customerIdScheme } from '../profiles/profile-service.js';
import { createRng } from '../shared/index.js';
import type { DemandDeps } from './train-demand.js';

// Test support (not a test): shops whose orders come from the BG/NBD and Gamma-Gamma processes.

export const DAY = 86_400_000;
export const start = Date.UTC(2025, 0, 1);
export const end = start + 400 * DAY;

/** The generating parameters, per day and in euros (mean purchase rate r/α ≈ 0.027 a day, mean order €30). */
export const BGNBD = { r: 0.8, alpha: 30, a: 0.8, b: 3 };
export const GAMMA_GAMMA = { p: 6, q: 4, gamma: 15 };

export function order(userId: string, n: number, placedAt: number, value: number): OrderWithLines {
  const id = `ord-${userId}-${n}`;
  return {
    id,
    customerId: customerIdScheme.forUserId(userId),
    kind: 'order',
    placedAt,
    currency: 'EUR',
    country: 'DE',
    total: value,
    discount: 0,
    channel: 'web',
    source: 'test',
    lines: [{ orderId: id, lineNo: 1, productId: 'sku-1', description: null, quantity: 1, unitPrice: value }],
  };
}

/**
 * Orders drawn from the BG/NBD and Gamma-Gamma processes (as `simulateBgNbd` and `simulateOrderValues`, but as
 * timed orders): first purchases spread over the first 300 days; then purchases at rate λ ~ Gamma(r, α), after each
 * repeat a dropout with probability p ~ Beta(a, b); each order worth Gamma(p, ν), ν ~ Gamma(q, γ) per customer.
 */
export function simulatedShop(customers: number, seed: string): OrderWithLines[] {
  const rng = createRng(seed);
  const orders: OrderWithLines[] = [];
  for (let c = 0; c < customers; c++) {
    const userId = `user-${c}`;
    const lambda = sampleGamma(BGNBD.r, rng) / BGNBD.alpha;
    const g = sampleGamma(BGNBD.a, rng);
    const dropout = g / (g + sampleGamma(BGNBD.b, rng));
    const nu = sampleGamma(GAMMA_GAMMA.q, rng) / GAMMA_GAMMA.gamma;
    const value = () => Math.round((sampleGamma(GAMMA_GAMMA.p, rng) / nu) * 100) / 100 + 0.01;
    let t = start + rng.next() * 300 * DAY;
    let n = 0;
    orders.push(order(userId, n++, t, value()));
    for (;;) {
      t -= (Math.log(1 - rng.next()) / lambda) * DAY;
      if (!(t <= end)) break;
      orders.push(order(userId, n++, t, value()));
      if (rng.next() < dropout) break;
    }
  }
  return orders;
}

/** Customers whose next order the model should date: one who bought daily long ago, one who buys every week. */
export function plantedCustomers(): OrderWithLines[] {
  const gone = Array.from({ length: 10 }, (_, i) => order('gone', i, start + (i + 0.5) * DAY, 40));
  const regular: OrderWithLines[] = [];
  for (let t = start + 100.5 * DAY; t <= end; t += 7 * DAY)
    regular.push(order('regular', regular.length, t, 25));
  return [...gone, ...regular];
}

export async function openShop(
  dir: string,
  orders: OrderWithLines[],
): Promise<{ stores: Stores; deps: DemandDeps }> {
  const stores = await openStores({ kind: 'sqlite', file: path.join(dir, 'c.db'), synchronous: 'normal' });
  await stores.orders.upsert(orders);
  const deps = {
    source: stores.profileSource,
    settle: () => stores.events.settle(),
    features: createFeatureRegistry(defaultFeatures),
    computedTraits: defaultComputedTraits,
    scheme: customerIdScheme,
    clock: { now: () => end },
  };
  return { stores, deps };
}
