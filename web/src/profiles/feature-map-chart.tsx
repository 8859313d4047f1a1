import { useMemo } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';

/** A map feature (e.g. `category_affinity`, `device_mix`) as a small horizontal bar chart. */
export function FeatureMapChart({ name, entries }: { name: string; entries: readonly [string, number][] }) {
  const shown = useMemo(() => entries.slice(0, 8), [entries]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 96, right: 16, top: 4, bottom: 20 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', inverse: true, data: shown.map(([key]) => key) },
      series: [{ name, type: 'bar', data: shown.map(([, value]) => value), barMaxWidth: 16 }],
    }),
    [name, shown],
  );
  return (
    <figure className="feature-map" data-testid={`feature-map-${name}`}>
      <figcaption>
        <code>{name}</code>
      </figcaption>
      <Chart option={option} height={32 + shown.length * 24} role="img" aria-label={name} />
    </figure>
  );
}
