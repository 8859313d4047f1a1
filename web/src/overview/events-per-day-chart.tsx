import { useMemo } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import { fillDays } from './fill-days';
import type { Overview } from './overview-contract';

export function EventsPerDayChart({ overview }: { overview: Overview }) {
  const { since, until, events } = overview;
  const days = useMemo(() => fillDays(events.perDay, since, until), [events.perDay, since, until]);
  const total = days.reduce((sum, entry) => sum + entry.count, 0);
  const activeDays = days.filter((entry) => entry.count > 0).length;

  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 16, bottom: 32 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', boundaryGap: false, data: days.map((entry) => entry.day) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: 'Events',
          type: 'line',
          data: days.map((entry) => entry.count),
          showSymbol: days.length <= 31,
          smooth: false,
          areaStyle: { opacity: 0.15 },
        },
      ],
    }),
    [days],
  );

  return (
    <Chart
      option={option}
      data-testid="events-per-day-chart"
      data-points={days.length}
      data-total={total}
      data-active-days={activeDays}
      role="img"
      aria-label={`Events per day: ${total} events over ${days.length} days`}
    />
  );
}
