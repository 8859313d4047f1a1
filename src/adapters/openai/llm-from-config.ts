import { randomInt } from 'node:crypto';
import type { LlmConfig } from '../../config/index.js';
import {
  createLlmEngine,
  createPromptLibrary,
  promptsDirectory,
  type ConsentCheck,
  type LlmEngine,
  type LlmObserver,
  type LlmProvider,
} from '../../llm/index.js';
import { createRng, type Clock, type Rng } from '../../shared/index.js';
import { createFilePromptSource } from '../files/file-prompt-source.js';
import { createOpenAiLlmProvider } from './openai-llm-provider.js';

/** The configured OpenAI-compatible provider; jitter from a fresh seed so processes do not retry in step. */
export function openAiProviderFromConfig(config: LlmConfig, deps: { clock: Clock; rng?: Rng }): LlmProvider {
  return createOpenAiLlmProvider(
    {
      baseUrl: config.baseUrl,
      model: config.model,
      embeddingModel: config.embeddingModel,
      apiKey: config.apiKey,
      timeoutMs: config.timeoutMs,
      maxRetries: config.maxRetries,
      maxConcurrency: config.maxConcurrency,
      local: config.local,
      maxRetryAfterMs: config.maxRetryAfterMs,
    },
    { clock: deps.clock, rng: deps.rng ?? createRng(randomInt(2 ** 31)) },
  );
}

/** The LlmEngine over the configured provider, with the prompt files shipped next to src/llm. */
export function llmEngineFromConfig(
  config: LlmConfig,
  deps: { clock: Clock; consent: ConsentCheck; observer: LlmObserver; provider?: LlmProvider },
): LlmEngine {
  return createLlmEngine(
    {
      provider: deps.provider ?? openAiProviderFromConfig(config, deps),
      prompts: createPromptLibrary(createFilePromptSource(promptsDirectory)),
      consent: deps.consent,
      observer: deps.observer,
      clock: deps.clock,
    },
    {
      maxInputChars: config.maxInputChars,
      phoneRegions: config.phoneRegions,
      prices: config.prices,
      cache: config.cache,
    },
  );
}
