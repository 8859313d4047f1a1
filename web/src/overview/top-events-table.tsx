import { formatCount } from '../ui/format';
import type { Overview } from './overview-contract';

export function TopEventsTable({ topEvents }: { topEvents: Overview['events']['topEvents'] }) {
  if (topEvents.length === 0) return <p className="muted">No track events in this period.</p>;
  return (
    <table data-testid="top-events-table">
      <thead>
        <tr>
          <th scope="col">Event</th>
          <th scope="col" className="num">
            Count
          </th>
        </tr>
      </thead>
      <tbody>
        {topEvents.map((entry) => (
          <tr key={entry.event}>
            <td>{entry.event}</td>
            <td className="num">{formatCount(entry.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
