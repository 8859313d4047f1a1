import { useMemo } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import { formatCount } from '../ui/format';
import { formatMetric } from './metric-text';
import type { RegressionReport } from './models-contract';

/** Mean prediction and mean actual value per decile of prediction: a calibrated model's bars match. */
export function DecilesChart({ report }: { report: RegressionReport }) {
  const { deciles } = report;
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 56, right: 16, top: 36, bottom: 44 },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const first = (Array.isArray(params) ? params[0] : params) as { dataIndex?: number } | undefined;
          const d = deciles[first?.dataIndex ?? -1];
          if (!d) return '';
          return (
            `Decile ${d.group} (${formatCount(d.rows)} rows, predictions ${formatMetric(d.predictedMin)} to ` +
            `${formatMetric(d.predictedMax)})<br/>predicted ${formatMetric(d.predictedMean)} · actual ${formatMetric(
              d.actualMean,
            )}`
          );
        },
      },
      xAxis: {
        type: 'category',
        data: deciles.map((d) => String(d.group)),
        name: 'Decile of prediction (lowest first)',
        nameLocation: 'middle',
        nameGap: 26,
      },
      yAxis: { type: 'value', name: 'Mean', nameLocation: 'middle', nameGap: 40 },
      series: [
        { name: 'Predicted', type: 'bar', data: deciles.map((d) => d.predictedMean) },
        { name: 'Actual', type: 'bar', data: deciles.map((d) => d.actualMean) },
      ],
    }),
    [deciles],
  );
  return (
    <Chart
      option={option}
      data-testid="deciles-chart"
      data-groups={deciles.length}
      role="img"
      aria-label={`Predicted vs actual mean in ${deciles.length} deciles of prediction`}
    />
  );
}

const RESIDUAL_ORDER = ['mean', 'sd', 'min', 'p05', 'p25', 'median', 'p75', 'p95', 'max'];

/** Residuals (actual − predicted) and the errors. */
export function ResidualTable({ report }: { report: RegressionReport }) {
  const keys = [
    ...RESIDUAL_ORDER.filter((k) => k in report.residuals),
    ...Object.keys(report.residuals).filter((k) => !RESIDUAL_ORDER.includes(k)),
  ];
  return (
    <table data-testid="residuals-table">
      <tbody>
        <tr>
          <th scope="row">Rows</th>
          <td className="num">{formatCount(report.rows)}</td>
        </tr>
        <tr>
          <th scope="row">MAE · RMSE · R²</th>
          <td className="num">
            {formatMetric(report.mae)} · {formatMetric(report.rmse)} · {formatMetric(report.r2)}
          </td>
        </tr>
        {keys.map((k) => (
          <tr key={k} data-residual={k}>
            <th scope="row">Residual {k}</th>
            <td className="num">{formatMetric(report.residuals[k] ?? 0)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
