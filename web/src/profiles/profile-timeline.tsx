import { formatDateTime } from '../ui/format';
import type { TimelineEvent } from './profiles-contract';
import { valueText } from './value-text';

/** The customer's latest events over all identities, newest first (the API's order). */
export function ProfileTimeline({ events }: { events: readonly TimelineEvent[] }) {
  if (events.length === 0) return <p className="muted">No events.</p>;
  return (
    <ol className="timeline" data-testid="profile-timeline">
      {events.map((e) => (
        <li key={e.id} data-type={e.type} data-timestamp={e.timestamp}>
          <time dateTime={e.timestamp} title={e.timestamp}>
            {formatDateTime(e.timestamp)}
          </time>
          <span className="timeline-event">
            <code>{e.type}</code> {e.event ?? e.name ?? ''}
          </span>
          <span className="muted timeline-props">{summarise(e.properties)}</span>
        </li>
      ))}
    </ol>
  );
}

function summarise(properties: unknown): string {
  if (typeof properties !== 'object' || properties === null) return '';
  const text = Object.entries(properties)
    .slice(0, 4)
    .map(([key, value]) => `${key}: ${valueText(value)}`)
    .join(' · ');
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}
