import { z } from 'zod';
import type { ChatRequest, TokenUsage } from '../../llm/index.js';

/** The OpenAI-compatible wire format (chat completions, embeddings, models), as loosely as servers differ. */

const usageSchema = z
  .object({ prompt_tokens: z.number().int().min(0), completion_tokens: z.number().int().min(0).optional() })
  .nullish();

export const chatCompletionSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: usageSchema,
});

export const chatChunkSchema = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        delta: z.object({ content: z.string().nullish(), refusal: z.string().nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .optional(),
  usage: usageSchema,
  error: z.object({ message: z.string().optional() }).optional(),
});

export const embeddingsSchema = z.object({
  model: z.string().optional(),
  data: z.array(z.object({ embedding: z.array(z.number()), index: z.number().int().min(0) })),
  usage: usageSchema,
});

export const modelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

const errorBodySchema = z.object({ error: z.union([z.string(), z.object({ message: z.string() })]) });

export function chatBody(request: ChatRequest, model: string, stream: boolean): Record<string, unknown> {
  return {
    model: request.model ?? model,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
    ...(request.responseFormat === undefined
      ? {}
      : {
          response_format: {
            type: 'json_schema',
            json_schema: {
              name: request.responseFormat.name,
              schema: request.responseFormat.schema,
              strict: request.responseFormat.strict,
            },
          },
        }),
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
}

/** Usage as reported, else estimated at four characters per token. */
export function usageFrom(
  reported: z.infer<typeof usageSchema>,
  promptChars: number,
  completionChars: number,
): TokenUsage {
  if (reported)
    return {
      promptTokens: reported.prompt_tokens,
      completionTokens: reported.completion_tokens ?? 0,
      estimated: false,
    };
  return {
    promptTokens: Math.ceil(promptChars / 4),
    completionTokens: Math.ceil(completionChars / 4),
    estimated: true,
  };
}

/** The server's error message from an error body, or the start of the body. */
export function errorMessage(status: number, body: string): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(body));
    if (parsed.success)
      return `HTTP ${status}: ${typeof parsed.data.error === 'string' ? parsed.data.error : parsed.data.error.message}`;
  } catch {
    // not JSON: fall through
  }
  return `HTTP ${status}${body.trim() === '' ? '' : `: ${body.trim().slice(0, 200)}`}`;
}

/** `https://host` → `https://host/v1/`; a URL with a path (`…/v1`, `…/openai/v1`) is used as given. */
export function apiRoot(baseUrl: string): URL {
  const url = new URL(baseUrl);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/';
  else if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}
