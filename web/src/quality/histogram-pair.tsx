import { useMemo } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import { formatCount, formatNumber } from '../ui/format';
import type { Column, Summary } from './quality-contract';

/** A numeric column's distribution before and after preparation, side by side. */
export function HistogramPair({ source, column }: { source: string; column: Column }) {
  return (
    <figure className="histogram-pair" data-testid={`histograms-${source}-${column.column}`}>
      <figcaption>
        <code>{column.column}</code>
      </figcaption>
      <div className="pair">
        <HistogramChart label="Before" summary={column.before} />
        <HistogramChart label="After" summary={column.after} />
      </div>
    </figure>
  );
}

function HistogramChart({ label, summary }: { label: string; summary: Summary }) {
  const { histogram } = summary;
  const option = useMemo<ChartOption | null>(() => {
    if (!histogram || histogram.counts.length === 0) return null;
    const bins = histogram.counts.map((_, i) => {
      const low = histogram.edges[i];
      const high = histogram.edges[i + 1];
      return low === undefined || high === undefined
        ? String(i)
        : `${formatNumber(low)} – ${formatNumber(high)}`;
    });
    return {
      grid: { left: 40, right: 8, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'category', data: bins, axisLabel: { show: false } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: label, type: 'bar', data: histogram.counts, barCategoryGap: '4%' }],
    };
  }, [histogram, label]);
  return (
    <div className="histogram">
      <div className="muted small">
        {label}: {formatCount(summary.count)} values
        {summary.missing > 0 ? `, ${formatCount(summary.missing)} missing` : ''}
        {summary.min !== null && summary.max !== null
          ? ` · ${formatNumber(summary.min)} to ${formatNumber(summary.max)}`
          : ''}
      </div>
      {option ? (
        <Chart
          option={option}
          height={140}
          data-testid={`histogram-${label.toLowerCase()}`}
          data-bins={histogram?.counts.length ?? 0}
          role="img"
          aria-label={`${label}: histogram of ${summary.count} values`}
        />
      ) : (
        <p className="muted small">No values.</p>
      )}
    </div>
  );
}
