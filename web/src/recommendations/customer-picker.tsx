import { useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../api/use-api';
import { ApiContent } from '../ui/api-content';
import { formatCount, formatDateTime } from '../ui/format';
import { customersPath, decodeCustomers, recommendationsHref } from './recommendations-contract';
import type { CustomerOption } from './recommendations-contract';

/**
 * A search box over the profiles (prefix of a customer id or userId) with the matches to click; Enter opens what was
 * typed as it is, so a userId or anonymousId without a match in the list works too.
 */
export function CustomerPicker({ selected }: { selected: string | null }) {
  const [text, setText] = useState('');
  const prefix = text.trim();
  const state = useApi(customersPath(prefix), decodeCustomers);

  function open(event: FormEvent) {
    event.preventDefault();
    if (prefix !== '') window.location.hash = recommendationsHref(prefix);
  }

  return (
    <>
      <form className="search" role="search" onSubmit={open}>
        <input
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="Customer id, userId or anonymousId"
          aria-label="Customer"
          data-testid="customer-search-input"
        />
        <button type="submit" disabled={prefix === ''} data-testid="customer-open">
          Show recommendations
        </button>
      </form>
      <p className="muted hint">
        Matches by the start of the customer id or userId; Enter opens exactly what is typed.
      </p>
      <ApiContent state={state} loadingLabel="Loading customers…">
        {(body) => <CustomerList customers={body.data} selected={selected} prefix={prefix} />}
      </ApiContent>
    </>
  );
}

function CustomerList({
  customers,
  selected,
  prefix,
}: {
  customers: readonly CustomerOption[];
  selected: string | null;
  prefix: string;
}) {
  if (customers.length === 0)
    return (
      <p className="muted" data-testid="customer-list-empty">
        {prefix === '' ? (
          <>
            No profiles yet: they appear as events arrive, or after <code>rapport profiles build</code>.
          </>
        ) : (
          `No customer id or userId starts with “${prefix}”; Enter still asks for it as typed.`
        )}
      </p>
    );
  return (
    <table className="customer-list" data-testid="customer-list">
      <thead>
        <tr>
          <th scope="col">Customer</th>
          <th scope="col">userId</th>
          <th scope="col">Last seen</th>
          <th scope="col" className="num">
            Events
          </th>
        </tr>
      </thead>
      <tbody>
        {customers.map((c) => {
          const isSelected = selected === c.customerId || (selected !== null && selected === c.userId);
          return (
            <tr
              key={c.customerId}
              className={isSelected ? 'selected' : undefined}
              aria-selected={isSelected}
              data-customer-id={c.customerId}
              data-user-id={c.userId ?? ''}
            >
              <td>
                <a href={recommendationsHref(c.customerId)}>
                  <code>{c.customerId}</code>
                </a>
              </td>
              <td>{c.userId ?? <span className="muted">anonymous</span>}</td>
              <td className="nowrap">{c.lastSeenAt ? formatDateTime(c.lastSeenAt) : '—'}</td>
              <td className="num">{formatCount(c.eventCount)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
