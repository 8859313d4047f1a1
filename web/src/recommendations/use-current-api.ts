import { useEffect, useState } from 'react';
import { ApiError, getJson } from '../api/api';
import type { Decoder } from '../api/decode';
import type { ApiState } from '../api/use-api';

/**
 * `useApi`, but never `ok` with another path's data: in the render where `path` changes, before the fetch starts,
 * `useApi` still reports the previous path's data as `ok`. The settings above the lists change the path, and the
 * page marks its data with the settings it was fetched for, so the two must agree.
 */
export function useCurrentApi<T>(path: string, decode: Decoder<T>): ApiState<T> {
  const [loaded, setLoaded] = useState<{ path: string; state: ApiState<T> } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    getJson(path, { signal: controller.signal })
      .then((body) => {
        if (!controller.signal.aborted)
          setLoaded({ path, state: { status: 'ok', data: decode(body, 'response') } });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted)
          setLoaded({ path, state: { status: 'error', error: toApiError(error) } });
      });
    return () => controller.abort();
  }, [path, decode]);

  if (loaded?.path === path) return loaded.state;
  return { status: 'loading', previous: loaded?.state.status === 'ok' ? loaded.state.data : undefined };
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return new ApiError(0, 'invalid_response', error instanceof Error ? error.message : String(error));
}
