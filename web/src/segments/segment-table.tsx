import { formatCount, formatDateTime } from '../ui/format';
import { SizeSparkline } from './size-sparkline';
import type { Segment } from './segments-contract';

export function SegmentTable({ segments }: { segments: readonly Segment[] }) {
  if (segments.length === 0)
    return (
      <p className="muted" data-testid="segments-empty">
        No segments yet: create one with <code>POST /v1/segments</code> or{' '}
        <code>rapport segments discover --save</code>.
      </p>
    );
  return (
    <table data-testid="segments-table">
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Kind</th>
          <th scope="col" className="num">
            Size
          </th>
          <th scope="col">Size over time</th>
          <th scope="col">Refreshed</th>
        </tr>
      </thead>
      <tbody>
        {segments.map((s) => (
          <tr key={s.id} data-segment-id={s.id}>
            <td>
              {s.name}
              {s.description ? <div className="muted small">{s.description}</div> : null}
            </td>
            <td>
              <code>{s.kind}</code>
            </td>
            <td className="num">{formatCount(s.memberCount)}</td>
            <td className="sparkline-cell">
              <SizeSparkline segmentId={s.id} name={s.name} />
            </td>
            <td className="nowrap">{s.refreshedAt ? formatDateTime(s.refreshedAt) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
