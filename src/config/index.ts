export { loadConfig, parseDatabaseUrl, type Config, type DatabaseConfig } from './load-config.js';
