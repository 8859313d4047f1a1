import { useEffect, useState } from 'react';
import { useCurrentApi } from './use-current-api';
import { hrefFor } from '../app/use-hash-route';
import { formatDateTime } from '../ui/format';
import { ErrorView, Loading } from '../ui/states';
import { HistoryTable } from './history-table';
import { RecommendationControls } from './recommendation-controls';
import { RecommendationTable } from './recommendation-table';
import { decodeRecommendations, recommendationsPath } from './recommendations-contract';
import type { RecommendQuery, Recommendations } from './recommendations-contract';
import { strategyText } from './rec-format';

/** One customer: their history beside their recommendations, with the controls that re-query the list. */
export function CustomerRecommendations({
  customer,
  query,
  onQuery,
}: {
  customer: string;
  query: RecommendQuery;
  onQuery: (query: RecommendQuery) => void;
}) {
  const state = useCurrentApi(recommendationsPath(customer, query), decodeRecommendations);
  const data =
    state.status === 'ok' ? state.data.data : state.status === 'loading' ? state.previous?.data : null;
  const categories = useSeenCategories(data ?? null, query.category);

  if (state.status === 'error') {
    const { error } = state;
    if (error.code === 'recommender_not_trained')
      return (
        <p className="muted rec-pick-hint" role="status" data-testid="recommendations-not-trained">
          No recommendations for <code>{customer}</code>: no recommender is trained yet (see the offline
          evaluation below).
        </p>
      );
    if (error.code === 'profile_not_found')
      return (
        <section className="notice notice-error rec-section" role="alert" data-testid="customer-not-found">
          <h2>No customer “{customer}”</h2>
          <p className="muted">
            No profile has that customer id, userId or anonymousId. Search for one above; profiles appear as
            events arrive, or after <code>rapport profiles build</code>.
          </p>
        </section>
      );
    return (
      <div className="rec-section">
        <ErrorView error={error} />
      </div>
    );
  }
  if (!data) return <Loading label={`Loading recommendations for ${customer}…`} />;
  const strategy = strategyText(data.strategy);
  return (
    <div
      className="rec-section"
      data-testid="customer-recommendations"
      data-state={state.status}
      data-customer-id={data.customerId}
      data-strategy={data.strategy}
      data-k={query.k}
      data-exclude={query.excludePurchased ? 'purchased' : ''}
      data-category={query.category ?? ''}
      data-diversity={query.diversity ?? ''}
      aria-busy={state.status === 'loading'}
    >
      <div className="rec-customer-header">
        <h2>
          <a href={hrefFor(`/profiles/${encodeURIComponent(data.customerId)}`)} title="Open the profile">
            <code data-testid="rec-customer-id">{data.customerId}</code>
          </a>{' '}
          <span className={`badge badge-strategy-${data.strategy}`} data-testid="strategy-badge">
            {strategy.label}
          </span>
        </h2>
        <p className="muted small">
          {strategy.hint} Model <code>{data.model.name}</code> v{data.model.version} (
          <code>{data.model.type}</code>) · generated {formatDateTime(data.generatedAt)}
          {data.cached ? ' · from cache' : ''}
          {state.status === 'loading' ? <span className="updating"> · updating…</span> : null}
        </p>
      </div>
      <RecommendationControls query={query} categories={categories} onQuery={onQuery} />
      <div className="rec-grid">
        <section className="panel" data-testid="history-panel">
          <h2>History</h2>
          <p className="muted hint">What the list was computed from, most recent first (at most 20).</p>
          <HistoryTable history={data.history} strategy={data.strategy} />
        </section>
        <section className="panel" data-testid="recommendations-panel">
          <h2>Recommended</h2>
          <p className="muted hint">Best first; each with the reason the customer would be shown.</p>
          <RecommendationTable items={data.items} history={data.history} />
        </section>
      </div>
    </div>
  );
}

/**
 * The categories seen so far for this customer (history and lists), so the category filter can offer them: the API
 * has no catalogue listing. The selected one is always offered.
 */
function useSeenCategories(data: Recommendations | null, selected: string | null): string[] {
  const [seen, setSeen] = useState<readonly string[]>([]);
  useEffect(() => {
    if (!data) return;
    const found = [...data.history, ...data.items].map((i) => i.category).filter((c) => c !== null);
    setSeen((current) => {
      const missing = found.filter((c) => !current.includes(c));
      return missing.length === 0 ? current : [...current, ...new Set(missing)];
    });
  }, [data]);
  const all = selected === null || seen.includes(selected) ? [...seen] : [...seen, selected];
  return all.sort((a, b) => a.localeCompare(b));
}
