import { useApi } from '../api/use-api';
import { ApiContent } from '../ui/api-content';
import { formatCount, formatDateTime, formatNumber } from '../ui/format';
import { ErrorView, Loading } from '../ui/states';
import { EvaluationSections } from './evaluation-sections';
import { HistoryTable } from './history-table';
import { MetricsTable } from './metrics-table';
import { decodeHistory, decodeModel, historyPath, modelPath } from './models-contract';
import type { ModelDetail } from './models-contract';
import { StatusBadge } from './status-badge';

/** One version: its facts, held-out metrics, evaluation charts and the name's promotion history. */
export function VersionDetail({ name, version }: { name: string; version: number }) {
  const state = useApi(modelPath(name, version), decodeModel);
  const history = useApi(historyPath(name), decodeHistory);
  if (state.status === 'error') return <ErrorView error={state.error} />;
  if (state.status === 'loading') return <Loading label={`Loading ${name} v${version}…`} />;
  const model = state.data.data;
  return (
    <div data-testid="model-detail" data-model={model.name} data-version={model.version}>
      <VersionHeader model={model} />
      <div className="grid">
        <section className="panel">
          <h2>Held-out metrics</h2>
          <MetricsTable model={model} />
        </section>
        <EvaluationSections evaluation={model.evaluation} />
        <section className="panel panel-wide" aria-busy={history.status === 'loading'}>
          <h2>Promotion history</h2>
          <ApiContent state={history} loadingLabel="Loading the history…">
            {(body) => <HistoryTable events={body.data} version={model.version} />}
          </ApiContent>
        </section>
      </div>
    </div>
  );
}

function VersionHeader({ model }: { model: ModelDetail }) {
  return (
    <section className="version-header">
      <h2>
        {model.name} v{model.version} <StatusBadge status={model.status} />
      </h2>
      <p className="muted" data-testid="model-status-reason">
        {model.statusReason}
      </p>
      <ul className="facts">
        <li>
          <span className="muted">Type</span> <code>{model.modelType}</code>
        </li>
        <li>
          <span className="muted">Data</span> {formatDateTime(model.dataWindow.from)} –{' '}
          {formatDateTime(model.dataWindow.to)}
        </li>
        <li title={model.features.join(', ')}>
          <span className="muted">Inputs</span> {formatCount(model.features.length)}
        </li>
        <li>
          <span className="muted">Training</span> {formatNumber(model.trainingSeconds)} s
        </li>
        <li>
          <span className="muted">Registered</span> {formatDateTime(model.createdAt)}
        </li>
        <li>
          <span className="muted">Code</span> <code>{model.codeVersion}</code>
        </li>
      </ul>
    </section>
  );
}
