export { openStores, createStores, type Stores } from './open-stores.js';
export { createQualityReportSource } from './quality-report-source.js';
export { openSqlite } from './sqlite/open-sqlite.js';
export { openPostgres } from './postgres/open-postgres.js';
export { migrateToLatest } from './sql/migrate.js';
export { createInProcessBus } from './memory/in-process-bus.js';
export { createOpenAiLlmProvider, type OpenAiLlmOptions } from './openai/openai-llm-provider.js';
export { llmEngineFromConfig, openAiProviderFromConfig } from './openai/llm-from-config.js';
export { createFilePromptSource } from './files/file-prompt-source.js';
