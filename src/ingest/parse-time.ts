/** ISO-8601 date or date-time (`2026-11-29`, `2026-11-29T07:11:19Z`, `…+01:00`, fractional seconds). */
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/;

/**
 * Epoch ms of an ISO-8601 string, or null when it is not one (or names an impossible date). A date-time without a
 * zone is read as UTC, never in the server's local zone, so results do not depend on where the server runs.
 */
export function parseIsoTime(text: string): number | null {
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
