/** `2024-03-01`, `2024-03-01 10:15`, `2024-03-01T10:15:30.123`, each optionally with `Z` or `±hh[:]mm`. */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?$/;
const EPOCH_MS = /^-?\d{1,16}$/;

/** Years outside this range are typos or sentinel values (`0000-00-00`), never real business dates. */
const MIN_MS = Date.UTC(1000, 0, 1);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const inRange = (ms: number): number | null =>
  Number.isFinite(ms) && ms >= MIN_MS && ms <= MAX_MS ? Math.round(ms) : null;

const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : (monthDays[month - 1] ?? 0);
}

/** Rows of one order usually repeat its time: remember the last string parsed. */
let lastText = '';
let lastMs: number | null = null;

/**
 * Epoch ms of an import time, or null when the value is none of:
 * - ISO-8601 with a zone (`2024-03-01T10:15:00Z`, `…+01:00`);
 * - a date-time without a zone, `YYYY-MM-DD HH:MM:SS` or `YYYY-MM-DDTHH:MM:SS`, and a bare date: these are
 *   taken as UTC. Exports rarely say which zone they are in, and reading them in the server's local zone
 *   would make the same file import differently on two machines;
 * - epoch milliseconds, as a JSON number or a string of digits.
 * Impossible dates (`2023-02-30`, `24:00`) are rejected rather than rolled over.
 */
export function parseImportTime(value: unknown): number | null {
  if (typeof value === 'number') return inRange(value);
  if (typeof value !== 'string') return null;
  if (value === lastText) return lastMs;
  const ms = parseText(value.trim());
  lastText = value;
  lastMs = ms;
  return ms;
}

function parseText(text: string): number | null {
  if (EPOCH_MS.test(text)) return inRange(Number(text));
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, , sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  let offset = 0;
  if (sign !== undefined) {
    const offsetHours = Number(oh);
    const offsetMinutes = Number(om);
    if (offsetHours > 23 || offsetMinutes > 59) return null;
    offset = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  }
  return inRange(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset);
}
