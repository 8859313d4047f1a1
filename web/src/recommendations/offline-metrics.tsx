import { useApi } from '../api/use-api';
import { hrefFor } from '../app/use-hash-route';
import { formatDateTime, formatDayRange, formatNumber } from '../ui/format';
import { ErrorView, Loading } from '../ui/states';
import { ComparisonChart } from './comparison-chart';
import { ComparisonTable } from './comparison-table';
import { NotTrained } from './not-trained';
import { decodeRecommender, RECOMMENDER_PATH } from './recommendations-contract';
import type { RecommenderVersion } from './recommendations-contract';
import { modelLabel } from './rec-format';

/** The live recommender's offline evaluation: every compared model on the held-out days, the served one marked. */
export function OfflineMetrics() {
  const state = useApi(RECOMMENDER_PATH, decodeRecommender);
  return (
    <section className="rec-section" data-testid="offline-metrics" aria-busy={state.status === 'loading'}>
      <h2 className="rec-section-title">Offline evaluation</h2>
      {state.status === 'error' ? (
        state.error.code === 'model_not_found' ? (
          <NotTrained testId="metrics-not-trained" />
        ) : (
          <ErrorView error={state.error} />
        )
      ) : state.status === 'loading' ? (
        <Loading label="Loading the recommender’s evaluation…" />
      ) : (
        <VersionMetrics model={state.data.data} />
      )}
    </section>
  );
}

function VersionMetrics({ model }: { model: RecommenderVersion }) {
  const { evaluation } = model;
  return (
    <div
      data-testid="recommender-version"
      data-version={model.version}
      data-chosen={evaluation?.chosen ?? ''}
    >
      <ul className="facts rec-facts">
        <li>
          <span className="muted">Version</span>{' '}
          <a href={hrefFor(`/models/${encodeURIComponent(`${model.name}@${model.version}`)}`)}>
            {model.name} v{model.version}
          </a>{' '}
          <span className={`badge badge-${model.status}`} title={model.statusReason}>
            {model.status}
          </span>
        </li>
        <li data-testid="served-model">
          <span className="muted">Served</span> <strong>{modelLabel(model.modelType)}</strong>{' '}
          <code className="muted">{model.modelType}</code>
        </li>
        {evaluation ? (
          <li data-testid="holdout-window">
            <span className="muted">Holdout</span> last {evaluation.holdoutDays} days,{' '}
            {formatDayRange(evaluation.holdoutFrom, model.dataWindow.asOf)}
          </li>
        ) : null}
        <li>
          <span className="muted">Orders from</span> {formatDateTime(model.dataWindow.from)}
        </li>
        <li>
          <span className="muted">Training</span> {formatNumber(model.trainingSeconds)} s
        </li>
        <li>
          <span className="muted">Registered</span> {formatDateTime(model.createdAt)}
        </li>
      </ul>
      {model.status !== 'active' ? (
        <p className="muted small" data-testid="recommender-not-live">
          Not live: {model.statusReason}. Recommendations need an active version.
        </p>
      ) : null}
      {evaluation ? (
        <>
          <p className="muted hint rec-explain">
            Each model was trained on the orders before the holdout and asked for {evaluation.k} products per
            customer who ordered in it; a hit is a product they went on to buy. The served model is the best
            on the {evaluation.holdoutDays} days before the holdout (validation NDCG), so the holdout measures
            it fairly.
          </p>
          <div className="rec-metrics-grid">
            <section className="panel">
              <h2>
                NDCG@{evaluation.k} and recall@{evaluation.k} by model
              </h2>
              <ComparisonChart evaluation={evaluation} />
            </section>
            <section className="panel">
              <h2>Every metric</h2>
              <ComparisonTable evaluation={evaluation} />
            </section>
          </div>
        </>
      ) : (
        <p className="muted" data-testid="evaluation-missing">
          This version was registered without the comparison of models; the next pipeline run stores it.
        </p>
      )}
    </div>
  );
}
