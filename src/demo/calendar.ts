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

const dayPrefix = new Map<number, number[]>();
const isoCodes = new Array<number>(24).fill(0);
const digit = (n: number): number => 48 + n;

/**
 * `Date#toISOString`, built from char codes with the date part cached: it runs for every one of a few hundred
 * thousand messages, and a flat string is far cheaper to keep than a tree of concatenations.
 */
export function iso(ms: number): string {
  const day = Math.floor(ms / DAY);
  let prefix = dayPrefix.get(day);
  if (prefix === undefined) {
    prefix = Array.from(new Date(day * DAY).toISOString().slice(0, 11), (c) => c.charCodeAt(0));
    if (dayPrefix.size > 20_000) dayPrefix.clear();
    dayPrefix.set(day, prefix);
  }
  if (prefix.length !== 11) return new Date(ms).toISOString(); // years outside 0000–9999
  const t = ms - day * DAY;
  const h = Math.floor(t / HOUR);
  const m = Math.floor((t % HOUR) / MINUTE);
  const sec = Math.floor((t % MINUTE) / 1000);
  const milli = t % 1000;
  for (let i = 0; i < 11; i++) isoCodes[i] = prefix[i] ?? 48;
  isoCodes[11] = digit(Math.floor(h / 10));
  isoCodes[12] = digit(h % 10);
  isoCodes[13] = 58;
  isoCodes[14] = digit(Math.floor(m / 10));
  isoCodes[15] = digit(m % 10);
  isoCodes[16] = 58;
  isoCodes[17] = digit(Math.floor(sec / 10));
  isoCodes[18] = digit(sec % 10);
  isoCodes[19] = 46;
  isoCodes[20] = digit(Math.floor(milli / 100));
  isoCodes[21] = digit(Math.floor(milli / 10) % 10);
  isoCodes[22] = digit(milli % 10);
  isoCodes[23] = 90;
  return String.fromCharCode(...isoCodes);
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
  0.25, 0.15, 0.1, 0.08, 0.08, 0.12, 0.3, 0.6, 0.8, 0.9, 1, 1.1, 1.3, 1.2, 1, 0.95, 0.95, 1, 1.2, 1.5, 1.7,
  1.6, 1.1, 0.6,
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
