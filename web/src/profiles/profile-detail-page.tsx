import { useMemo } from 'react';
import { useApi } from '../api/use-api';
import { hrefFor } from '../app/use-hash-route';
import { formatCount, formatDateTime, formatNumber } from '../ui/format';
import { ErrorView, Loading } from '../ui/states';
import { FeatureMapChart } from './feature-map-chart';
import { KeyValueTable } from './key-value-table';
import { decodeProfileDetail, profilePath } from './profiles-contract';
import type { ProfileDetail } from './profiles-contract';
import { ProfileScores } from './profile-scores';
import { ProfileTimeline } from './profile-timeline';
import { numberMap } from './value-text';

export function ProfileDetailPage({ id }: { id: string }) {
  const state = useApi(profilePath(id), decodeProfileDetail);
  return (
    <div className="page" data-testid="profile-page" aria-busy={state.status === 'loading'}>
      <p className="breadcrumb">
        <a href={hrefFor('/profiles')}>← Profiles</a>
      </p>
      {state.status === 'error' ? (
        <ErrorView error={state.error} />
      ) : state.status === 'ok' ? (
        <ProfileContent profile={state.data} />
      ) : (
        <Loading label="Loading profile…" />
      )}
    </div>
  );
}

function ProfileContent({ profile }: { profile: ProfileDetail }) {
  const { scalars, maps } = useMemo(() => splitFeatures(profile.features), [profile.features]);
  const cards: { key: string; label: string; value: string }[] = [
    { key: 'user-id', label: 'userId', value: profile.userId ?? 'anonymous' },
    { key: 'first-seen', label: 'First seen', value: dateOrDash(profile.firstSeenAt) },
    { key: 'last-seen', label: 'Last seen', value: dateOrDash(profile.lastSeenAt) },
    { key: 'events', label: 'Events', value: formatCount(profile.eventCount) },
  ];
  return (
    <>
      <div className="page-header">
        <h1>
          <code data-testid="profile-customer-id">{profile.customerId}</code>
        </h1>
      </div>
      <ul className="cards" data-testid="profile-header">
        {cards.map((card) => (
          <li key={card.key} className="card" data-testid={`profile-${card.key}`}>
            <span className="card-label">{card.label}</span>
            <span className="card-value card-value-small">{card.value}</span>
          </li>
        ))}
      </ul>
      <div className="grid">
        <section className="panel">
          <h2>Traits</h2>
          <KeyValueTable values={Object.entries(profile.traits)} empty="No traits." testId="profile-traits" />
        </section>
        <section className="panel">
          <h2>Computed traits</h2>
          <KeyValueTable
            values={Object.entries(profile.computedTraits)}
            empty="No computed traits."
            testId="profile-computed"
          />
        </section>
        <section className="panel">
          <h2>RFM</h2>
          <RfmSummary profile={profile} />
        </section>
        <section className="panel panel-wide">
          <h2>Model scores</h2>
          <ProfileScores customerId={profile.customerId} />
        </section>
        <section className="panel">
          <h2>Segments</h2>
          <Memberships profile={profile} />
        </section>
        <section className="panel panel-wide">
          <h2>Features</h2>
          <div className="features">
            <KeyValueTable values={scalars} empty="No features yet." testId="profile-features" />
            <div className="feature-maps">
              {maps.map(([name, entries]) => (
                <FeatureMapChart key={name} name={name} entries={entries} />
              ))}
            </div>
          </div>
        </section>
        <section className="panel">
          <h2>Consent</h2>
          <ConsentTable profile={profile} />
        </section>
        <section className="panel">
          <h2>Recent events</h2>
          <ProfileTimeline events={profile.recentEvents} />
        </section>
      </div>
    </>
  );
}

function dateOrDash(iso: string | null): string {
  return iso === null ? '—' : formatDateTime(iso);
}

function splitFeatures(features: Record<string, unknown>) {
  const scalars: [string, unknown][] = [];
  const maps: [string, [string, number][]][] = [];
  for (const [name, value] of Object.entries(features)) {
    const entries = numberMap(value);
    if (entries) maps.push([name, entries]);
    else scalars.push([name, value]);
  }
  return { scalars, maps };
}

function RfmSummary({ profile }: { profile: ProfileDetail }) {
  const { rfm } = profile;
  if (!rfm)
    return (
      <p className="muted" data-testid="profile-rfm-empty">
        No RFM scores: the customer has no orders, or <code>rapport profiles build</code> has not run since.
      </p>
    );
  return (
    <div data-testid="profile-rfm">
      <p className="rfm-segment">
        <strong data-testid="profile-rfm-segment">{rfm.segment}</strong>{' '}
        <span className="muted">
          R {rfm.r} · F {rfm.f} · M {rfm.m}
        </span>
      </p>
      <table>
        <tbody>
          <tr>
            <th scope="row">Recency</th>
            <td className="num">{formatNumber(rfm.recency)} days</td>
          </tr>
          <tr>
            <th scope="row">Frequency</th>
            <td className="num">{formatNumber(rfm.frequency)} orders</td>
          </tr>
          <tr>
            <th scope="row">Monetary</th>
            <td className="num">{formatNumber(rfm.monetary)}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}

function Memberships({ profile }: { profile: ProfileDetail }) {
  if (profile.segments.length === 0) return <p className="muted">In no segment.</p>;
  return (
    <table data-testid="profile-segments">
      <thead>
        <tr>
          <th scope="col">Segment</th>
          <th scope="col">Kind</th>
          <th scope="col">Since</th>
        </tr>
      </thead>
      <tbody>
        {profile.segments.map((s) => (
          <tr key={s.id}>
            <td>{s.name}</td>
            <td>
              <code>{s.kind}</code>
            </td>
            <td className="nowrap">{formatDateTime(s.since)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ConsentTable({ profile }: { profile: ProfileDetail }) {
  if (profile.consent.length === 0) return <p className="muted">No consent purposes configured.</p>;
  return (
    <table data-testid="profile-consent">
      <thead>
        <tr>
          <th scope="col">Purpose</th>
          <th scope="col">Granted</th>
          <th scope="col">Source</th>
        </tr>
      </thead>
      <tbody>
        {profile.consent.map((c) => (
          <tr key={c.purpose} data-purpose={c.purpose} data-granted={c.granted}>
            <td>
              <code>{c.purpose}</code>
            </td>
            <td className={c.granted ? 'granted' : 'denied'}>{c.granted ? 'yes' : 'no'}</td>
            <td className="muted">
              {c.source}
              {c.at ? ` · ${formatDateTime(c.at)}` : ''}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
