import { invalid, type Checked } from './checked.js';

export type TimestampProblem = 'not_a_timestamp' | 'invalid_date' | 'in_future' | 'before_shop_start';

export interface TimestampWindow {
  /** The clock's reading, epoch ms; without it nothing counts as in the future. */
  now?: number;
  /** Slack for client clocks that run ahead; 5 minutes by default. */
  futureToleranceMs?: number;
  /** Epoch ms the shop opened; nothing real happened before it. */
  shopStart?: number;
}

const iso =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function offsetMs(zone: string): number | null {
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2));
  if (hours > 23 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes) * 60_000;
}

/**
 * Epoch ms from an epoch-ms number or an ISO-8601 string. A date-time must carry `Z` or an offset (a bare local
 * time is ambiguous); a date alone means midnight UTC. Impossible dates (February 30, hour 24) are rejected,
 * where `Date.parse` would roll them over.
 */
export function parseTimestamp(input: unknown): Checked<number, TimestampProblem> {
  if (typeof input === 'number') {
    return Number.isFinite(input) && Math.abs(input) <= 8.64e15
      ? { ok: true, value: input, changed: false }
      : invalid('invalid_date', 'The timestamp is not a finite epoch-ms value.');
  }
  if (typeof input !== 'string')
    return invalid('not_a_timestamp', 'A timestamp is epoch ms or an ISO-8601 string.');
  const m = iso.exec(input.trim());
  if (!m) return invalid('not_a_timestamp', 'The timestamp is not ISO-8601 (YYYY-MM-DDTHH:MM:SSZ).');
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  if (h !== undefined && zone === undefined) {
    return invalid('not_a_timestamp', 'A date-time needs Z or a UTC offset.');
  }
  const parts = [y, mo, d, h ?? '0', mi ?? '0', s ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Math.floor(Number(`0.${frac ?? '0'}`) * 1000);
  const date = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2], parts[3], parts[4], parts[5], ms));
  date.setUTCFullYear(parts[0]);
  const same =
    date.getUTCFullYear() === parts[0] &&
    date.getUTCMonth() === parts[1] - 1 &&
    date.getUTCDate() === parts[2] &&
    date.getUTCHours() === parts[3] &&
    date.getUTCMinutes() === parts[4] &&
    date.getUTCSeconds() === parts[5];
  const offset = zone === undefined ? 0 : offsetMs(zone);
  if (!same || offset === null)
    return invalid('invalid_date', 'The timestamp names a date or time that does not exist.');
  return { ok: true, value: date.getTime() - offset, changed: false };
}

/** Checks a parsed timestamp against the window in which real events can have happened. */
export function checkTimestamp(ms: number, window: TimestampWindow): Checked<number, TimestampProblem> {
  if (!Number.isFinite(ms)) return invalid('invalid_date', 'The timestamp is not a finite number.');
  const tolerance = window.futureToleranceMs ?? 5 * 60_000;
  if (window.now !== undefined && ms > window.now + tolerance) {
    return invalid('in_future', `The timestamp is ${Math.round((ms - window.now) / 1000)} s in the future.`);
  }
  if (window.shopStart !== undefined && ms < window.shopStart) {
    return invalid('before_shop_start', 'The timestamp is before the shop existed.');
  }
  return { ok: true, value: ms, changed: false };
}
