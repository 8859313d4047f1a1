import type { HistoryItem, RecommendedItem } from './recommendations-contract';
import { formatPrice, formatScore } from './rec-format';

/** The ranked list: product, category, price, score as a bar (against the list's best), and the reason. */
export function RecommendationTable({
  items,
  history,
}: {
  items: readonly RecommendedItem[];
  history: readonly HistoryItem[];
}) {
  if (items.length === 0)
    return (
      <p className="muted" data-testid="recommendations-empty">
        No product passes these filters. Widen the category or turn off “Exclude purchased”.
      </p>
    );
  const best = Math.max(0, ...items.map((i) => i.score));
  const inHistory = new Map(history.map((h) => [h.id, h]));
  return (
    <table className="rec-table" data-testid="recommendations-table">
      <thead>
        <tr>
          <th scope="col" className="num">
            #
          </th>
          <th scope="col">Product</th>
          <th scope="col">Category</th>
          <th scope="col" className="num">
            Price
          </th>
          <th scope="col">Score</th>
          <th scope="col">Why</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item, rank) => {
          const seen = inHistory.get(item.id);
          const share = best > 0 ? Math.max(0, item.score) / best : 0;
          return (
            <tr key={item.id} data-item-id={item.id} data-reason-code={item.reason.code}>
              <td className="num muted">{rank + 1}</td>
              <td>
                {item.name ?? <span className="muted">unnamed</span>}
                <div className="muted small">
                  <code>{item.id}</code>
                  {seen ? (
                    <span className="rec-tag">{seen.bought > 0 ? 'bought before' : 'looked at'}</span>
                  ) : null}
                </div>
              </td>
              <td className="rec-category">{item.category ?? <span className="muted">—</span>}</td>
              <td className="num nowrap">{formatPrice(item.price)}</td>
              <td className="rec-score-cell">
                <div className="rec-score" title={String(item.score)}>
                  <span className="rec-score-bar" style={{ width: `${(share * 100).toFixed(1)}%` }} />
                </div>
                <span className="small num">{formatScore(item.score)}</span>
              </td>
              <td className="rec-reason" data-testid="rec-reason">
                {item.reason.text}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
