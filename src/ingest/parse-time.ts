/** ISO-8601 date or date-time (`2026-11-29`, `2026-11-29T07:11:19Z`, `…+01:00`, fractional seconds). */
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * Epoch ms of an ISO-8601 string, or null when it is not one (or names an impossible date). A date-time without a
 * zone is read as UTC, never in the server's local zone, so results do not depend on where the server runs.
 */
export function parseIsoTime(text: string): number | null {
  const canonical = parseCanonical(text);
  if (canonical !== undefined) return canonical;
  if (!ISO.test(text)) return null;
  // Date.parse rolls 2026-02-30 over to March: check the calendar day exists.
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    return null;
  const hasTime = text.length > 10;
  const ms = Date.parse(hasTime && !ZONE.test(text) ? `${text.replace(' ', 'T')}Z` : text);
  return Number.isFinite(ms) ? ms : null;
}

const digit = (text: string, at: number): number => text.charCodeAt(at) - 48;
const twoDigits = (text: string, at: number): number => {
  const a = digit(text, at);
  const b = digit(text, at + 1);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
};

/**
 * The form nearly every client sends (`Date.prototype.toISOString`: `2026-11-29T07:11:19.123Z`), read without a
 * regular expression or `Date.parse`. Anything else (or an out-of-range field) is left to the general parser:
 * `undefined` means "not this form".
 */
function parseCanonical(text: string): number | null | undefined {
  if (text.length !== 24 || text[4] !== '-' || text[7] !== '-' || text[10] !== 'T') return undefined;
  if (text[13] !== ':' || text[16] !== ':' || text[19] !== '.' || text[23] !== 'Z') return undefined;
  const hi = twoDigits(text, 0);
  const lo = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  const msHi = twoDigits(text, 20);
  const msLo = digit(text, 22);
  if (hi < 0 || lo < 0 || msHi < 0 || msLo < 0 || msLo > 9) return undefined;
  if (month < 1 || month > 12 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return undefined;
  if (second < 0 || second > 59) return undefined;
  const year = hi * 100 + lo;
  if (day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return null;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, msHi * 10 + msLo);
  // Date.UTC maps years 0–99 to 1900–1999; leave those to Date.parse, which does not.
  return year < 100 ? undefined : ms;
}
