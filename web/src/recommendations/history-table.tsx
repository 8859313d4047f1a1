import { formatCount, formatDateTime } from '../ui/format';
import type { HistoryItem } from './recommendations-contract';
import { formatDay } from './rec-format';

/** The customer's products, most recent first: how often bought (orders) and looked at (views, cart additions). */
export function HistoryTable({ history, strategy }: { history: readonly HistoryItem[]; strategy: string }) {
  if (history.length === 0)
    return (
      <p className="muted" data-testid="history-empty">
        {strategy === 'not_personalized'
          ? 'Not read: the customer has not given personalization consent.'
          : 'No orders, views or cart additions yet.'}
      </p>
    );
  return (
    <table className="rec-table" data-testid="history-table">
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">Category</th>
          <th scope="col" className="num">
            Bought
          </th>
          <th scope="col" className="num">
            Looked
          </th>
          <th scope="col">Last seen</th>
        </tr>
      </thead>
      <tbody>
        {history.map((h) => (
          <tr key={h.id} data-item-id={h.id} data-bought={h.bought} data-looked={h.looked}>
            <td>
              {h.name ?? <span className="muted">unnamed</span>}
              <div className="muted small">
                <code>{h.id}</code>
              </div>
            </td>
            <td className="rec-category">{h.category ?? <span className="muted">—</span>}</td>
            <td className="num">{h.bought > 0 ? formatCount(h.bought) : <span className="muted">0</span>}</td>
            <td className="num">{h.looked > 0 ? formatCount(h.looked) : <span className="muted">0</span>}</td>
            <td className="nowrap" title={formatDateTime(h.lastAt)}>
              <time dateTime={h.lastAt}>{formatDay(h.lastAt)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
