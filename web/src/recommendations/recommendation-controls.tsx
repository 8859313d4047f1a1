import type { RecommendQuery } from './recommendations-contract';

const K_CHOICES = [5, 10, 20, 50];
const DIVERSITY_CHOICES: { value: number; label: string }[] = [
  { value: 0, label: '0 · relevance only' },
  { value: 0.25, label: '0.25' },
  { value: 0.5, label: '0.5' },
  { value: 0.75, label: '0.75' },
  { value: 1, label: '1 · most varied' },
];

/** List length, exclude purchased, a category and diversity: each change asks the API again. */
export function RecommendationControls({
  query,
  categories,
  onQuery,
}: {
  query: RecommendQuery;
  categories: readonly string[];
  onQuery: (query: RecommendQuery) => void;
}) {
  return (
    <form className="rec-controls" aria-label="Recommendation settings" onSubmit={(e) => e.preventDefault()}>
      <label>
        <span>Items</span>
        <select
          value={query.k}
          onChange={(event) => onQuery({ ...query, k: Number(event.target.value) })}
          data-testid="rec-k"
        >
          {K_CHOICES.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Category</span>
        <select
          value={query.category ?? ''}
          onChange={(event) => onQuery({ ...query, category: event.target.value || null })}
          data-testid="rec-category"
        >
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label title="Trades relevance for variety: similar products (same category, bought together) are spread out">
        <span>Diversity</span>
        <select
          value={query.diversity === null ? '' : String(query.diversity)}
          onChange={(event) =>
            onQuery({ ...query, diversity: event.target.value === '' ? null : Number(event.target.value) })
          }
          data-testid="rec-diversity"
        >
          <option value="">Shop default</option>
          {DIVERSITY_CHOICES.map((d) => (
            <option key={d.value} value={String(d.value)}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      <label className="rec-check">
        <input
          type="checkbox"
          checked={query.excludePurchased}
          onChange={(event) => onQuery({ ...query, excludePurchased: event.target.checked })}
          data-testid="rec-exclude-purchased"
        />
        <span>Exclude purchased</span>
      </label>
    </form>
  );
}
