import { useMemo } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import type { RecommenderEvaluation } from './recommendations-contract';
import { formatScore, modelLabel } from './rec-format';

const NDCG_COLOR = '#5470c6';
const RECALL_COLOR = '#91cc75';
/** The models not served are drawn faded, so the served one stands out. */
const FADED = 0.35;

/** Held-out NDCG@k and recall@k of every compared model as grouped bars; the served model in full colour. */
export function ComparisonChart({ evaluation }: { evaluation: RecommenderEvaluation }) {
  const { comparison, chosen, k } = evaluation;
  const option = useMemo<ChartOption>(() => {
    const bars = (pick: (c: (typeof comparison)[number]) => number | null, color: string) =>
      comparison.map((c) => ({
        value: pick(c) ?? 0,
        itemStyle: { color, opacity: c.model === chosen ? 1 : FADED },
      }));
    const label = {
      show: true,
      position: 'top' as const,
      fontSize: 10,
      color: '#667085',
      formatter: (p: unknown) => formatScore((p as { value?: number }).value ?? 0),
    };
    return {
      grid: { left: 44, right: 12, top: 40, bottom: 44 },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => (typeof v === 'number' ? formatScore(v) : String(v)),
      },
      xAxis: {
        type: 'category',
        data: comparison.map((c) => c.model),
        axisLabel: {
          interval: 0,
          formatter: (value: string) =>
            value === chosen ? `{served|${modelLabel(value)}}\n{tag|served}` : modelLabel(value),
          rich: {
            served: { fontWeight: 'bold', color: '#1d2330', lineHeight: 16 },
            tag: { color: '#067647', fontSize: 10, lineHeight: 14 },
          },
        },
      },
      yAxis: { type: 'value', min: 0 },
      series: [
        {
          name: `NDCG@${k}`,
          type: 'bar',
          color: NDCG_COLOR,
          data: bars((c) => c.ndcg, NDCG_COLOR),
          label,
          barMaxWidth: 28,
        },
        {
          name: `Recall@${k}`,
          type: 'bar',
          color: RECALL_COLOR,
          data: bars((c) => c.recall, RECALL_COLOR),
          label,
          barMaxWidth: 28,
        },
      ],
    };
  }, [comparison, chosen, k]);
  return (
    <Chart
      option={option}
      height={300}
      data-testid="comparison-chart"
      data-models={comparison.length}
      data-chosen={chosen}
      role="img"
      aria-label={`Held-out NDCG@${k} and recall@${k} of ${comparison.length} models; ${modelLabel(chosen)} is served`}
    />
  );
}
