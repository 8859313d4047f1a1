import type { Rng } from '../shared/index.js';
import { pickIndex, cumulative } from './distributions.js';

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

/** The generated history covers [start, end]; `end` is the caller's `endDate`. */
export interface TimeWindow {
  start: number;
  end: number;
  days: number;
}

export function createWindow(endDate: number, days: number): TimeWindow {
  return { start: endDate - days * DAY, end: endDate, days };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

export function isoDate(ms: number): string {
  return iso(ms).slice(0, 10);
}

/** UTC midnights of every day that overlaps the window. */
export function windowDays(window: TimeWindow): number[] {
  const out: number[] = [];
  for (let d = Math.floor(window.start / DAY) * DAY; d <= window.end; d += DAY) out.push(d);
  return out;
}

// Sunday first, as Date#getUTCDay counts.
const weekday = [1.3, 0.95, 0.9, 0.92, 0.97, 1.05, 1.3];

function bump(dayOfYear: number, centre: number, width: number, height: number): number {
  const d = dayOfYear - centre;
  return height * Math.exp(-(d * d) / (2 * width * width));
}

/** Relative traffic on a UTC day: busier weekends, a late-November peak, pre-Christmas and January sales. */
export function dayWeight(dayMs: number): number {
  const date = new Date(dayMs);
  const startOfYear = Date.UTC(date.getUTCFullYear(), 0, 1);
  const doy = Math.floor((dayMs - startOfYear) / DAY);
  const seasonal =
    1 +
    bump(doy, 331, 4, 1.6) + // Black Friday / Cyber Monday, around 28 November
    bump(doy, 349, 6, 0.6) + // Christmas shopping
    bump(doy, 4, 5, 0.35) + // January sales
    bump(doy, 370, 5, 0.35) - // the same sales seen from late December
    bump(doy, 212, 20, 0.2); // summer lull
  return (weekday[date.getUTCDay()] ?? 1) * seasonal;
}

/** Share of sessions per UTC hour: lunch and evening peaks, quiet nights. */
const hourWeights = [
  0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.3, 0.6, 0.8, 0.9, 1, 1.1, 1.3, 1.2, 1, 0.95, 0.95, 1, 1.2, 1.5, 1.7, 1.6, 1.1,
  0.6,
];
const hourCum = cumulative(hourWeights);

export function timeOfDay(rng: Rng): number {
  return pickIndex(rng, hourCum) * HOUR + Math.floor(rng.next() * HOUR);
}

/** True inside the November/December peak, when carriers run late more often. */
export function isPeakSeason(ms: number): boolean {
  const date = new Date(ms);
  const m = date.getUTCMonth();
  return (m === 10 && date.getUTCDate() >= 20) || (m === 11 && date.getUTCDate() <= 24);
}
