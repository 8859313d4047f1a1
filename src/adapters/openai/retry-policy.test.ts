import { describe, expect, it } from 'vitest';
import { createRng, fixedClock } from '../../shared/index.js';
import { withRetries, type Attempt } from './http-attempts.js';
import { backoffDelay, retryAfterMs } from './retry-policy.js';
import { createSemaphore } from './semaphore.js';

describe('retry policy', () => {
  it('reads Retry-After as seconds, as an HTTP date, and retry-after-ms first', () => {
    const clock = fixedClock(Date.parse('2026-01-01T00:00:00Z'));
    expect(retryAfterMs(new Headers({ 'retry-after': '3' }), clock)).toBe(3_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }), clock)).toBe(10_000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' }), clock)).toBe(0);
    expect(retryAfterMs(new Headers({ 'retry-after': '3', 'retry-after-ms': '250' }), clock)).toBe(250);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), clock)).toBeNull();
    expect(retryAfterMs(new Headers(), clock)).toBeNull();
  });

  it('draws full-jitter back-off within [0, min(max, base·2^attempt)]', () => {
    const rng = createRng(1);
    const options = { baseDelayMs: 100, maxDelayMs: 1_000 };
    for (let attempt = 0; attempt < 8; attempt++)
      for (let i = 0; i < 50; i++) {
        const d = backoffDelay(attempt, options, rng);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(Math.min(1_000, 100 * 2 ** attempt));
      }
  });

  it('waits what the server asked, else the jittered back-off, through the injected sleep', async () => {
    const waits: number[] = [];
    const deps = {
      clock: fixedClock(0),
      rng: createRng(3),
      sleep: async (ms: number) => {
        waits.push(ms);
        return true;
      },
      semaphore: createSemaphore(1),
    };
    const failure = {
      kind: 'rate_limited',
      reason: 'retries_exhausted',
      retryAfterMs: null,
      message: '429',
    } as const;
    const script: Attempt<string>[] = [
      { kind: 'retry', failure, retryAfterMs: 2_000 },
      { kind: 'retry', failure, retryAfterMs: null },
      { kind: 'done', value: 'ok' },
    ];
    const options = {
      maxRetries: 5,
      maxRetryAfterMs: 5_000,
      backoff: { baseDelayMs: 100, maxDelayMs: 1_000 },
    };
    const r = await withRetries(
      deps,
      options,
      new AbortController().signal,
      async () => script.shift() ?? { kind: 'done', value: 'x' },
    );
    expect(r).toBe('ok');
    expect(waits[0]).toBe(2_000);
    expect(waits[1]).toBeLessThanOrEqual(200);
    expect(deps.semaphore.inUse).toBe(0);
  });
});
