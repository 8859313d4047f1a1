export {
  DEFAULT_BACKGROUND_NICE,
  DEFAULT_INDEX_BUSY_SHARE,
  DEFAULT_PROMOTION_MARGIN,
  loadConfig,
  parseDatabaseUrl,
  type Config,
  type DatabaseConfig,
  type LlmConfig,
} from './load-config.js';
