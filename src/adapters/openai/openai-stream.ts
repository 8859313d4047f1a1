import type { ChatStreamEvent, LlmFailure } from '../../llm/index.js';
import type { AttemptScope } from './http-attempts.js';
import { chatChunkSchema, usageFrom } from './openai-wire.js';
import { createSseParser } from './sse-parser.js';

interface StreamInfo {
  model: string;
  promptChars: number;
  timeoutMs: number;
}

const failure = (reason: 'truncated' | 'bad_response' | 'server_error', message: string): LlmFailure => ({
  kind: 'unavailable',
  reason,
  status: null,
  message,
});

/**
 * The deltas of an SSE chat-completion stream, then one `end`. A stream is complete at `data: [DONE]` or, for
 * servers that omit it, when a chunk carried a `finish_reason`; a body that ends (or breaks) before either is
 * `truncated`. Each chunk restarts the timeout, so a stalled stream ends `timeout`.
 */
export async function* readChatStream(
  response: Response,
  scope: AttemptScope,
  caller: AbortSignal,
  info: StreamInfo,
): AsyncGenerator<ChatStreamEvent> {
  const body = response.body;
  if (body === null) {
    yield { type: 'end', result: failure('bad_response', 'The stream has no body.') };
    return;
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser();
  let text = '';
  let finishReason: string | null = null;
  let done = false;
  let usage: Parameters<typeof usageFrom>[0] = null;
  let model = info.model;
  let result: ChatStreamEvent | null = null;
  try {
    read: while (!done) {
      let chunk: Awaited<ReturnType<typeof reader.read>>;
      try {
        chunk = await reader.read();
      } catch {
        if (caller.aborted)
          result = {
            type: 'end',
            result: {
              kind: 'unavailable',
              reason: 'cancelled',
              status: null,
              message: 'The call was cancelled.',
            },
          };
        else if (scope.timedOut)
          result = {
            type: 'end',
            result: {
              kind: 'unavailable',
              reason: 'timeout',
              status: null,
              message: `The stream stalled for ${info.timeoutMs} ms.`,
            },
          };
        else
          result = {
            type: 'end',
            result: failure('truncated', 'The connection broke before the stream was complete.'),
          };
        break;
      }
      if (chunk.done) break;
      scope.touch();
      const events = parser.push(decoder.decode(chunk.value, { stream: true }));
      if (events === null) {
        result = {
          type: 'end',
          result: failure('bad_response', 'A stream event exceeds 1,000,000 characters.'),
        };
        break;
      }
      for (const data of events) {
        if (data.trim() === '[DONE]') {
          done = true;
          break read;
        }
        let json: unknown;
        try {
          json = JSON.parse(data);
        } catch {
          result = {
            type: 'end',
            result: failure('bad_response', `A stream event is not JSON: ${data.slice(0, 120)}`),
          };
          break read;
        }
        const parsed = chatChunkSchema.safeParse(json);
        if (!parsed.success) {
          result = {
            type: 'end',
            result: failure('bad_response', 'A stream event is not a chat completion chunk.'),
          };
          break read;
        }
        if (parsed.data.error) {
          result = {
            type: 'end',
            result: failure(
              'server_error',
              parsed.data.error.message ?? 'The server reported an error mid-stream.',
            ),
          };
          break read;
        }
        if (parsed.data.model) model = parsed.data.model;
        if (parsed.data.usage) usage = parsed.data.usage;
        const choice = parsed.data.choices?.[0];
        if (choice?.finish_reason) finishReason = choice.finish_reason;
        if (choice?.delta?.refusal) {
          result = {
            type: 'end',
            result: { kind: 'refused', reason: 'provider_refusal', message: choice.delta.refusal },
          };
          break read;
        }
        const delta = choice?.delta?.content;
        if (typeof delta === 'string' && delta !== '') {
          text += delta;
          yield { type: 'delta', text: delta };
        }
      }
    }
  } finally {
    // Stop the download when the consumer stops early or the stream failed.
    if (!done) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
  if (result !== null) {
    yield result;
    return;
  }
  if (!done && finishReason === null) {
    yield {
      type: 'end',
      result: failure('truncated', 'The stream ended without [DONE] or a finish_reason.'),
    };
    return;
  }
  if (finishReason === 'content_filter') {
    yield {
      type: 'end',
      result: { kind: 'refused', reason: 'content_filter', message: 'The provider filtered the reply.' },
    };
    return;
  }
  yield {
    type: 'end',
    result: { kind: 'ok', text, finishReason, model, usage: usageFrom(usage, info.promptChars, text.length) },
  };
}
