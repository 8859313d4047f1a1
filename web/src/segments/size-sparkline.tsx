import { useMemo } from 'react';
import { useApi } from '../api/use-api';
import { Chart } from '../charts/chart';
import { formatCount } from '../ui/format';
import type { ChartOption } from '../charts/echarts';
import { decodeSizes, sizesPath } from './segments-contract';
import type { SizePoint } from './segments-contract';

/** A segment's daily size history as a small line without axes. */
export function SizeSparkline({ segmentId, name }: { segmentId: string; name: string }) {
  const state = useApi(sizesPath(segmentId), decodeSizes);
  if (state.status === 'error')
    return (
      <span className="muted small" title={state.error.message}>
        unavailable
      </span>
    );
  if (state.status === 'loading') return <span className="muted small">…</span>;
  return <Sparkline points={state.data.data} name={name} />;
}

function Sparkline({ points, name }: { points: readonly SizePoint[]; name: string }) {
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 2, right: 2, top: 4, bottom: 4 },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', show: false, data: points.map((p) => p.at.slice(0, 10)) },
      yAxis: { type: 'value', show: false, min: 0 },
      series: [
        {
          name: 'Size',
          type: 'line',
          data: points.map((p) => p.size),
          showSymbol: points.length === 2,
          symbolSize: 6,
          lineStyle: { width: 1.5 },
          areaStyle: { opacity: 0.12 },
        },
      ],
    }),
    [points],
  );
  if (points.length === 0) return <span className="muted small">no history</span>;
  const only = points[0];
  // One day of history is no trend: say so instead of drawing a lone dot.
  if (points.length === 1 && only)
    return (
      <span className="muted small" data-testid="segment-sparkline" data-points={1}>
        {formatCount(only.size)} on {only.at.slice(0, 10)} (one day of history)
      </span>
    );
  return (
    <Chart
      option={option}
      height={32}
      style={{ width: 160 }}
      data-testid="segment-sparkline"
      data-points={points.length}
      role="img"
      aria-label={`${name}: size over ${points.length} days`}
    />
  );
}
