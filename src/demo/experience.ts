import type { Rng } from '../shared/index.js';
import { DAY, HOUR, isPeakSeason } from './calendar.js';
import type { Catalog } from './catalog.js';
import { clamp, uniform } from './distributions.js';
import type { OrderDraft, OrderLine } from './orders.js';

/** What actually happened to one line after the order: it drives reviews, returns and support contacts. */
export interface LineExperience {
  line: OrderLine;
  fit: 'ok' | 'too_small' | 'too_large' | null;
  damaged: boolean;
  /** 0 … 1, the product's quality as this customer saw it. */
  perceivedQuality: number;
  returned: boolean;
}

export interface OrderExperience {
  expectedDays: number;
  late: boolean;
  deliveredMs: number;
  /** Cancelled before dispatch. */
  cancelledMs: number | null;
  paymentProblem: boolean;
  lines: LineExperience[];
}

export function drawExperience(
  rng: Rng,
  catalog: Catalog,
  order: OrderDraft,
  deliveryDays: number,
): OrderExperience {
  const expectedDays = deliveryDays + (rng.bool(0.3) ? 1 : 0);
  const late = rng.bool(isPeakSeason(order.placedMs) ? 0.25 : 0.1);
  const days = expectedDays + (late ? rng.int(3, 10) : rng.int(-1, 1));
  const deliveredMs = order.placedMs + Math.max(1, days) * DAY + rng.int(0, 10) * HOUR;
  const cancelledMs = rng.bool(0.03) ? order.placedMs + Math.floor(uniform(rng, 1, 30) * HOUR) : null;
  const lines = order.lines.map((line): LineExperience => {
    const sizing = catalog.specs[line.product.category]?.sizing ?? null;
    const misfit = sizing !== null && rng.bool(0.15);
    const fit = sizing === null ? null : misfit ? (rng.bool(0.55) ? 'too_small' : 'too_large') : 'ok';
    const damaged = rng.bool(0.025);
    const perceivedQuality = clamp(line.product.quality + rng.normal(0, 0.12), 0, 1);
    const returned =
      (misfit && rng.bool(0.5)) || (damaged && rng.bool(0.8)) || (perceivedQuality < 0.35 && rng.bool(0.3));
    return { line, fit, damaged, perceivedQuality, returned };
  });
  return { expectedDays, late, deliveredMs, cancelledMs, paymentProblem: rng.bool(0.012), lines };
}
