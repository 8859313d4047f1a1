import { formatMetric } from './metric-text';
import type { ModelDetail } from './models-contract';

/** Held-out metrics, the primary one (promotions are decided on it) first. */
export function MetricsTable({ model }: { model: ModelDetail }) {
  const { name, higherIsBetter } = model.primaryMetric;
  const entries = Object.entries(model.metrics).sort(
    ([a], [b]) => Number(b === name) - Number(a === name) || (a < b ? -1 : a > b ? 1 : 0),
  );
  return (
    <table data-testid="metrics-table">
      <thead>
        <tr>
          <th scope="col">Metric</th>
          <th scope="col" className="num">
            Held-out value
          </th>
          <th scope="col" />
        </tr>
      </thead>
      <tbody>
        {entries.map(([metric, value]) => (
          <tr key={metric} data-metric={metric}>
            <td>
              <code>{metric}</code>
            </td>
            <td className="num">{formatMetric(value)}</td>
            <td className="muted small">
              {metric === name ? `primary · ${higherIsBetter ? 'higher' : 'lower'} is better` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
