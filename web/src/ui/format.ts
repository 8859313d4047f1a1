const integer = new Intl.NumberFormat();
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatCount(value: number): string {
  return integer.format(value);
}

const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 });

/** A measurement: integers grouped, fractions to at most 2 decimals. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? integer.format(value) : decimal.format(value);
}

export function formatPercent(share: number): string {
  return `${decimal.format(share * 100)} %`;
}

export function formatDateTime(iso: string): string {
  const time = Date.parse(iso);
  return Number.isFinite(time) ? dateTime.format(time) : iso;
}

const utcDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** The UTC days covered by the half-open window [since, until), e.g. "Jun 2, 2026 – Nov 28, 2026". */
export function formatDayRange(since: string, until: string): string {
  const start = Date.parse(since);
  const end = Date.parse(until);
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) return `${since} – ${until}`;
  return `${utcDate.format(start)} – ${utcDate.format(end - 1)} (UTC)`;
}
