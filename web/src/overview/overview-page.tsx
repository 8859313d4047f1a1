import { useState } from 'react';
import { useApi } from '../api/use-api';
import { formatDayRange } from '../ui/format';
import { ErrorView, Loading } from '../ui/states';
import { DeadLettersTable } from './dead-letters-table';
import { EventsByTypeChart } from './events-by-type-chart';
import { EventsPerDayChart } from './events-per-day-chart';
import { decodeOverview, overviewPath } from './overview-contract';
import type { Overview } from './overview-contract';
import { StatCards } from './stat-cards';
import { TopEventsTable } from './top-events-table';

const DAY_CHOICES = [7, 30, 90, 180] as const;

export function OverviewPage() {
  const [days, setDays] = useState<number>(180);
  const state = useApi(overviewPath(days), decodeOverview);
  const overview =
    state.status === 'ok' ? state.data : state.status === 'loading' ? state.previous : undefined;

  return (
    <div className="page" data-testid="overview-page" aria-busy={state.status === 'loading'}>
      <div className="page-header">
        <h1>Overview</h1>
        {state.status === 'loading' && overview ? <span className="muted updating">Updating…</span> : null}
        <label className="days">
          Period{' '}
          <select
            value={days}
            onChange={(event) => setDays(Number(event.target.value))}
            data-testid="days-select"
          >
            {DAY_CHOICES.map((choice) => (
              <option key={choice} value={choice}>
                Last {choice} days
              </option>
            ))}
          </select>
        </label>
      </div>
      {state.status === 'error' ? (
        <ErrorView error={state.error} />
      ) : overview ? (
        <OverviewContent overview={overview} />
      ) : (
        <Loading label="Loading overview…" />
      )}
    </div>
  );
}

function OverviewContent({ overview }: { overview: Overview }) {
  return (
    <>
      <p className="period">{formatDayRange(overview.since, overview.until)}</p>
      <StatCards overview={overview} />
      <div className="grid">
        <section className="panel panel-wide">
          <h2>Events per day</h2>
          <EventsPerDayChart overview={overview} />
        </section>
        <section className="panel">
          <h2>Events by type</h2>
          <EventsByTypeChart byType={overview.events.byType} />
        </section>
        <section className="panel">
          <h2>Top events</h2>
          <TopEventsTable topEvents={overview.events.topEvents} />
        </section>
        <section className="panel panel-wide">
          <h2>Latest dead letters</h2>
          <DeadLettersTable latest={overview.deadLetters.latest} />
        </section>
      </div>
    </>
  );
}
