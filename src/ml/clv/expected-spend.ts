import { bgNbdExpectedPurchases, type WithBgNbdParams } from './bgnbd-predict.js';
import { gammaGammaExpectedOrderValue, type WithGammaGammaParams } from './gamma-gamma.js';
import type { CustomerSummary } from './summary.js';

export interface CustomerValueSummary extends CustomerSummary {
  /** Mean value of the repeat orders (ignored when `frequency` is 0). */
  monetaryValue: number;
}

/**
 * Expected spend in (T, T + horizon]: E[purchases | x, t_x, T] (BG/NBD) × E[order value | x, m_x]
 * (Gamma-Gamma), a product because the Gamma-Gamma model assumes order values independent of the purchase
 * process. Undiscounted; the horizon is in the BG/NBD data's time unit. Infinity when the Gamma-Gamma mean is
 * (see {@link gammaGammaExpectedOrderValue}).
 */
export function expectedSpend(
  bgnbd: WithBgNbdParams,
  gammaGamma: WithGammaGammaParams,
  customer: CustomerValueSummary,
  horizon: number,
): number {
  const purchases = bgNbdExpectedPurchases(bgnbd, customer, horizon);
  const value = gammaGammaExpectedOrderValue(gammaGamma, customer);
  return purchases === 0 ? 0 : purchases * value;
}
