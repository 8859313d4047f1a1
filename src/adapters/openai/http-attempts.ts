import type { LlmFailure } from '../../llm/index.js';
import type { Clock, Rng } from '../../shared/index.js';
import { backoffDelay, retryAfterMs, type BackoffOptions } from './retry-policy.js';
import type { Permit, Semaphore } from './semaphore.js';
import { errorMessage } from './openai-wire.js';

export interface RetryDeps {
  clock: Clock;
  rng: Rng;
  sleep: (ms: number, signal: AbortSignal) => Promise<boolean>;
  semaphore: Semaphore;
}

export interface RetryOptions {
  maxRetries: number;
  /** A Retry-After longer than this is not waited for: the call ends `rate_limited` at once. */
  maxRetryAfterMs: number;
  backoff: BackoffOptions;
}

/** One attempt's outcome: final (a value or a failure), or worth another try after a wait. */
export type Attempt<T> =
  | {
      kind: 'done';
      value: T | LlmFailure;
      /** the attempt keeps its permit (an open stream) */ hold?: boolean;
    }
  | { kind: 'retry'; failure: LlmFailure; retryAfterMs: number | null };

/** The deadline of one attempt: aborts on the caller's cancel or after `timeoutMs` without progress. */
export interface AttemptScope {
  signal: AbortSignal;
  /** Progress was made (a stream chunk): the timeout starts again. */
  touch(): void;
  dispose(): void;
  readonly timedOut: boolean;
}

export function attemptScope(caller: AbortSignal, timeoutMs: number): AttemptScope {
  const controller = new AbortController();
  let timedOut = false;
  const onAbort = () => controller.abort(caller.reason);
  caller.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new Error(`no response within ${timeoutMs} ms`));
    }, timeoutMs);
  };
  arm();
  return {
    signal: controller.signal,
    touch: arm,
    dispose() {
      clearTimeout(timer);
      caller.removeEventListener('abort', onAbort);
    },
    get timedOut() {
      return timedOut;
    },
  };
}

export const cancelled = (): LlmFailure => ({
  kind: 'unavailable',
  reason: 'cancelled',
  status: null,
  message: 'The call was cancelled.',
});

/** A thrown fetch or body read, by cause: cancelled and timed out are final, network trouble is retried. */
export function thrownFailure<T>(
  error: unknown,
  scope: AttemptScope,
  caller: AbortSignal,
  timeoutMs: number,
): Attempt<T> {
  if (caller.aborted) return { kind: 'done', value: cancelled() };
  if (scope.timedOut)
    return {
      kind: 'done',
      value: {
        kind: 'unavailable',
        reason: 'timeout',
        status: null,
        message: `No response within ${timeoutMs} ms.`,
      },
    };
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  const message = `${error instanceof Error ? error.message : String(error)}${cause}`;
  return {
    kind: 'retry',
    failure: { kind: 'unavailable', reason: 'network', status: null, message },
    retryAfterMs: null,
  };
}

/** A non-2xx response: 429 and 408/5xx are retried (honouring Retry-After), other 4xx are final. */
export async function statusFailure<T>(response: Response, clock: Clock): Promise<Attempt<T>> {
  const body = await response.text().catch(() => '');
  const message = errorMessage(response.status, body);
  const wait = retryAfterMs(response.headers, clock);
  if (response.status === 429)
    return {
      kind: 'retry',
      failure: { kind: 'rate_limited', reason: 'retries_exhausted', retryAfterMs: wait, message },
      retryAfterMs: wait,
    };
  if (response.status >= 500 || response.status === 408)
    return {
      kind: 'retry',
      failure: { kind: 'unavailable', reason: 'server_error', status: response.status, message },
      retryAfterMs: wait,
    };
  return {
    kind: 'done',
    value: { kind: 'unavailable', reason: 'client_error', status: response.status, message },
  };
}

/**
 * Runs `attempt` under the concurrency limit until it is final or the retries are spent, waiting between tries:
 * the server's Retry-After if it sent one (up to `maxRetryAfterMs`), else full-jitter back-off. The permit is
 * given back during the wait, so one throttled call does not hold a slot others could use. Cancelling stops
 * waiting at once, for a permit or a back-off alike.
 */
export async function withRetries<T>(
  deps: RetryDeps,
  options: RetryOptions,
  signal: AbortSignal,
  attempt: (permit: Permit) => Promise<Attempt<T>>,
): Promise<T | LlmFailure> {
  for (let tries = 0; ; tries++) {
    const permit = await deps.semaphore.acquire(signal);
    if (permit === null) return cancelled();
    let outcome: Attempt<T>;
    try {
      outcome = await attempt(permit);
    } catch (error) {
      permit.release();
      throw error;
    }
    if (outcome.kind === 'done') {
      if (outcome.hold !== true) permit.release();
      return outcome.value;
    }
    permit.release();
    const { failure, retryAfterMs } = outcome;
    if (retryAfterMs !== null && retryAfterMs > options.maxRetryAfterMs)
      return failure.kind === 'rate_limited' ? { ...failure, reason: 'retry_after_too_long' } : failure;
    if (tries >= options.maxRetries) return failure;
    const wait = retryAfterMs ?? backoffDelay(tries, options.backoff, deps.rng);
    if (!(await deps.sleep(wait, signal))) return cancelled();
  }
}
