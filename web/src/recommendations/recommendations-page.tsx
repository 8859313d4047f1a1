import { useState } from 'react';
import { useHashPath } from '../app/use-hash-route';
import { CustomerPicker } from './customer-picker';
import { CustomerRecommendations } from './customer-recommendations';
import { OfflineMetrics } from './offline-metrics';
import { DEFAULT_QUERY } from './recommendations-contract';
import type { RecommendQuery } from './recommendations-contract';
import './recommendations.css';

/**
 * `#/recommendations` picks a customer; `#/recommendations/<customer id, userId or anonymousId>` shows their history
 * beside what the live recommender gives them. The offline comparison of the models is below either way.
 */
export function RecommendationsPage() {
  const path = useHashPath();
  const customer = parseCustomer(path);
  // Kept while moving from one customer to the next, so two customers can be compared under the same settings.
  const [query, setQuery] = useState<RecommendQuery>(DEFAULT_QUERY);

  return (
    <div className="page" data-testid="recommendations-page">
      <div className="page-header">
        <h1>Recommendations</h1>
      </div>
      <div className="grid">
        <section className="panel panel-wide">
          <h2>Customer</h2>
          <CustomerPicker selected={customer} />
        </section>
      </div>
      {customer === null ? (
        <p className="muted rec-pick-hint" data-testid="recommendations-pick-hint">
          Pick a customer above, or type a customer id, userId or anonymousId, to see their history and what
          they are recommended.
        </p>
      ) : (
        <CustomerRecommendations key={customer} customer={customer} query={query} onQuery={setQuery} />
      )}
      <OfflineMetrics />
    </div>
  );
}

function parseCustomer(path: string): string | null {
  if (!path.startsWith('/recommendations/')) return null;
  const rest = path.slice('/recommendations/'.length);
  if (rest === '') return null;
  try {
    return decodeURIComponent(rest);
  } catch {
    return rest;
  }
}
