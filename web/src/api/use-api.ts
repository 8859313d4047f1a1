import { useEffect, useState } from 'react';
import { ApiError, getJson, postJson } from './api';
import type { Decoder } from './decode';

export type ApiState<T> =
  | { status: 'loading'; previous: T | undefined }
  | { status: 'ok'; data: T }
  | { status: 'error'; error: ApiError };

/** Fetches and decodes `path`, refetching when it changes; keeps the previous data while reloading. */
export function useApi<T>(path: string, decode: Decoder<T>): ApiState<T> {
  return useRequest(path, null, decode);
}

/** POSTs `body` (JSON) to `path` and decodes the reply, again whenever the path or body text changes. */
export function usePostApi<T>(path: string, body: unknown, decode: Decoder<T>): ApiState<T> {
  return useRequest(path, JSON.stringify(body), decode);
}

function useRequest<T>(path: string, body: string | null, decode: Decoder<T>): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({ status: 'loading', previous: undefined });

  useEffect(() => {
    const controller = new AbortController();
    setState((current) => ({
      status: 'loading',
      previous: current.status === 'ok' ? current.data : undefined,
    }));
    const request =
      body === null
        ? getJson(path, { signal: controller.signal })
        : postJson(path, JSON.parse(body) as unknown, { signal: controller.signal });
    request
      .then((body) => {
        if (!controller.signal.aborted) setState({ status: 'ok', data: decode(body, 'response') });
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setState({ status: 'error', error: toApiError(error) });
      });
    return () => controller.abort();
  }, [path, body, decode]);

  return state;
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError(0, 'invalid_response', message);
}
