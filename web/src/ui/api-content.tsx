import type { ReactNode } from 'react';
import type { ApiState } from '../api/use-api';
import { ErrorView, Loading } from './states';

/** Renders a panel's API state: the error, the data (kept while reloading), or a loading line. */
export function ApiContent<T>({
  state,
  loadingLabel,
  children,
}: {
  state: ApiState<T>;
  loadingLabel: string;
  children: (data: T) => ReactNode;
}) {
  if (state.status === 'error') return <ErrorView error={state.error} />;
  const data = state.status === 'ok' ? state.data : state.previous;
  return data === undefined ? <Loading label={loadingLabel} /> : <>{children(data)}</>;
}
