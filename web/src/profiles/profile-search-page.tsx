import { useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../api/use-api';
import { formatCount, formatDateTime } from '../ui/format';
import { ErrorView, Loading } from '../ui/states';
import { decodeProfilePage, profileHref, profilesPath } from './profiles-contract';
import type { ProfileSearch, ProfileSummary } from './profiles-contract';

export function ProfileSearchPage() {
  const [by, setBy] = useState<ProfileSearch['by']>('q');
  const [text, setText] = useState('');
  const [search, setSearch] = useState<ProfileSearch>({ by: 'q', text: '' });
  // Cursors of the pages before the current one, so "Previous" can go back.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const cursor = cursors[cursors.length - 1] ?? null;
  const state = useApi(profilesPath(search, cursor), decodeProfilePage);
  const page = state.status === 'ok' ? state.data : state.status === 'loading' ? state.previous : undefined;

  function submit(event: FormEvent) {
    event.preventDefault();
    const trimmed = text.trim();
    if (by === 'email' && trimmed.length < 3) return;
    setSearch({ by, text: trimmed });
    setCursors([null]);
  }

  return (
    <div className="page" data-testid="profiles-page" aria-busy={state.status === 'loading'}>
      <div className="page-header">
        <h1>Profiles</h1>
        {state.status === 'loading' && page ? <span className="muted updating">Updating…</span> : null}
      </div>
      <form className="search" role="search" onSubmit={submit}>
        <select
          value={by}
          onChange={(event) => setBy(event.target.value === 'email' ? 'email' : 'q')}
          aria-label="Search by"
          data-testid="profile-search-by"
        >
          <option value="q">Customer id or userId (prefix)</option>
          <option value="email">Email (exact)</option>
        </select>
        <input
          type={by === 'email' ? 'email' : 'search'}
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={by === 'email' ? 'jane@example.com' : 'cus_… or a userId'}
          aria-label="Search text"
          data-testid="profile-search-input"
        />
        <button type="submit" data-testid="profile-search-submit">
          Search
        </button>
      </form>
      {state.status === 'error' ? (
        <ErrorView error={state.error} />
      ) : page ? (
        <section className="panel">
          <ProfileTable profiles={page.data} />
          {search.by === 'q' ? (
            <div className="pager">
              <button
                type="button"
                disabled={cursors.length <= 1}
                onClick={() => setCursors((list) => list.slice(0, -1))}
              >
                Previous
              </button>
              <span className="muted">Page {cursors.length}</span>
              <button
                type="button"
                disabled={page.nextCursor === null}
                data-testid="profiles-next"
                onClick={() => setCursors((list) => [...list, page.nextCursor])}
              >
                Next
              </button>
            </div>
          ) : null}
        </section>
      ) : (
        <Loading label="Loading profiles…" />
      )}
    </div>
  );
}

function ProfileTable({ profiles }: { profiles: readonly ProfileSummary[] }) {
  if (profiles.length === 0)
    return (
      <p className="muted" data-testid="profiles-empty">
        No profiles match. Profiles appear as events arrive, or after <code>rapport profiles build</code>.
      </p>
    );
  return (
    <table data-testid="profiles-table">
      <thead>
        <tr>
          <th scope="col">Customer</th>
          <th scope="col">userId</th>
          <th scope="col">Last seen</th>
          <th scope="col" className="num">
            Events
          </th>
          <th scope="col">RFM segment</th>
        </tr>
      </thead>
      <tbody>
        {profiles.map((p) => (
          <tr key={p.customerId} data-customer-id={p.customerId}>
            <td>
              <a href={profileHref(p.customerId)}>
                <code>{p.customerId}</code>
              </a>
            </td>
            <td>{p.userId ?? <span className="muted">anonymous</span>}</td>
            <td className="nowrap">{p.lastSeenAt ? formatDateTime(p.lastSeenAt) : '—'}</td>
            <td className="num">{formatCount(p.eventCount)}</td>
            <td>{p.rfm?.segment ?? <span className="muted">—</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
