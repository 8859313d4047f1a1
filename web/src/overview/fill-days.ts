import type { DayCount } from './overview-contract';

const DAY_MS = 86_400_000;

/**
 * Returns one entry per UTC day in [`since`, `until`), with zero for days the server did not report,
 * so the chart's x axis is continuous. Days the server reports outside the window are kept.
 */
export function fillDays(perDay: readonly DayCount[], since: string, until: string): DayCount[] {
  const counts = new Map<string, number>();
  for (const { day, count } of perDay) counts.set(day, (counts.get(day) ?? 0) + count);

  const start = Date.parse(since);
  const end = Date.parse(until);
  if (Number.isFinite(start) && Number.isFinite(end) && end >= start && end - start <= 400 * DAY_MS) {
    for (let t = startOfUtcDay(start); t < end; t += DAY_MS) {
      const day = new Date(t).toISOString().slice(0, 10);
      if (!counts.has(day)) counts.set(day, 0);
    }
  }
  return [...counts.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, count]) => ({ day, count }));
}

function startOfUtcDay(time: number): number {
  return time - (((time % DAY_MS) + DAY_MS) % DAY_MS);
}
