import { useMemo, useState } from 'react';
import { useApi } from '../api/use-api';
import { Chart } from '../charts/chart';
import type { ChartOption } from '../charts/echarts';
import { formatPercent } from '../ui/format';
import { ErrorView, Loading } from '../ui/states';
import { TEXT_MODELS, decodeTextModel, textModelPath } from './text-contract';
import type { TextEvaluation } from './text-contract';

/** The confusion matrix and weakest classes of the latest evaluation of a text model (its live version). */
export function EvaluationPanel() {
  const [name, setName] = useState<string>(TEXT_MODELS[0]);
  return (
    <section className="panel panel-wide">
      <h2>Latest evaluation</h2>
      <div className="text-tabs" role="tablist">
        {TEXT_MODELS.map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={m === name}
            className={m === name ? 'active' : ''}
            onClick={() => setName(m)}
            data-testid={`eval-tab-${m}`}
          >
            {m}
          </button>
        ))}
      </div>
      <ModelEvaluation key={name} name={name} />
    </section>
  );
}

function ModelEvaluation({ name }: { name: string }) {
  const state = useApi(textModelPath(name), decodeTextModel);
  if (state.status === 'loading') return <Loading label="Loading the evaluation…" />;
  if (state.status === 'error') {
    if (state.error.code === 'model_not_found')
      return (
        <p className="muted" data-testid="eval-none">
          No {name} model yet: <code>rapport text train --task {name.replace('text_', '')} --data FILE</code>{' '}
          evaluates one and registers it.
        </p>
      );
    return <ErrorView error={state.error} />;
  }
  const m = state.data.data;
  return (
    <div data-testid="eval-model">
      <p>
        {m.name} v{m.version} ({m.status}, {m.modelType}): accuracy{' '}
        <strong data-testid="eval-accuracy">{formatPercent(m.metrics.accuracy ?? NaN)}</strong>, macro-F1{' '}
        {formatPercent(m.metrics.macroF1 ?? NaN)}
      </p>
      {m.evaluation ? (
        <ConfusionMatrix evaluation={m.evaluation} />
      ) : (
        <p className="muted">This version was stored without an evaluation.</p>
      )}
    </div>
  );
}

function ConfusionMatrix({ evaluation }: { evaluation: TextEvaluation }) {
  const { labels, confusion, perClass } = evaluation;
  const option = useMemo<ChartOption>(() => {
    const cells: [number, number, number][] = [];
    let max = 1;
    confusion.forEach((row, t) =>
      row.forEach((n, p) => {
        if (n > 0) cells.push([p, t, n]);
        if (n > max) max = n;
      }),
    );
    const many = labels.length > 12;
    return {
      grid: { left: many ? 180 : 110, right: 16, top: 8, bottom: many ? 180 : 90 },
      tooltip: {
        formatter: (params: unknown) => {
          const value = (params as { value?: unknown }).value;
          if (!Array.isArray(value)) return '';
          const [p, t, n] = value as [number, number, number];
          return `true ${labels[t] ?? ''}<br/>predicted ${labels[p] ?? ''}: ${n}`;
        },
      },
      xAxis: {
        type: 'category',
        data: labels,
        name: 'predicted',
        nameLocation: 'middle',
        nameGap: many ? 160 : 70,
        axisLabel: { rotate: 60, interval: 0, fontSize: many ? 8 : 11 },
      },
      yAxis: {
        type: 'category',
        data: labels,
        name: 'true',
        inverse: true,
        axisLabel: { interval: 0, fontSize: many ? 8 : 11 },
      },
      visualMap: {
        type: 'continuous',
        min: 0,
        max,
        show: false,
        inRange: { color: ['#eef1fb', '#5470c6'] },
      },
      series: [{ type: 'heatmap', data: cells, label: { show: !many } }],
    };
  }, [labels, confusion]);
  const weakest = perClass
    .map((c, i) => ({ ...c, label: labels[i] ?? '' }))
    .filter((c) => c.support > 0)
    .sort((a, b) => a.f1 - b.f1 || a.label.localeCompare(b.label))
    .slice(0, 8);
  return (
    <>
      <Chart
        option={option}
        height={labels.length > 12 ? Math.max(500, 9 * labels.length + 200) : 360}
        data-testid="confusion-matrix"
        data-labels={labels.length}
        data-cells={confusion.flat().filter((n) => n > 0).length}
      />
      <h3>Weakest classes</h3>
      <table data-testid="weakest-classes">
        <thead>
          <tr>
            <th>class</th>
            <th className="num">F1</th>
            <th className="num">precision</th>
            <th className="num">recall</th>
            <th className="num">rows</th>
          </tr>
        </thead>
        <tbody>
          {weakest.map((c) => (
            <tr key={c.label}>
              <td>{c.label}</td>
              <td className="num">{formatPercent(c.f1)}</td>
              <td className="num">{formatPercent(c.precision)}</td>
              <td className="num">{formatPercent(c.recall)}</td>
              <td className="num">{c.support}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
