import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runLlmEngineContract } from './llm-engine.contract.js';
import type { ChatResult, ChatStreamEvent, LlmProvider } from './ports.js';

/** One scripted reply of a test backend (protocol-neutral: the fake server maps it to HTTP). */
export type BackendStep =
  | { kind: 'reply'; content: string; finishReason?: string; chunkSize?: number; delayMs?: number }
  | { kind: 'echo'; delayMs?: number }
  | { kind: 'status'; status: number; retryAfter?: string; delayMs?: number }
  | { kind: 'malformed-body' }
  | { kind: 'refusal'; message: string }
  | { kind: 'hang' }
  | { kind: 'truncated-stream'; content: string; mode?: 'end' | 'destroy' }
  | { kind: 'stalled-stream'; content: string };

export interface RecordedCall {
  endpoint: 'chat' | 'embeddings' | 'models';
  /** The request body exactly as the backend received it. */
  body: string;
}

/** A backend that follows a script (default: echo the last user message) and logs every request. */
export interface ScriptedBackend {
  script(...steps: BackendStep[]): void;
  requests(): RecordedCall[];
  /** Most requests the backend was serving at once since the last reset. */
  maxInFlight(): number;
  reset(): void;
}

export interface ProviderSettings {
  maxRetries: number;
  timeoutMs: number;
  maxConcurrency: number;
  maxRetryAfterMs: number;
  local: boolean;
}

export interface LlmContractHarness {
  backend: ScriptedBackend;
  /** A provider against the backend; back-off between retries should be short (a few ms) in tests. */
  makeProvider(settings: ProviderSettings): LlmProvider;
  close(): Promise<void>;
}

export const defaultSettings: ProviderSettings = {
  maxRetries: 3,
  timeoutMs: 2_000,
  maxConcurrency: 4,
  maxRetryAfterMs: 60_000,
  local: false,
};

const ask = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });

export async function drain(
  events: AsyncIterable<ChatStreamEvent>,
): Promise<{ deltas: string[]; result: ChatResult }> {
  const deltas: string[] = [];
  for await (const event of events) {
    if (event.type === 'delta') deltas.push(event.text);
    else return { deltas, result: event.result };
  }
  throw new Error('stream ended without an end event');
}

/** The contract every LlmProvider meets, run against a scripted backend; then the engine's privacy contract. */
export function runLlmProviderContract(name: string, setup: () => Promise<LlmContractHarness>): void {
  describe(`LlmProvider contract: ${name}`, () => {
    let h: LlmContractHarness;
    const provider = (settings: Partial<ProviderSettings> = {}) =>
      h.makeProvider({ ...defaultSettings, ...settings });
    const signal = () => AbortSignal.timeout(10_000);
    beforeAll(async () => {
      h = await setup();
    });
    afterAll(() => h.close());
    beforeEach(() => h.backend.reset());

    it('completes a chat with text, finish reason and usage', async () => {
      h.backend.script({ kind: 'reply', content: 'Hello there' });
      const r = await provider().chat(ask('hi'), signal());
      expect(r).toMatchObject({ kind: 'ok', text: 'Hello there', finishReason: 'stop' });
      if (r.kind === 'ok') expect(r.usage.promptTokens).toBeGreaterThan(0);
      expect(h.backend.requests()).toHaveLength(1);
    });

    it('streams deltas that add up to the reply, then ends ok', async () => {
      h.backend.script({ kind: 'reply', content: 'The quick brown fox jumps', chunkSize: 3 });
      const { deltas, result } = await drain(provider().chatStream(ask('go'), signal()));
      expect(deltas.length).toBeGreaterThan(3);
      expect(deltas.join('')).toBe('The quick brown fox jumps');
      expect(result).toMatchObject({ kind: 'ok', text: 'The quick brown fox jumps', finishReason: 'stop' });
    });

    it('embeds several texts, one vector each, in input order', async () => {
      const r = await provider().embed(['alpha', 'beta', 'gamma'], signal());
      expect(r.kind).toBe('ok');
      if (r.kind !== 'ok') return;
      expect(r.vectors).toHaveLength(3);
      const again = await provider().embed(['gamma'], signal());
      if (again.kind === 'ok') expect(again.vectors[0]).toEqual(r.vectors[2]);
    });

    it('lists models', async () => {
      const r = await provider().listModels(signal());
      expect(r.kind).toBe('ok');
      if (r.kind === 'ok') expect(r.models.length).toBeGreaterThan(0);
    });

    it('rides out a 429 storm with retries and succeeds', async () => {
      h.backend.script(
        ...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 429, retryAfter: '0' })),
        { kind: 'reply', content: 'finally' },
      );
      const r = await provider({ maxRetries: 3 }).chat(ask('x'), signal());
      expect(r).toMatchObject({ kind: 'ok', text: 'finally' });
      expect(h.backend.requests()).toHaveLength(4);
    });

    it('answers rate_limited when the storm outlasts the retries', async () => {
      h.backend.script(...Array.from({ length: 5 }, () => ({ kind: 'status' as const, status: 429 })));
      const r = await provider({ maxRetries: 2 }).chat(ask('x'), signal());
      expect(r).toMatchObject({ kind: 'rate_limited', reason: 'retries_exhausted' });
      expect(h.backend.requests()).toHaveLength(3);
    });

    it('does not wait out a Retry-After beyond the cap', async () => {
      h.backend.script({ kind: 'status', status: 429, retryAfter: '120' });
      const r = await provider({ maxRetryAfterMs: 1_000 }).chat(ask('x'), signal());
      expect(r).toMatchObject({
        kind: 'rate_limited',
        reason: 'retry_after_too_long',
        retryAfterMs: 120_000,
      });
      expect(h.backend.requests()).toHaveLength(1);
    });

    it('retries 5xx, and reports server_error when they persist', async () => {
      h.backend.script(
        { kind: 'status', status: 500 },
        { kind: 'status', status: 503 },
        { kind: 'reply', content: 'ok' },
      );
      expect(await provider().chat(ask('x'), signal())).toMatchObject({ kind: 'ok', text: 'ok' });
      h.backend.reset();
      h.backend.script(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 502 })));
      const r = await provider({ maxRetries: 2 }).chat(ask('x'), signal());
      expect(r).toMatchObject({ kind: 'unavailable', reason: 'server_error', status: 502 });
      expect(h.backend.requests()).toHaveLength(3);
    });

    it('does not retry other client errors', async () => {
      h.backend.script({ kind: 'status', status: 400 });
      const r = await provider().chat(ask('x'), signal());
      expect(r).toMatchObject({ kind: 'unavailable', reason: 'client_error', status: 400 });
      expect(h.backend.requests()).toHaveLength(1);
    });

    it('times out a reply that takes too long', async () => {
      h.backend.script({ kind: 'hang' });
      const started = Date.now();
      const r = await provider({ timeoutMs: 150, maxRetries: 0 }).chat(ask('x'), signal());
      expect(r).toMatchObject({ kind: 'unavailable', reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('reports a malformed response body as bad_response, without crashing', async () => {
      h.backend.script({ kind: 'malformed-body' });
      expect(await provider().chat(ask('x'), signal())).toMatchObject({
        kind: 'unavailable',
        reason: 'bad_response',
      });
    });

    it('reports a refusal as refused', async () => {
      h.backend.script({ kind: 'refusal', message: 'I cannot help with that.' });
      expect(await provider().chat(ask('x'), signal())).toMatchObject({
        kind: 'refused',
        reason: 'provider_refusal',
      });
    });

    it('detects truncated streams (closed early or broken) after the deltas that arrived', async () => {
      for (const mode of ['end', 'destroy'] as const) {
        h.backend.script({ kind: 'truncated-stream', content: 'one two three four five six', mode });
        const { deltas, result } = await drain(provider().chatStream(ask('x'), signal()));
        expect(deltas.length, mode).toBeGreaterThan(0);
        expect(result, mode).toMatchObject({ kind: 'unavailable', reason: 'truncated' });
      }
    });

    it('times out a stalled stream', async () => {
      h.backend.script({ kind: 'stalled-stream', content: 'slow start' });
      const { result } = await drain(provider({ timeoutMs: 150 }).chatStream(ask('x'), signal()));
      expect(result).toMatchObject({ kind: 'unavailable', reason: 'timeout' });
    });

    it('stops waiting when cancelled: before the call, while waiting for the reply, during back-off', async () => {
      const p = provider();
      expect(await p.chat(ask('x'), AbortSignal.abort())).toMatchObject({ reason: 'cancelled' });
      expect(h.backend.requests()).toHaveLength(0);
      for (const step of [
        { kind: 'hang' } as const,
        { kind: 'status', status: 429, retryAfter: '30' } as const,
      ]) {
        h.backend.script(step);
        const controller = new AbortController();
        const started = Date.now();
        setTimeout(() => controller.abort(), 80);
        const r = await p.chat(ask('x'), controller.signal);
        expect(r, step.kind).toMatchObject({ kind: 'unavailable', reason: 'cancelled' });
        expect(Date.now() - started, step.kind).toBeLessThan(2_000);
      }
      h.backend.script({ kind: 'stalled-stream', content: 'abc' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 80);
      const { result } = await drain(p.chatStream(ask('x'), controller.signal));
      expect(result).toMatchObject({ kind: 'unavailable', reason: 'cancelled' });
    });

    it('never has more than maxConcurrency requests in flight', async () => {
      const p = provider({ maxConcurrency: 2 });
      h.backend.script(
        ...Array.from({ length: 6 }, () => ({ kind: 'reply' as const, content: 'x', delayMs: 40 })),
      );
      const results = await Promise.all(Array.from({ length: 6 }, () => p.chat(ask('x'), signal())));
      expect(results.every((r) => r.kind === 'ok')).toBe(true);
      expect(h.backend.maxInFlight()).toBe(2);
    });

    runLlmEngineContract(() => h, provider);
  });
}
