import type { CountryCode } from 'libphonenumber-js';
import type { Clock } from '../shared/index.js';
import { recordCall, type LlmPrices } from './accounting.js';
import { mayProcess, type ConsentCheck } from './consent-gate.js';
import { cleanText } from './hostile-text.js';
import { redactTexts } from './pii-redactor.js';
import type {
  ChatRequest,
  ChatResult,
  ChatStreamEvent,
  EmbeddingResult,
  LlmFailure,
  LlmObserver,
  LlmProvider,
  TokenUsage,
} from './ports.js';
import { prepareRequest, type CustomerData, type TaskInput } from './prepare-request.js';
import type { PromptLibrary } from './prompt-library.js';
import { createResponseCache, type ResponseCacheOptions } from './response-cache.js';
import { jsonSchemaFormat, parseStructured, repairMessages } from './structured-output.js';
import type { StructuredTask, TextTask } from './tasks.js';

export interface LlmEngineDeps {
  provider: LlmProvider;
  prompts: PromptLibrary;
  consent: ConsentCheck;
  observer: LlmObserver;
  clock: Clock;
}

export interface LlmEngineOptions {
  /** Each input value is cut to this many characters (with a note saying so). */
  maxInputChars: number;
  phoneRegions: readonly CountryCode[];
  prices: LlmPrices;
  cache: ResponseCacheOptions;
}

export type TaskResult<O> =
  { kind: 'ok'; value: O; text: string; usage: TokenUsage; cached: boolean; repaired: boolean } | LlmFailure;

/** Tasks over an LlmProvider: consent gate, templates, redaction, cache, structured output, accounting. */
export interface LlmEngine {
  readonly provider: LlmProvider;
  /** A JSON reply validated by the task's schema; one repair attempt, then `invalid_output`. */
  structured<O>(task: StructuredTask<O>, input: TaskInput, signal: AbortSignal): Promise<TaskResult<O>>;
  text(task: TextTask, input: TaskInput, signal: AbortSignal): Promise<TaskResult<string>>;
  /** Deltas with placeholders restored as soon as they are complete, then one `end`. */
  stream(task: TextTask, input: TaskInput, signal: AbortSignal): AsyncIterable<ChatStreamEvent>;
  /** Embeddings of cleaned, redacted texts; a customer's texts pass the consent gate. */
  embed(
    texts: readonly string[],
    customer: CustomerData | null,
    signal: AbortSignal,
  ): Promise<EmbeddingResult>;
}

const sumUsage = (a: TokenUsage, b: TokenUsage): TokenUsage => ({
  promptTokens: a.promptTokens + b.promptTokens,
  completionTokens: a.completionTokens + b.completionTokens,
  estimated: a.estimated || b.estimated,
});

export function createLlmEngine(deps: LlmEngineDeps, options: LlmEngineOptions): LlmEngine {
  const { provider, clock } = deps;
  const cache = createResponseCache(options.cache, clock);
  const record = (task: string, result: ChatResult | EmbeddingResult, started: number, cached = false) =>
    recordCall(deps.observer, options.prices, {
      task,
      model: result.kind === 'ok' ? result.model : provider.model,
      outcome: result.kind,
      cached,
      usage: result.kind === 'ok' ? result.usage : null,
      seconds: (clock.now() - started) / 1000,
    });
  const call = async (task: string, request: ChatRequest, signal: AbortSignal): Promise<ChatResult> => {
    const started = clock.now();
    const result = await provider.chat(request, signal);
    record(task, result, started);
    return result;
  };
  const model = (request: ChatRequest) => request.model ?? provider.model;

  return {
    provider,
    async structured<O>(
      task: StructuredTask<O>,
      input: TaskInput,
      signal: AbortSignal,
    ): Promise<TaskResult<O>> {
      const prepared = await prepareRequest(deps, options, task, input);
      if ('kind' in prepared) return prepared;
      const { redaction } = prepared;
      const request: ChatRequest = {
        ...prepared.request,
        responseFormat: jsonSchemaFormat(task.name, task.output),
      };
      const hit = cache.get(model(request), request);
      if (hit) record(task.name, hit, clock.now(), true);
      let reply = hit ?? (await call(task.name, request, signal));
      if (reply.kind !== 'ok') return reply;
      let usage = reply.usage;
      let parsed = parseStructured(reply.text, task.output);
      let repaired = false;
      if (!parsed.ok) {
        const retry: ChatRequest = {
          ...request,
          messages: [...request.messages, ...repairMessages(reply.text, parsed.issues)],
        };
        reply = await call(task.name, retry, signal);
        if (reply.kind !== 'ok') return reply;
        usage = sumUsage(usage, reply.usage);
        parsed = parseStructured(reply.text, task.output);
        repaired = true;
      }
      if (!parsed.ok)
        return {
          kind: 'invalid_output',
          reason: parsed.reason,
          issues: parsed.issues,
          raw: redaction.restore(reply.text),
        };
      // Only a reply that validated is remembered, under the original request (a hit skips the repair).
      if (!hit) cache.set(model(request), request, reply);
      const restored = task.output.safeParse(redaction.restoreDeep(parsed.value));
      if (!restored.success)
        return {
          kind: 'invalid_output',
          reason: 'schema_mismatch',
          issues: restored.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
          raw: redaction.restore(reply.text),
        };
      const text = redaction.restore(reply.text);
      return { kind: 'ok', value: restored.data, text, usage, cached: hit !== undefined, repaired };
    },

    async text(task, input, signal) {
      const prepared = await prepareRequest(deps, options, task, input);
      if ('kind' in prepared) return prepared;
      const { request, redaction } = prepared;
      const hit = cache.get(model(request), request);
      if (hit) record(task.name, hit, clock.now(), true);
      const reply = hit ?? (await call(task.name, request, signal));
      if (reply.kind !== 'ok') return reply;
      if (!hit && reply.finishReason !== 'length') cache.set(model(request), request, reply);
      const text = redaction.restore(reply.text);
      return {
        kind: 'ok',
        value: text,
        text,
        usage: reply.usage,
        cached: hit !== undefined,
        repaired: false,
      };
    },

    async *stream(task, input, signal) {
      const prepared = await prepareRequest(deps, options, task, input);
      if ('kind' in prepared) {
        yield { type: 'end', result: prepared };
        return;
      }
      const { request, redaction } = prepared;
      const hit = cache.get(model(request), request);
      if (hit) {
        record(task.name, hit, clock.now(), true);
        const text = redaction.restore(hit.text);
        yield { type: 'delta', text };
        yield { type: 'end', result: { ...hit, text } };
        return;
      }
      const started = clock.now();
      const restorer = redaction.restorer();
      for await (const event of provider.chatStream(request, signal)) {
        if (event.type === 'delta') {
          const text = restorer.push(event.text);
          if (text !== '') yield { type: 'delta', text };
          continue;
        }
        const rest = restorer.end();
        if (rest !== '') yield { type: 'delta', text: rest };
        const result = event.result;
        record(task.name, result, started);
        if (result.kind === 'ok' && result.finishReason !== 'length')
          cache.set(model(request), request, result);
        yield {
          type: 'end',
          result: result.kind === 'ok' ? { ...result, text: redaction.restore(result.text) } : result,
        };
        return;
      }
      // A provider stream must end with `end`; one that does not is a truncated reply.
      const result: LlmFailure = {
        kind: 'unavailable',
        reason: 'truncated',
        status: null,
        message: 'The stream ended without a result.',
      };
      record(task.name, result, started);
      yield { type: 'end', result };
    },

    async embed(texts, customer, signal) {
      if (customer !== null && !(await mayProcess(provider, customer.customerId, deps.consent)))
        return {
          kind: 'refused',
          reason: 'consent',
          message: `Customer ${customer.customerId} has not consented to llm_processing; nothing was sent.`,
        };
      const redaction = redactTexts(
        texts.map((t) => cleanText(t, options.maxInputChars).text),
        customer
          ? { names: customer.names, identifiers: [customer.customerId, ...customer.identifiers] }
          : { names: [], identifiers: [] },
        { phoneRegions: options.phoneRegions },
      );
      const started = clock.now();
      const result = await provider.embed(redaction.texts, signal);
      record('embeddings', result, started);
      return result;
    },
  };
}
