import { useMemo } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import { formatPercent } from '../ui/format';
import { formatMetric, formatThreshold } from './metric-text';
import type { BinaryReport } from './models-contract';

/** The operating point at the slider's threshold, marked on the ROC and precision–recall curves. */
export interface ThresholdPoint {
  threshold: number;
  x: number;
  y: number;
}

const unitAxis = (name: string, gap: number) => ({
  type: 'value' as const,
  min: 0,
  max: 1,
  name,
  nameLocation: 'middle' as const,
  nameGap: gap,
});

const diagonal = (name: string, from: [number, number], to: [number, number]) => ({
  name,
  type: 'line' as const,
  data: [from, to],
  showSymbol: false,
  silent: true,
  itemStyle: { color: '#98a2b3' },
  lineStyle: { type: 'dashed' as const, color: '#98a2b3', width: 1 },
  tooltip: { show: false },
});

const marker = (point: ThresholdPoint | null) =>
  point
    ? [
        {
          name: `Threshold ${formatThreshold(point.threshold)}`,
          type: 'scatter' as const,
          data: [[point.x, point.y]],
          symbolSize: 10,
          itemStyle: { color: '#b42318' },
          z: 5,
        },
      ]
    : [];

/** The model's own series: the dashboard's accent colour. */
const MODEL_COLOR = '#5470c6';

const pairs = (x: readonly number[], y: readonly number[]) => x.map((v, i) => [v, y[i] ?? 0]);

const grid = { left: 52, right: 16, top: 36, bottom: 44 };

export function RocChart({ report, point }: { report: BinaryReport; point: ThresholdPoint | null }) {
  const option = useMemo<ChartOption>(
    () => ({
      grid,
      legend: { top: 0 },
      tooltip: { trigger: 'item' },
      xAxis: unitAxis('False positive rate', 26),
      yAxis: unitAxis('True positive rate', 36),
      series: [
        diagonal('Random', [0, 0], [1, 1]),
        {
          name: `ROC (AUC ${formatMetric(report.rocAuc)})`,
          type: 'line',
          data: pairs(report.roc.fpr, report.roc.tpr),
          showSymbol: false,
          color: MODEL_COLOR,
          areaStyle: { opacity: 0.08 },
        },
        ...marker(point),
      ],
    }),
    [report, point],
  );
  return (
    <Chart
      option={option}
      data-testid="roc-chart"
      data-points={report.roc.fpr.length}
      role="img"
      aria-label={`ROC curve, AUC ${formatMetric(report.rocAuc)}, ${report.roc.fpr.length} points`}
    />
  );
}

export function PrChart({ report, point }: { report: BinaryReport; point: ThresholdPoint | null }) {
  const baseRate = report.rows > 0 ? report.positives / report.rows : 0;
  const option = useMemo<ChartOption>(
    () => ({
      grid,
      legend: { top: 0 },
      tooltip: { trigger: 'item' },
      xAxis: unitAxis('Recall', 26),
      yAxis: unitAxis('Precision', 36),
      series: [
        diagonal(`Base rate ${formatPercent(baseRate)}`, [0, baseRate], [1, baseRate]),
        {
          name: `Precision–recall (AP ${formatMetric(report.averagePrecision)})`,
          type: 'line',
          data: pairs(report.pr.recall, report.pr.precision),
          showSymbol: false,
          color: MODEL_COLOR,
        },
        ...marker(point),
      ],
    }),
    [report, point, baseRate],
  );
  return (
    <Chart
      option={option}
      data-testid="pr-chart"
      data-points={report.pr.recall.length}
      role="img"
      aria-label={`Precision–recall curve, average precision ${formatMetric(report.averagePrecision)}`}
    />
  );
}

export function CalibrationChart({ report }: { report: BinaryReport }) {
  const { probPred, probTrue, counts, bins } = report.calibration;
  const option = useMemo<ChartOption>(
    () => ({
      grid,
      legend: { top: 0 },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const p = params as { dataIndex?: number; seriesName?: string };
          const i = p.dataIndex ?? 0;
          return `${p.seriesName ?? ''}<br/>predicted ${formatPercent(probPred[i] ?? 0)} · observed ${formatPercent(
            probTrue[i] ?? 0,
          )}<br/>${counts[i] ?? 0} rows`;
        },
      },
      xAxis: unitAxis('Mean predicted probability', 26),
      yAxis: unitAxis('Share of positives', 36),
      series: [
        diagonal('Perfectly calibrated', [0, 0], [1, 1]),
        {
          name: `Model (${bins} bins)`,
          type: 'line',
          data: pairs(probPred, probTrue),
          symbolSize: 7,
          color: MODEL_COLOR,
        },
      ],
    }),
    [probPred, probTrue, counts, bins],
  );
  return (
    <Chart
      option={option}
      data-testid="calibration-chart"
      data-bins={probPred.length}
      role="img"
      aria-label={`Calibration: ${probPred.length} non-empty bins of ${bins}`}
    />
  );
}

export function GainsChart({ report }: { report: BinaryReport }) {
  const { fraction, gain, lift } = report.gains;
  const option = useMemo<ChartOption>(
    () => ({
      grid,
      legend: { top: 0 },
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const i = ((params as { dataIndex?: number }).dataIndex ?? 0) - 1;
          if (i < 0) return '';
          return `Top ${formatPercent(fraction[i] ?? 0)}: ${formatPercent(gain[i] ?? 0)} of positives<br/>lift ${formatMetric(
            lift[i] ?? 0,
          )}`;
        },
      },
      xAxis: unitAxis('Share of rows targeted (highest probability first)', 26),
      yAxis: unitAxis('Share of positives reached', 36),
      series: [
        diagonal('Random', [0, 0], [1, 1]),
        {
          name: 'Cumulative gain',
          type: 'line',
          data: [[0, 0], ...pairs(fraction, gain)],
          symbolSize: 6,
          color: MODEL_COLOR,
        },
      ],
    }),
    [fraction, gain, lift],
  );
  const top10 = fraction.findIndex((f) => Math.abs(f - 0.1) < 1e-9);
  return (
    <>
      {top10 >= 0 ? (
        <p className="muted hint" data-testid="gains-top10">
          Top 10 %: {formatPercent(gain[top10] ?? 0)} of positives, lift {formatMetric(lift[top10] ?? 0)}
        </p>
      ) : null}
      <Chart
        option={option}
        data-testid="gains-chart"
        data-points={fraction.length}
        role="img"
        aria-label={`Cumulative gains at ${fraction.length} cut-offs`}
      />
    </>
  );
}
