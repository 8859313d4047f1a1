import { describe, expect, it } from 'vitest';
import { startFakeOpenAiServer } from '../../../test/llm/fake-openai-server.js';
import { runLlmProviderContract } from '../../llm/llm-provider.contract.js';
import { createRng, systemClock } from '../../shared/index.js';
import { createOpenAiLlmProvider } from './openai-llm-provider.js';
import { apiRoot } from './openai-wire.js';

runLlmProviderContract('openai-compatible over the fake server', async () => {
  const server = await startFakeOpenAiServer();
  return {
    backend: server,
    makeProvider: (s) =>
      createOpenAiLlmProvider(
        {
          baseUrl: server.baseUrl,
          model: 'fake-model',
          embeddingModel: 'fake-embed',
          apiKey: 'sk-test',
          timeoutMs: s.timeoutMs,
          maxRetries: s.maxRetries,
          maxConcurrency: s.maxConcurrency,
          local: s.local,
          maxRetryAfterMs: s.maxRetryAfterMs,
          baseDelayMs: 2,
          maxDelayMs: 10,
        },
        { rng: createRng(7), clock: systemClock },
      ),
    close: () => server.close(),
  };
});

describe('openai-compatible wire details', () => {
  it('adds /v1 to a bare host, keeps a given path, sends the key and the JSON schema format', async () => {
    expect(apiRoot('http://127.0.0.1:8080').href).toBe('http://127.0.0.1:8080/v1/');
    expect(apiRoot('https://gw.example.com/openai/v1').href).toBe('https://gw.example.com/openai/v1/');
    const server = await startFakeOpenAiServer();
    try {
      server.script({ kind: 'reply', content: '{}' });
      const provider = createOpenAiLlmProvider(
        {
          baseUrl: server.baseUrl.replace(/\/v1$/, ''),
          model: 'fake-model',
          embeddingModel: null,
          apiKey: 'sk-wire',
          timeoutMs: 2_000,
          maxRetries: 0,
          maxConcurrency: 1,
          local: false,
          maxRetryAfterMs: 1_000,
        },
        { rng: createRng(1), clock: systemClock },
      );
      const format = { type: 'json_schema' as const, name: 't', schema: { type: 'object' }, strict: true };
      const r = await provider.chat(
        { messages: [{ role: 'user', content: 'x' }], responseFormat: format, maxTokens: 5, temperature: 0 },
        AbortSignal.timeout(5_000),
      );
      expect(r.kind).toBe('ok');
      expect(JSON.parse(server.requests()[0]?.body ?? '{}')).toMatchObject({
        model: 'fake-model',
        max_tokens: 5,
        temperature: 0,
        response_format: {
          type: 'json_schema',
          json_schema: { name: 't', schema: { type: 'object' }, strict: true },
        },
      });
      expect(server.headers()[0]?.authorization).toBe('Bearer sk-wire');
      expect(await provider.embed(['x'], AbortSignal.timeout(5_000))).toMatchObject({
        kind: 'unavailable',
        reason: 'client_error',
      });
    } finally {
      await server.close();
    }
  });
});
