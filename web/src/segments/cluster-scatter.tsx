import { useMemo } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import { formatCount, formatNumber, formatPercent } from '../ui/format';
import type { Clusters } from './segments-contract';

/** Profiles on the first two principal components, one colour per cluster, with the clusters' names and sizes. */
export function ClusterScatter({ clusters }: { clusters: Clusters }) {
  const option = useMemo<ChartOption>(() => {
    const [pc1 = 0, pc2 = 0] = clusters.explainedVariance;
    return {
      grid: { left: 48, right: 16, top: 40, bottom: 40 },
      legend: { top: 0, type: 'plain' },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const p = params as { seriesName?: string; data?: unknown };
          const id = Array.isArray(p.data) ? String(p.data[2]) : '';
          return `${p.seriesName ?? ''}<br/><code>${id}</code>`;
        },
      },
      xAxis: {
        type: 'value',
        name: `PC1 (${formatPercent(pc1)})`,
        nameLocation: 'middle',
        nameGap: 24,
        scale: true,
      },
      yAxis: {
        type: 'value',
        name: `PC2 (${formatPercent(pc2)})`,
        nameLocation: 'middle',
        nameGap: 32,
        scale: true,
      },
      series: clusters.clusters.map((c) => ({
        name: c.name,
        type: 'scatter',
        symbolSize: 5,
        data: clusters.points.filter((p) => p.cluster === c.cluster).map((p) => [p.x, p.y, p.customerId]),
      })),
    };
  }, [clusters]);

  if (clusters.k === 0)
    return (
      <p className="muted" data-testid="clusters-empty">
        Clustering needs at least 3 profiles ({formatCount(clusters.profiles)} now).
      </p>
    );
  return (
    <>
      <p className="muted hint">
        k = {clusters.k}
        {clusters.silhouette !== null ? ` · silhouette ${formatNumber(clusters.silhouette)}` : ''} ·{' '}
        {formatCount(clusters.profiles)} profiles, {formatCount(clusters.points.length)} plotted
        {clusters.truncated ? ' · only the first 20,000 profiles are clustered' : ''}
      </p>
      <Chart
        option={option}
        height={420}
        data-testid="cluster-scatter"
        data-points={clusters.points.length}
        data-clusters={clusters.k}
        role="img"
        aria-label={`Clusters on a 2-D PCA projection: ${clusters.k} clusters`}
      />
      <table data-testid="clusters-table">
        <thead>
          <tr>
            <th scope="col">Cluster</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col" className="num">
              Share
            </th>
            <th scope="col">Most distinctive</th>
          </tr>
        </thead>
        <tbody>
          {clusters.clusters.map((c) => (
            <tr key={c.cluster}>
              <td>{c.name}</td>
              <td className="num">{formatCount(c.size)}</td>
              <td className="num">{formatPercent(c.share)}</td>
              <td className="muted">
                {c.features
                  .map(
                    (f) =>
                      `${f.feature} ${f.direction} (${f.effect > 0 ? '+' : ''}${formatNumber(f.effect)} sd)`,
                  )
                  .join(', ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
