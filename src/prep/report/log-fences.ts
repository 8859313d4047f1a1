import { median } from '../../ml/descriptive.js';
import { outlierFences } from '../outlier-fences.js';
import type { RuleFences } from './types.js';

/** Modified z-score beyond which a value is an outlier (Iglewicz & Hoaglin's 3.5, prep's default). */
export const MAD_THRESHOLD = 3.5;
/** Fences never sit closer to the median than ×/÷ this factor. */
export const MIN_FACTOR = 10;

/**
 * Outlier fences for positive, multiplicative data (quantities, prices, price ratios): prep's MAD fences fitted on
 * log10 values, so that ×100 and ÷100 are equally far, then widened to at least ×/÷ `MIN_FACTOR` around the
 * median. The widening matters when most values tie (82 % of quantities are 1): the MAD is then 0 and the bare
 * fences would flag every 2. Non-positive and non-finite values are ignored (they have rules of their own).
 */
export function fitLogFences(values: readonly number[], of: string): RuleFences {
  const logs = values.filter((v) => v > 0 && Number.isFinite(v)).map((v) => Math.log10(v));
  const base = {
    method: 'mad',
    scale: 'log10',
    threshold: MAD_THRESHOLD,
    minFactor: MIN_FACTOR,
    of,
  } as const;
  if (logs.length === 0) return { ...base, lower: null, upper: null, fittedOn: 0 };
  const fences = outlierFences(logs, { method: 'mad', threshold: MAD_THRESHOLD });
  const center = median(logs);
  const span = Math.log10(MIN_FACTOR);
  const lower = Math.min(fences.lower ?? -Infinity, center - span);
  const upper = Math.max(fences.upper ?? Infinity, center + span);
  const back = (x: number): number | null => (Number.isFinite(x) ? 10 ** x : null);
  return { ...base, lower: back(lower), upper: back(upper), fittedOn: logs.length };
}

/** Whether a positive value lies outside the fences (on the original scale). */
export function outsideFences(value: number, fences: RuleFences): boolean {
  return (fences.lower !== null && value < fences.lower) || (fences.upper !== null && value > fences.upper);
}

/** `[0.1, 10]`-style text for notes. */
export function fenceText(fences: RuleFences): string {
  const show = (x: number | null) => (x === null ? '∞' : Number(x.toPrecision(4)).toString());
  return `[${show(fences.lower)}, ${show(fences.upper)}]`;
}
