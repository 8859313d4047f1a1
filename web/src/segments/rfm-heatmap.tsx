import { useMemo } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import { formatCount } from '../ui/format';
import type { RfmGrid } from './segments-contract';

const SCORES = ['1', '2', '3', '4', '5'];

interface Cell {
  r: number;
  fm: number;
  count: number;
  segments: string[];
}

/** Folds the API's cells (one per R, FM and segment name) into the 5 × 5 grid. */
function toCells(grid: RfmGrid): Cell[] {
  const byKey = new Map<string, Cell>();
  for (const c of grid.cells) {
    const key = `${c.r}|${c.fm}`;
    const cell = byKey.get(key) ?? { r: c.r, fm: c.fm, count: 0, segments: [] };
    cell.count += c.count;
    if (!cell.segments.includes(c.segment)) cell.segments.push(c.segment);
    byKey.set(key, cell);
  }
  return [...byKey.values()];
}

/** The RFM grid as a heat map: FM score across, R score up, profiles per cell, each labelled with its segment. */
export function RfmHeatmap({ grid }: { grid: RfmGrid }) {
  const cells = useMemo(() => toCells(grid), [grid]);
  const max = cells.reduce((m, c) => Math.max(m, c.count), 0);
  const totals = useMemo(() => segmentTotals(grid), [grid]);

  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 48, right: 16, top: 8, bottom: 72 },
      tooltip: {
        position: 'top',
        formatter: (params: unknown) => {
          const value = (params as { value?: unknown }).value;
          if (!Array.isArray(value)) return '';
          const cell = cells.find((c) => c.fm - 1 === value[0] && c.r - 1 === value[1]);
          return cell
            ? `R ${cell.r} · FM ${cell.fm}<br/>${cell.segments.join(', ')}: ${formatCount(cell.count)}`
            : '';
        },
      },
      xAxis: { type: 'category', data: SCORES, name: 'FM', nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'category', data: SCORES, name: 'R', nameLocation: 'middle', nameGap: 28 },
      visualMap: {
        type: 'continuous',
        min: 0,
        max: Math.max(1, max),
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 160,
        inRange: { color: ['#eef1fb', '#5470c6'] },
      },
      series: [
        {
          name: 'Customers',
          type: 'heatmap',
          data: cells.map((c) => [c.fm - 1, c.r - 1, c.count]),
          label: {
            show: true,
            formatter: (params: unknown) => {
              const value = (params as { value?: unknown }).value;
              if (!Array.isArray(value)) return '';
              const cell = cells.find((c) => c.fm - 1 === value[0] && c.r - 1 === value[1]);
              return cell ? `${cell.segments.join('\n')}\n${formatCount(cell.count)}` : '';
            },
            fontSize: 11,
            lineHeight: 15,
          },
          emphasis: { itemStyle: { borderColor: '#1d2330', borderWidth: 1 } },
        },
      ],
    }),
    [cells, max],
  );

  if (grid.profiles === 0)
    return (
      <p className="muted" data-testid="rfm-empty">
        No RFM scores yet: they need orders and a <code>rapport profiles build</code>.
      </p>
    );
  return (
    <>
      <Chart
        option={option}
        height={420}
        data-testid="rfm-heatmap"
        data-cells={cells.length}
        data-profiles={grid.profiles}
        role="img"
        aria-label={`RFM grid: ${grid.profiles} customers in ${cells.length} cells`}
      />
      <ul className="legend-list" data-testid="rfm-segments">
        {totals.map(([name, total]) => (
          <li key={name} data-segment={name}>
            {name}: {formatCount(total)}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Customers per segment name, largest first. */
function segmentTotals(grid: RfmGrid): [string, number][] {
  const totals = new Map<string, number>();
  for (const c of grid.cells) totals.set(c.segment, (totals.get(c.segment) ?? 0) + c.count);
  return [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}
