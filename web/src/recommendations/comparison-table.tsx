import type { ModelComparison, RecommenderEvaluation } from './recommendations-contract';
import { formatScore, modelLabel } from './rec-format';

type MetricKey = Exclude<keyof ModelComparison, 'model' | 'setting' | 'trainSeconds'>;

/** The ranking metrics at k, as the evaluation names them; higher is better for each. */
const COLUMNS: { key: MetricKey; label: (k: number) => string; title: string }[] = [
  {
    key: 'validationNdcg',
    label: (k) => `Validation NDCG@${k}`,
    title: 'On the days before the holdout: what picks the served model',
  },
  { key: 'ndcg', label: (k) => `NDCG@${k}`, title: 'Hits weighted by rank, against the best possible order' },
  { key: 'recall', label: (k) => `Recall@${k}`, title: 'Share of the products bought that were in the list' },
  { key: 'hr', label: (k) => `Hit rate@${k}`, title: 'Share of customers with at least one hit' },
  {
    key: 'precision',
    label: (k) => `Precision@${k}`,
    title: 'Share of the listed products that were bought',
  },
  { key: 'mrr', label: (k) => `MRR@${k}`, title: 'Mean reciprocal rank of the first hit' },
  { key: 'coverage', label: (k) => `Coverage@${k}`, title: 'Share of the catalogue recommended to anyone' },
];

/** Every compared model with each held-out metric (the best per column in bold) and its training time. */
export function ComparisonTable({ evaluation }: { evaluation: RecommenderEvaluation }) {
  const { comparison, chosen, k } = evaluation;
  const best = new Map(
    COLUMNS.map(({ key }) => {
      const values = comparison.map((c) => c[key]).filter((v) => v !== null);
      return [key, values.length > 0 ? Math.max(...values) : null];
    }),
  );
  return (
    <div className="rec-table-scroll">
      <table data-testid="comparison-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            {COLUMNS.map((c) => (
              <th key={c.key} scope="col" className="num" title={c.title}>
                {c.label(k)}
              </th>
            ))}
            <th scope="col" className="num">
              Training s
            </th>
          </tr>
        </thead>
        <tbody>
          {comparison.map((row) => {
            const served = row.model === chosen;
            return (
              <tr
                key={row.model}
                className={served ? 'selected' : undefined}
                data-model={row.model}
                data-served={served}
              >
                <th scope="row" className="rec-model-cell">
                  {modelLabel(row.model)}{' '}
                  {served ? (
                    <span className="badge badge-active" data-testid="served-badge">
                      served
                    </span>
                  ) : null}
                  {row.setting ? (
                    <div className="muted small" title={row.setting}>
                      {row.setting}
                    </div>
                  ) : null}
                </th>
                {COLUMNS.map((c) => {
                  const value = row[c.key];
                  const top = value !== null && value === best.get(c.key);
                  return (
                    <td key={c.key} className={`num${top ? ' rec-best' : ''}`} data-metric={c.key}>
                      {formatScore(value)}
                    </td>
                  );
                })}
                <td className="num">{row.trainSeconds === null ? '—' : row.trainSeconds.toFixed(2)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
