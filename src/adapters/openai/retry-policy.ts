import type { Clock, Rng } from '../../shared/index.js';

export interface BackoffOptions {
  /** First retry waits up to this long (full jitter: uniform in [0, cap]). */
  baseDelayMs: number;
  /** No back-off cap grows beyond this. */
  maxDelayMs: number;
}

/** "Full jitter" exponential back-off: uniform in [0, min(max, base·2^attempt)] (attempt 0 is the first retry). */
export function backoffDelay(attempt: number, options: BackoffOptions, rng: Rng): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.floor(rng.next() * cap);
}

/**
 * How long the server asks us to wait: `retry-after-ms` (Azure, OpenAI), else `Retry-After` as seconds or an HTTP
 * date (relative to the clock). Null when absent or unreadable; never negative.
 */
export function retryAfterMs(headers: Headers, clock: Clock): number | null {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.round(Number(ms));
  const value = headers.get('retry-after')?.trim();
  if (value === undefined || value === '') return null;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - clock.now());
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
