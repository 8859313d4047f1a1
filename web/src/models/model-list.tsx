import { hrefFor } from '../app/use-hash-route';
import { formatDateTime } from '../ui/format';
import { formatMetric, versionRef } from './metric-text';
import type { ModelSummary } from './models-contract';
import { StatusBadge } from './status-badge';

/** Every model name with its versions, newest first; the selected version is highlighted. */
export function ModelList({
  models,
  selected,
}: {
  models: readonly ModelSummary[];
  selected: { name: string; version: number } | null;
}) {
  if (models.length === 0)
    return (
      <p className="muted" data-testid="models-empty">
        No models yet: train one with <code>rapport train propensity</code> or{' '}
        <code>rapport train churn</code>.
      </p>
    );
  return (
    <table data-testid="models-table">
      <thead>
        <tr>
          <th scope="col">Model</th>
          <th scope="col">Version</th>
          <th scope="col">Status</th>
          <th scope="col">Type</th>
          <th scope="col" className="num">
            Primary metric
          </th>
          <th scope="col">Registered</th>
        </tr>
      </thead>
      <tbody>
        {models.flatMap((model) =>
          model.versions.map((v, i) => {
            const isSelected = selected?.name === v.name && selected.version === v.version;
            return (
              <tr
                key={v.id}
                className={isSelected ? 'selected' : undefined}
                aria-selected={isSelected}
                data-model={v.name}
                data-version={v.version}
                data-status={v.status}
              >
                {i === 0 ? (
                  <th scope="rowgroup" rowSpan={model.versions.length} className="model-name">
                    {model.name}
                  </th>
                ) : null}
                <td>
                  <a href={hrefFor(`/models/${encodeURIComponent(versionRef(v.name, v.version))}`)}>
                    v{v.version}
                  </a>
                </td>
                <td>
                  <StatusBadge status={v.status} />
                  <div className="muted small">{v.statusReason}</div>
                </td>
                <td>
                  <code>{v.modelType}</code>
                </td>
                <td className="num nowrap">
                  {v.primaryMetric.value === null
                    ? '—'
                    : `${v.primaryMetric.name} ${formatMetric(v.primaryMetric.value)}`}
                </td>
                <td className="nowrap">{formatDateTime(v.createdAt)}</td>
              </tr>
            );
          }),
        )}
      </tbody>
    </table>
  );
}
