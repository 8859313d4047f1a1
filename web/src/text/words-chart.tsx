import { useMemo } from 'react';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import type { WordWeight } from './text-contract';

/** The words behind an answer as horizontal bars: blue raised it, red lowered it; the strongest on top. */
export function WordsChart({
  words,
  testId,
  empty = 'No word of this text is known to the model.',
}: {
  words: WordWeight[];
  testId: string;
  empty?: string;
}) {
  const option = useMemo<ChartOption>(() => {
    const rows = [...words].reverse();
    return {
      grid: { left: 96, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', name: 'weight' },
      yAxis: { type: 'category', data: rows.map((w) => w.text) },
      series: [
        {
          type: 'bar',
          data: rows.map((w) => ({
            value: Number(w.weight.toFixed(3)),
            itemStyle: { color: w.weight >= 0 ? '#5470c6' : '#ee6666' },
          })),
        },
      ],
    };
  }, [words]);
  if (words.length === 0) return <p className="muted">{empty}</p>;
  return (
    <Chart
      option={option}
      height={Math.max(120, 26 * words.length + 40)}
      data-testid={testId}
      data-bars={words.length}
    />
  );
}
