/** One message of a chat. Customer data goes only into `user` messages, fenced as data (see prompt-template.ts). */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** Ask for a JSON reply that matches a JSON schema (OpenAI `response_format: { type: 'json_schema' }`). */
export interface JsonSchemaFormat {
  type: 'json_schema';
  name: string;
  schema: Record<string, unknown>;
  strict: boolean;
}

export interface ChatRequest {
  messages: readonly ChatMessage[];
  /** Overrides the provider's configured model. */
  model?: string;
  temperature?: number;
  maxTokens?: number;
  responseFormat?: JsonSchemaFormat;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** True when the provider reported no usage and the counts are estimated from the characters (4 per token). */
  estimated: boolean;
}

/** Why a call did not produce a usable reply. Expected outcomes are values; only bugs throw. */
export type LlmFailure =
  | {
      kind: 'refused';
      /** consent: nothing was sent; content_filter / provider_refusal: the model declined. */
      reason: 'consent' | 'content_filter' | 'provider_refusal';
      message: string;
    }
  | {
      kind: 'invalid_output';
      reason: 'not_json' | 'schema_mismatch';
      /** The validation problems of the last attempt (after the repair attempt). */
      issues: string[];
      /** The last raw reply, placeholders restored. */
      raw: string;
    }
  | {
      kind: 'rate_limited';
      reason: 'retries_exhausted' | 'retry_after_too_long';
      /** What the provider last asked us to wait, if it said. */
      retryAfterMs: number | null;
      message: string;
    }
  | {
      kind: 'unavailable';
      reason:
        'timeout' | 'network' | 'server_error' | 'client_error' | 'bad_response' | 'truncated' | 'cancelled';
      /** The HTTP status when there was one. */
      status: number | null;
      message: string;
    };

export interface ChatReply {
  kind: 'ok';
  text: string;
  /** `stop`, `length`, … as the provider reported it (null when it did not). */
  finishReason: string | null;
  model: string;
  usage: TokenUsage;
}

export type ChatResult = ChatReply | LlmFailure;

/** A streamed reply: text deltas in order, then exactly one `end` with the whole outcome. */
export type ChatStreamEvent = { type: 'delta'; text: string } | { type: 'end'; result: ChatResult };

export type EmbeddingResult =
  { kind: 'ok'; vectors: number[][]; model: string; usage: TokenUsage } | LlmFailure;

export type ModelListResult = { kind: 'ok'; models: string[] } | LlmFailure;

/**
 * A chat-completion and embedding service. Every call takes an AbortSignal: a cancelled call stops waiting and
 * ends with `unavailable` / `cancelled`. Implementations never throw for provider behaviour.
 */
export interface LlmProvider {
  /** For reports and metric labels, e.g. `openai-compatible`. */
  readonly name: string;
  /** The default chat model. */
  readonly model: string;
  /** The embedding model, or null when none is configured. */
  readonly embeddingModel: string | null;
  /** True only when the configuration explicitly says the service runs on our own machines. */
  readonly local: boolean;
  chat(request: ChatRequest, signal: AbortSignal): Promise<ChatResult>;
  chatStream(request: ChatRequest, signal: AbortSignal): AsyncIterable<ChatStreamEvent>;
  embed(input: readonly string[], signal: AbortSignal): Promise<EmbeddingResult>;
  /** The models the service offers, when it can say. */
  listModels(signal: AbortSignal): Promise<ModelListResult>;
}

/** Reads prompt template files by name (`review-insight.v1`). */
export interface PromptSource {
  read(name: string): Promise<string | null>;
}

/** One provider call as accounting sees it. */
export interface LlmCallRecord {
  task: string;
  model: string;
  outcome: 'ok' | LlmFailure['kind'];
  /** True when the reply came from the response cache (no tokens spent). */
  cached: boolean;
  promptTokens: number;
  completionTokens: number;
  /** In the configured currency, from the configured prices per 1,000 tokens. */
  cost: number;
  seconds: number;
}

/** Receives one record per provider call (src/server/metrics.ts turns them into Prometheus metrics). */
export interface LlmObserver {
  call(record: LlmCallRecord): void;
}
