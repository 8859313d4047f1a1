import { formatDateTime } from '../ui/format';
import type { ModelEvent } from './models-contract';
import { StatusBadge } from './status-badge';

/** A model name's status decisions, newest first; the selected version's rows are highlighted. */
export function HistoryTable({ events, version }: { events: readonly ModelEvent[]; version: number }) {
  if (events.length === 0) return <p className="muted">No decisions recorded.</p>;
  const newestFirst = [...events].reverse();
  return (
    <table data-testid="history-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Version</th>
          <th scope="col">Change</th>
          <th scope="col">By</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {newestFirst.map((e, i) => (
          <tr
            key={`${e.at}-${e.version}-${i}`}
            className={e.version === version ? 'selected' : undefined}
            data-version={e.version}
            data-to={e.to}
          >
            <td className="nowrap">{formatDateTime(e.at)}</td>
            <td>v{e.version}</td>
            <td className="nowrap">
              {e.from === null ? <span className="muted">new → </span> : <>{e.from} → </>}
              <StatusBadge status={e.to} />
            </td>
            <td>{e.actor}</td>
            <td className="message">{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
