import { formatDateTime } from '../ui/format';
import type { DeadLetter } from './overview-contract';

export function DeadLettersTable({ latest }: { latest: readonly DeadLetter[] }) {
  if (latest.length === 0) return <p className="muted">No dead letters in this period.</p>;
  return (
    <table data-testid="dead-letters-table">
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Source</th>
          <th scope="col">Code</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        {latest.map((entry) => (
          <tr key={entry.id} data-code={entry.code}>
            <td className="nowrap">
              <time dateTime={entry.receivedAt} title={entry.receivedAt}>
                {formatDateTime(entry.receivedAt)}
              </time>
            </td>
            <td>
              <code>{entry.source}</code>
            </td>
            <td>
              <code>{entry.code}</code>
            </td>
            <td className="message">{entry.message}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
