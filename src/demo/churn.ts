import type { Rng } from '../shared/index.js';
import { DAY, type TimeWindow } from './calendar.js';
import { exponential } from './distributions.js';

/**
 * The moment a customer stops for good: exponential with the customer's daily hazard, counted from the end of
 * their first active day. Null when that moment falls after the window (still active at the end).
 */
export function drawChurnMs(
  rng: Rng,
  activeStart: number,
  hazardPerDay: number,
  window: TimeWindow,
): number | null {
  const at = activeStart + DAY + Math.floor(exponential(rng, hazardPerDay) * DAY);
  return at <= window.end ? at : null;
}
