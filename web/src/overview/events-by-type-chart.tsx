import { useMemo } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import type { Overview } from './overview-contract';

export function EventsByTypeChart({ byType }: { byType: Overview['events']['byType'] }) {
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 80, right: 16, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: byType.map((entry) => entry.type) },
      series: [{ name: 'Events', type: 'bar', data: byType.map((entry) => entry.count), barMaxWidth: 24 }],
    }),
    [byType],
  );

  return (
    <Chart
      option={option}
      height={Math.max(160, 40 + byType.length * 32)}
      data-testid="events-by-type-chart"
      data-points={byType.length}
      role="img"
      aria-label="Events by type"
    />
  );
}
