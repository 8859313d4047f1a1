import type {
  ChatRequest,
  ChatResult,
  ChatStreamEvent,
  EmbeddingResult,
  LlmFailure,
  LlmProvider,
  ModelListResult,
} from '../../llm/index.js';
import type { Clock, Rng } from '../../shared/index.js';
import {
  attemptScope,
  statusFailure,
  thrownFailure,
  withRetries,
  type Attempt,
  type AttemptScope,
  type RetryDeps,
} from './http-attempts.js';
import {
  apiRoot,
  chatBody,
  chatCompletionSchema,
  embeddingsSchema,
  modelsSchema,
  usageFrom,
} from './openai-wire.js';
import { abortableSleep } from './retry-policy.js';
import { createSemaphore, type Permit } from './semaphore.js';
import { readChatStream } from './openai-stream.js';

export interface OpenAiLlmOptions {
  /** `https://api.openai.com/v1`, `http://127.0.0.1:11434/v1` (Ollama), a gateway's URL; a bare host gets `/v1`. */
  baseUrl: string;
  model: string;
  embeddingModel: string | null;
  apiKey: string | null;
  /** Per attempt: until the full reply (a stream: between chunks). */
  timeoutMs: number;
  maxRetries: number;
  maxConcurrency: number;
  /** Only an explicit `true` lets customer data through without llm_processing consent. */
  local: boolean;
  /** Longest Retry-After still waited for (longer: `rate_limited` at once). */
  maxRetryAfterMs: number;
  /** Back-off before the first retry, doubling per retry up to `maxDelayMs` (full jitter). */
  baseDelayMs?: number;
  maxDelayMs?: number;
}

export interface OpenAiLlmDeps {
  rng: Rng;
  clock: Clock;
  /** Waits between retries; resolves false when cancelled (default: real timers). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<boolean>;
  fetch?: typeof fetch;
}

const badResponse = (message: string, status: number | null = null): LlmFailure => ({
  kind: 'unavailable',
  reason: 'bad_response',
  status,
  message,
});

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** An LlmProvider over the OpenAI-compatible HTTP protocol with Node's fetch (ADR 0012). */
export function createOpenAiLlmProvider(options: OpenAiLlmOptions, deps: OpenAiLlmDeps): LlmProvider {
  const root = apiRoot(options.baseUrl);
  const doFetch = deps.fetch ?? fetch;
  const retry: RetryDeps = {
    clock: deps.clock,
    rng: deps.rng,
    sleep: deps.sleep ?? abortableSleep,
    semaphore: createSemaphore(options.maxConcurrency),
  };
  const retryOptions = {
    maxRetries: options.maxRetries,
    maxRetryAfterMs: options.maxRetryAfterMs,
    backoff: { baseDelayMs: options.baseDelayMs ?? 500, maxDelayMs: options.maxDelayMs ?? 20_000 },
  };
  const getHeaders: Record<string, string> = { accept: 'application/json' };
  if (options.apiKey) getHeaders.authorization = `Bearer ${options.apiKey}`;
  const postHeaders = { ...getHeaders, 'content-type': 'application/json' };

  const send = (path: string, body: unknown, scope: AttemptScope) =>
    doFetch(new URL(path, root), {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? getHeaders : postHeaders,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: scope.signal,
    });

  /** A request whose whole JSON reply is read within the timeout, then parsed by `parse`. */
  const jsonCall = <T>(
    path: string,
    body: unknown,
    signal: AbortSignal,
    parse: (json: unknown, status: number) => T | LlmFailure,
  ): Promise<T | LlmFailure> =>
    withRetries<T>(retry, retryOptions, signal, async (): Promise<Attempt<T>> => {
      const scope = attemptScope(signal, options.timeoutMs);
      try {
        const response = await send(path, body, scope);
        if (!response.ok) return await statusFailure<T>(response, deps.clock);
        const text = await response.text();
        const json = parseJson(text);
        if (json === undefined)
          return {
            kind: 'done',
            value: badResponse(`The reply is not JSON: ${text.slice(0, 120)}`, response.status),
          };
        return { kind: 'done', value: parse(json, response.status) };
      } catch (error) {
        return thrownFailure<T>(error, scope, signal, options.timeoutMs);
      } finally {
        scope.dispose();
      }
    });

  const promptChars = (request: ChatRequest) => request.messages.reduce((n, m) => n + m.content.length, 0);

  return {
    name: 'openai-compatible',
    model: options.model,
    embeddingModel: options.embeddingModel,
    local: options.local === true,

    chat(request, signal): Promise<ChatResult> {
      return jsonCall('chat/completions', chatBody(request, options.model, false), signal, (json, status) => {
        const parsed = chatCompletionSchema.safeParse(json);
        if (!parsed.success) return badResponse('The reply is not a chat completion.', status);
        const choice = parsed.data.choices[0];
        const content = choice?.message.content;
        const finishReason = choice?.finish_reason ?? null;
        if (choice?.message.refusal)
          return { kind: 'refused', reason: 'provider_refusal', message: choice.message.refusal };
        if (finishReason === 'content_filter')
          return { kind: 'refused', reason: 'content_filter', message: 'The provider filtered the reply.' };
        if (typeof content !== 'string') return badResponse('The reply has no message content.', status);
        return {
          kind: 'ok',
          text: content,
          finishReason,
          model: parsed.data.model ?? request.model ?? options.model,
          usage: usageFrom(parsed.data.usage, promptChars(request), content.length),
        };
      });
    },

    async *chatStream(request, signal): AsyncIterable<ChatStreamEvent> {
      type Open = { response: Response; scope: AttemptScope; permit: Permit };
      const opened = await withRetries<Open>(retry, retryOptions, signal, async (permit) => {
        const scope = attemptScope(signal, options.timeoutMs);
        try {
          const response = await send('chat/completions', chatBody(request, options.model, true), scope);
          if (!response.ok) {
            scope.dispose();
            return await statusFailure<Open>(response, deps.clock);
          }
          return { kind: 'done', value: { response, scope, permit }, hold: true };
        } catch (error) {
          scope.dispose();
          return thrownFailure<Open>(error, scope, signal, options.timeoutMs);
        }
      });
      if ('kind' in opened) {
        yield { type: 'end', result: opened };
        return;
      }
      try {
        yield* readChatStream(opened.response, opened.scope, signal, {
          model: request.model ?? options.model,
          promptChars: promptChars(request),
          timeoutMs: options.timeoutMs,
        });
      } finally {
        opened.scope.dispose();
        opened.permit.release();
      }
    },

    async embed(input, signal): Promise<EmbeddingResult> {
      const model = options.embeddingModel;
      if (model === null)
        return {
          kind: 'unavailable',
          reason: 'client_error',
          status: null,
          message: 'No embedding model is configured (RAPPORT_LLM_EMBEDDING_MODEL).',
        };
      const chars = input.reduce((n, t) => n + t.length, 0);
      return jsonCall('embeddings', { model, input }, signal, (json, status) => {
        const parsed = embeddingsSchema.safeParse(json);
        if (!parsed.success || parsed.data.data.length !== input.length)
          return badResponse('The reply is not one embedding per input.', status);
        const vectors = [...parsed.data.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
        return {
          kind: 'ok',
          vectors,
          model: parsed.data.model ?? model,
          usage: usageFrom(parsed.data.usage, chars, 0),
        };
      });
    },

    listModels(signal): Promise<ModelListResult> {
      return jsonCall('models', undefined, signal, (json, status) => {
        const parsed = modelsSchema.safeParse(json);
        if (!parsed.success) return badResponse('The reply is not a model list.', status);
        return { kind: 'ok', models: parsed.data.data.map((m) => m.id) };
      });
    },
  };
}
