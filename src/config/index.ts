export {
  DEFAULT_INDEX_BUSY_SHARE,
  loadConfig,
  parseDatabaseUrl,
  type Config,
  type DatabaseConfig,
} from './load-config.js';
