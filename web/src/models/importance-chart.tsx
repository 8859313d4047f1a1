import { useMemo, useState } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import { formatMetric } from './metric-text';
import type { Importance } from './models-contract';

/** Inputs shown per chart: the largest by absolute value. */
const TOP = 20;

/** Feature importance as horizontal bars, largest on top, with a switch between the kinds the version has. */
export function ImportanceChart({ importances }: { importances: readonly Importance[] }) {
  const [key, setKey] = useState<Importance['key'] | null>(null);
  const current = importances.find((i) => i.key === key) ?? importances[0];
  const bars = useMemo(
    () =>
      current
        ? [...current.bars]
            .sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || (a.feature < b.feature ? -1 : 1))
            .slice(0, TOP)
        : [],
    [current],
  );
  const option = useMemo<ChartOption>(() => {
    // ECharts draws the first category at the bottom: reverse so the largest is on top.
    const shown = [...bars].reverse();
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
          const bar = shown[first?.dataIndex ?? -1];
          if (!bar) return '';
          return `<code>${bar.feature}</code><br/>${formatMetric(bar.value)}${
            bar.std === undefined ? '' : ` ± ${formatMetric(bar.std)} (sd)`
          }`;
        },
      },
      xAxis: { type: 'value', scale: false },
      yAxis: {
        type: 'category',
        data: shown.map((b) => b.feature),
        axisLabel: { width: 220, overflow: 'truncate' },
      },
      series: [
        {
          name: current?.label ?? '',
          type: 'bar',
          data: shown.map((b) => ({
            value: b.value,
            itemStyle: { color: b.value < 0 ? '#d92d20' : '#5470c6' },
          })),
          barMaxWidth: 18,
        },
      ],
    };
  }, [bars, current]);

  if (!current)
    return (
      <p className="muted" data-testid="importance-empty">
        No feature importance was stored with this version.
      </p>
    );
  return (
    <>
      {importances.length > 1 ? (
        <div className="tabs" role="tablist" aria-label="Importance kind">
          {importances.map((i) => (
            <button
              key={i.key}
              type="button"
              role="tab"
              aria-selected={i.key === current.key}
              onClick={() => setKey(i.key)}
              data-testid={`importance-kind-${i.key}`}
            >
              {i.label}
            </button>
          ))}
        </div>
      ) : null}
      <p className="muted hint">
        {current.description}
        {current.bars.length > TOP ? ` The ${TOP} largest of ${current.bars.length}.` : ''}
      </p>
      <Chart
        option={option}
        height={Math.max(160, 22 * bars.length + 40)}
        data-testid="importance-chart"
        data-kind={current.key}
        data-bars={bars.length}
        data-top={bars[0]?.feature ?? ''}
        role="img"
        aria-label={`${current.label} importance of ${bars.length} inputs`}
      />
    </>
  );
}
