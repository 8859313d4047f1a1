import { useMemo } from 'react';
import { useApi } from '../api/use-api';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import { formatDateTime, formatNumber, formatPercent } from '../ui/format';
import { ErrorView, Loading } from '../ui/states';
import { decodeCustomerScores, profileScoresPath } from './profiles-contract';
import type { CustomerScore } from './profiles-contract';

/** Probabilities read as percentages; a value score (`clv_…`) as an amount. */
const isProbability = (name: string) => !name.startsWith('clv_');

/** The customer's model scores, each with the inputs that pushed it up or down. */
export function ProfileScores({ customerId }: { customerId: string }) {
  const state = useApi(profileScoresPath(customerId), decodeCustomerScores);
  if (state.status === 'error') return <ErrorView error={state.error} />;
  if (state.status !== 'ok') return <Loading label="Loading scores…" />;
  if (state.data.scores.length === 0)
    return (
      <p className="muted" data-testid="profile-scores-empty">
        No model scores: no model is active yet (<code>rapport train propensity</code> or{' '}
        <code>rapport pipeline run</code> trains them).
      </p>
    );
  return (
    <div className="scores" data-testid="profile-scores">
      {state.data.scores.map((s) => (
        <ScoreCard key={s.name} score={s} />
      ))}
    </div>
  );
}

function ScoreCard({ score }: { score: CustomerScore }) {
  const shown = useMemo(() => [...score.contributions].reverse(), [score.contributions]);
  const option = useMemo<ChartOption>(
    () => ({
      grid: { left: 150, right: 24, top: 4, bottom: 20 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v) => (typeof v === 'number' ? v.toFixed(3) : String(v)),
      },
      xAxis: { type: 'value', name: 'log-odds', nameLocation: 'middle', nameGap: 22 },
      yAxis: {
        type: 'category',
        data: shown.map((c) => `${c.feature} = ${c.value === null ? '∅' : String(c.value).slice(0, 18)}`),
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 14,
          data: shown.map((c) => ({
            value: c.contribution,
            itemStyle: { color: c.contribution >= 0 ? '#2f855a' : '#c53030' },
          })),
        },
      ],
    }),
    [shown],
  );
  const value = isProbability(score.name) ? formatPercent(score.value) : formatNumber(score.value);
  return (
    <figure className="score" data-testid={`score-${score.name}`} data-value={score.value}>
      <figcaption>
        <code>{score.name}</code> <strong className="score-value">{value}</strong>{' '}
        <span className="muted">
          v{score.model.version}
          {score.asOf ? ` · as of ${formatDateTime(score.asOf)}` : ''}
        </span>
      </figcaption>
      {score.contributions.length > 0 ? (
        <Chart option={option} height={32 + shown.length * 24} role="img" aria-label={`why ${score.name}`} />
      ) : null}
    </figure>
  );
}
