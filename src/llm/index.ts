/**
 * The LLM layer: the LlmProvider port, and tasks over it with versioned prompt templates, PII redaction, a
 * consent gate, a response cache, structured output with one repair attempt, and token/cost accounting.
 * Providers live in src/adapters (openai/ speaks the OpenAI-compatible protocol).
 */
export type {
  ChatMessage,
  ChatReply,
  ChatRequest,
  ChatResult,
  ChatStreamEvent,
  EmbeddingResult,
  JsonSchemaFormat,
  LlmCallRecord,
  LlmFailure,
  LlmObserver,
  LlmProvider,
  ModelListResult,
  PromptSource,
  TokenUsage,
} from './ports.js';
/**
 * Builds the task runner.
 * @example
 * const engine = createLlmEngine(
 *   { provider, prompts: createPromptLibrary(source), consent: (id, p) => consent.checkConsent(id, p), observer: metrics.llm, clock },
 *   { maxInputChars: 20_000, phoneRegions: ['US', 'DE'], prices: { promptPer1k: 0, completionPer1k: 0 }, cache: { ttlMs: 600_000, maxEntries: 1000 } },
 * );
 * const r = await engine.structured(reviewInsightTask, { customer, values: { product, review } }, signal);
 * if (r.kind === 'ok') r.value.sentiment; else if (r.kind === 'refused') r.reason; // 'consent', …
 */
export {
  createLlmEngine,
  type LlmEngine,
  type LlmEngineDeps,
  type LlmEngineOptions,
  type TaskResult,
} from './llm-engine.js';
/**
 * The tasks and their schemas.
 * @example
 * await engine.text(replyDraftTask, { customer, values: { review } }, AbortSignal.timeout(30_000));
 */
export {
  llmCheckTask,
  llmPingTask,
  replyDraftTask,
  reviewInsightTask,
  reviewInsightSchema,
  type ReviewInsight,
  type StructuredTask,
  type TextTask,
} from './tasks.js';
/**
 * The customer a task is about and the template values.
 * @example
 * const input: TaskInput = { customer: { customerId: 'cus_1', names: ['Jane Doe'], identifiers: ['jane@x.org'], profile }, values: { review } };
 */
export type { CustomerData, TaskInput } from './prepare-request.js';
/**
 * Prompt templates: parsed once from a PromptSource.
 * @example
 * const library = createPromptLibrary(createFilePromptSource(promptsDirectory));
 * const template = await library.get('review-insight.v1');
 */
export { createPromptLibrary, type PromptLibrary } from './prompt-library.js';
/**
 * @example
 * parsePromptTemplate('x.v1', '---\ntask: x\nversion: 1\n---\n# system\nBe brief.\n# user\n{{text}}');
 */
export {
  parsePromptTemplate,
  renderPrompt,
  fenceData,
  DATA_RULE,
  type PromptTemplate,
} from './prompt-template.js';
/**
 * @example
 * new URL('review-insight.v1.md', promptsDirectory); isPromptName('../etc/passwd'); // false
 */
export { promptsDirectory, isPromptName } from './prompts-directory.js';
/**
 * Redaction on its own (the engine applies it to every prompt).
 * @example
 * const r = redactTexts(['Mail jane@x.org'], { names: [], identifiers: [] }, { phoneRegions: ['US'] });
 * r.texts[0]; // 'Mail [EMAIL_1]'
 * r.restore('Sent to [EMAIL_1]'); // 'Sent to jane@x.org'
 */
export { redactTexts, PLACEHOLDER, type KnownPii, type Redaction } from './pii-redactor.js';
/**
 * @example
 * cleanText('a\u0000b', 10); // { text: 'ab', omitted: 0 }
 */
export { cleanText } from './hostile-text.js';
/**
 * @example
 * costOf({ promptTokens: 1000, completionTokens: 500 }, { promptPer1k: 0.15, completionPer1k: 0.6 }); // 0.45
 */
export { costOf, createLlmTally, type LlmPrices, type TaskTotals } from './accounting.js';
/**
 * @example
 * const check: ConsentCheck = (customerId, purpose) => consent.checkConsent(customerId, purpose);
 */
export type { ConsentCheck } from './consent-gate.js';
/**
 * @example
 * const parsed = parseStructured('{"ok":true,"echo":"x"}', schema); // { ok: true, value: … }
 */
export { jsonSchemaFormat, parseStructured } from './structured-output.js';
