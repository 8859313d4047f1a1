/** An HTTP API failure, carrying the server's `{ "error": { "code", "message", "details" } }` body when present. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get isUnauthenticated(): boolean {
    return this.status === 401;
  }
}

export interface RequestOptions {
  signal?: AbortSignal;
}

/** GETs a JSON resource from the Rapport HTTP API with the session cookie; throws {@link ApiError}. */
export function getJson(path: string, options: RequestOptions = {}): Promise<unknown> {
  return requestJson('GET', path, undefined, options);
}

/** POSTs JSON to the Rapport HTTP API with the session cookie and returns the JSON reply; throws {@link ApiError}. */
export function postJson(path: string, body: unknown, options: RequestOptions = {}): Promise<unknown> {
  return requestJson('POST', path, body, options);
}

async function requestJson(
  method: 'GET' | 'POST',
  path: string,
  body: unknown,
  options: RequestOptions,
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers:
        method === 'POST'
          ? { accept: 'application/json', 'content-type': 'application/json' }
          : { accept: 'application/json' },
      ...(method === 'POST' ? { body: JSON.stringify(body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError(0, 'network_error', 'The Rapport server could not be reached.');
  }
  if (!response.ok) throw await toApiError(response);
  try {
    return (await response.json()) as unknown;
  } catch {
    throw new ApiError(response.status, 'invalid_response', `${path} did not return JSON.`);
  }
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallback = `${response.status} ${response.statusText}`.trim();
  const text = await response.text().catch(() => '');
  const body = parseJson(text);
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (error) {
    const code = typeof error.code === 'string' ? error.code : `http_${response.status}`;
    const message = typeof error.message === 'string' ? error.message : fallback;
    return new ApiError(response.status, code, message, error.details);
  }
  return new ApiError(response.status, `http_${response.status}`, fallback);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
