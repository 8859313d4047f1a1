import os from 'node:os';
import path from 'node:path';
import { isSupportedCountry, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { AppError } from '../shared/index.js';

/** How much a new model version must beat the active one on its held-out metric (absolute), unless configured. */
export const DEFAULT_PROMOTION_MARGIN = 0.001;

/** Share of a core the SQLite event indexer may use while ingest is busy, unless configured. */
export const DEFAULT_INDEX_BUSY_SHARE = 0.25;
export const DEFAULT_LIVE_BUSY_SHARE = 0.5;
/** Nice value of background threads (event indexer, live profiles, pipeline): the request path goes first. */
export const DEFAULT_BACKGROUND_NICE = 10;

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const MINUTE = 60_000;
const ISO_DURATION = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/**
 * How often the server runs the pipeline: whole minutes (`60`) or an ISO-8601 duration (`PT6H`, `P1D`); `off` or
 * `0` for never. At least one minute, at most 366 days. Returns ms, null for off, or a problem.
 */
function parsePipelineInterval(text: string): number | null | { problem: string } {
  const v = text.trim();
  if (v === '' || v === 'off' || v === '0') return null;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * MINUTE;
  else {
    const m = ISO_DURATION.exec(v.toUpperCase());
    if (!m || v.toUpperCase() === 'P' || v.toUpperCase().endsWith('T'))
      return {
        problem: `must be minutes (e.g. 60), an ISO-8601 duration (e.g. PT6H) or off, not ${JSON.stringify(v)}`,
      };
    const n = (i: number) => Number(m[i] ?? 0);
    ms = ((((n(1) * 7 + n(2)) * 24 + n(3)) * 60 + n(4)) * 60 + n(5)) * 1000;
  }
  if (ms < MINUTE || ms > 366 * 24 * 60 * MINUTE)
    return { problem: `must be from 1 minute to 366 days, not ${JSON.stringify(v)}` };
  return ms;
}

const pipelineInterval = z.string().transform((v, ctx) => {
  const parsed = parsePipelineInterval(v);
  if (parsed !== null && typeof parsed === 'object') {
    ctx.addIssue({ code: 'custom', message: parsed.problem });
    return z.NEVER;
  }
  return parsed;
});

const schema = z.object({
  RAPPORT_DATA_DIR: z.string().min(1).default('./.rapport'),
  RAPPORT_DATABASE_URL: z.string().min(1).optional(),
  RAPPORT_SECRET_KEY: z.string().min(1).optional(),
  RAPPORT_HOST: z.string().min(1).default('127.0.0.1'),
  RAPPORT_PORT: int(0, 65535).default(4010),
  RAPPORT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RAPPORT_SQLITE_SYNCHRONOUS: z.enum(['full', 'normal']).default('full'),
  RAPPORT_SQLITE_EVENT_WRITER: z.enum(['journal', 'worker', 'inline']).default('journal'),
  RAPPORT_EVENT_INDEX_BUSY_SHARE: z.coerce.number().gt(0).max(1).default(DEFAULT_INDEX_BUSY_SHARE),
  RAPPORT_BACKGROUND_NICE: int(0, 19).default(DEFAULT_BACKGROUND_NICE),
  RAPPORT_COMMIT_MAX_BATCH: int(1, 100_000).default(5_000),
  RAPPORT_COMMIT_MAX_WAIT_MS: int(0, 1_000).default(2),
  RAPPORT_COMMIT_MAX_IN_FLIGHT: int(1, 16).default(2),
  RAPPORT_INGEST_WORKERS: int(0, 64).optional(),
  RAPPORT_INGEST_WORKER_MIN_BYTES: int(0, 16_777_216).default(16_384),
  RAPPORT_MAX_EVENT_BYTES: int(1_024, 1_048_576).default(32 * 1024),
  RAPPORT_MAX_BATCH_BYTES: int(1_024, 16_777_216).default(500 * 1024),
  RAPPORT_PG_POOL_SIZE: int(1, 200).default(10),
  RAPPORT_TRUST_PROXY: bool.default(false),
  RAPPORT_COMPUTED_TRAITS_FILE: z.string().min(1).optional(),
  RAPPORT_RECOMMEND_RULES_FILE: z.string().min(1).optional(),
  RAPPORT_RECOMMEND_CACHE_TTL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  RAPPORT_PROFILES_LIVE: bool.default(true),
  RAPPORT_PROFILES_LIVE_THREAD: bool.default(true),
  RAPPORT_PROFILES_LIVE_BUSY_SHARE: z.coerce.number().gt(0).max(1).default(DEFAULT_LIVE_BUSY_SHARE),
  RAPPORT_PROFILES_LIVE_MAX_PENDING: int(1_000, 100_000_000).default(200_000),
  RAPPORT_PROFILES_LIVE_CACHE: int(0, 10_000_000).default(10_000),
  RAPPORT_PROFILES_BUILD_THREADS: int(1, 64).optional(),
  RAPPORT_CONSENT_DEFAULTS: z
    .string()
    .regex(
      /^\s*([a-z_]+\s*=\s*(allow|deny)\s*)(,\s*[a-z_]+\s*=\s*(allow|deny)\s*)*$/,
      'purpose=allow|deny, comma-separated',
    )
    .optional(),
  RAPPORT_MODEL_PROMOTION_MARGIN: z.coerce.number().min(0).max(1e9).default(DEFAULT_PROMOTION_MARGIN),
  RAPPORT_PIPELINE_INTERVAL: pipelineInterval.optional(),
  RAPPORT_LLM_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  RAPPORT_LLM_MODEL: z.string().min(1).optional(),
  RAPPORT_LLM_EMBEDDING_MODEL: z.string().min(1).optional(),
  RAPPORT_LLM_API_KEY: z.string().min(1).optional(),
  RAPPORT_LLM_TIMEOUT_MS: int(100, 600_000).default(60_000),
  RAPPORT_LLM_MAX_RETRIES: int(0, 10).default(3),
  RAPPORT_LLM_MAX_CONCURRENCY: int(1, 256).default(4),
  RAPPORT_LLM_MAX_RETRY_AFTER_MS: int(0, 600_000).default(60_000),
  RAPPORT_LLM_LOCAL: bool.default(false),
  RAPPORT_LLM_PRICE_PROMPT_PER_1K: z.coerce.number().min(0).max(1e6).default(0),
  RAPPORT_LLM_PRICE_COMPLETION_PER_1K: z.coerce.number().min(0).max(1e6).default(0),
  RAPPORT_LLM_CACHE_TTL_MS: int(0, 7 * 86_400_000).default(3_600_000),
  RAPPORT_LLM_CACHE_MAX: int(0, 1_000_000).default(1_000),
  RAPPORT_LLM_MAX_INPUT_CHARS: int(100, 1_000_000).default(20_000),
  RAPPORT_LLM_PHONE_REGIONS: z
    .string()
    .default('US,GB,DE,FR,NL,ES')
    .transform((v, ctx) => {
      const regions = v
        .split(',')
        .map((r) => r.trim().toUpperCase())
        .filter((r) => r !== '');
      const unknown = regions.filter((r) => !isSupportedCountry(r));
      if (unknown.length > 0) {
        ctx.addIssue({ code: 'custom', message: `unknown region codes: ${unknown.join(', ')}` });
        return z.NEVER;
      }
      return regions as CountryCode[];
    }),
});

/** The LLM provider (OpenAI-compatible HTTP); absent unless RAPPORT_LLM_BASE_URL and RAPPORT_LLM_MODEL are set. */
export interface LlmConfig {
  readonly baseUrl: string;
  readonly model: string;
  readonly embeddingModel: string | null;
  readonly apiKey: string | null;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly maxConcurrency: number;
  /** Longest Retry-After the client waits for; longer ends the call `rate_limited`. */
  readonly maxRetryAfterMs: number;
  /** The service runs on our own machines: customer data may go to it without llm_processing consent. */
  readonly local: boolean;
  /** Price per 1,000 prompt / completion tokens, in the operator's currency, for cost accounting. */
  readonly prices: { readonly promptPer1k: number; readonly completionPer1k: number };
  readonly cache: { readonly ttlMs: number; readonly maxEntries: number };
  /** Each customer text in a prompt is cut to this many characters (with a note). */
  readonly maxInputChars: number;
  /** Regions whose national phone formats the redactor recognises. */
  readonly phoneRegions: readonly CountryCode[];
}

export type EventWriterMode = 'journal' | 'worker' | 'inline';

export type DatabaseConfig =
  | {
      kind: 'sqlite';
      file: string;
      synchronous: 'full' | 'normal';
      /**
       * How events are written. `journal`: appended to the ingest journal on a writer thread and indexed into
       * `events` by a background thread. `worker`: indexed appends on a writer thread. `inline` (the default when
       * absent): indexed appends on the caller's connection.
       */
      eventWriter?: EventWriterMode;
      /** `journal` only: share of one core the indexer may use while ingest is busy (default DEFAULT_INDEX_BUSY_SHARE). */
      indexBusyShare?: number;
      /** `journal` only: nice value of the indexer thread (default DEFAULT_BACKGROUND_NICE; 0 leaves it alone). */
      backgroundNice?: number;
    }
  | { kind: 'postgres'; url: string; poolSize: number };

export interface Config {
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly secretKey: string | undefined;
  readonly server: { readonly host: string; readonly port: number; readonly trustProxy: boolean };
  readonly logLevel: z.infer<typeof schema>['RAPPORT_LOG_LEVEL'];
  /**
   * Nice value (0–19, Linux) of the threads doing background work: the event indexer, live profile updates and the
   * pipeline. The kernel then runs request handling first and gives them the CPU left over. 0 leaves them alone.
   */
  readonly backgroundNice: number;
  readonly ingest: {
    readonly maxEventBytes: number;
    readonly maxBatchBytes: number;
    readonly commitMaxBatch: number;
    readonly commitMaxWaitMs: number;
    readonly commitMaxInFlight: number;
    /** Batch worker threads (0: batches are prepared on the event loop). */
    readonly workers: number;
    /** Batch bodies from this many characters go to a worker; smaller ones are not worth the hand-off. */
    readonly workerMinChars: number;
  };
  readonly profiles: {
    /** JSON file with the computed-trait definitions; null: the built-in set. */
    readonly computedTraitsFile: string | null;
    /** Update profiles as events arrive (through the in-process bus); false: only `rapport profiles build`. */
    readonly live: boolean;
    /** Apply live updates on a worker thread of their own (false: on the server's event loop). */
    readonly liveThread: boolean;
    /** Share of one core live updates may use while events keep arriving (default DEFAULT_LIVE_BUSY_SHARE). */
    readonly liveBusyShare: number;
    /** Events waiting for live updates beyond this are skipped (oldest first, counted); the next rebuild has them. */
    readonly liveMaxPending: number;
    /** Profiles the incremental updater keeps in memory between batches (0: none). */
    readonly liveCache: number;
    /** Worker threads a full rebuild on the embedded store is split over by customer (1: none, all on one thread). */
    readonly buildThreads: number;
    /** Consent for customers with no recorded choice, e.g. `marketing_email=deny,analytics=allow` over the built-in policy. */
    readonly consentDefaults: string | undefined;
  };
  readonly models: {
    /** A new version goes live only if its held-out primary metric beats the active one's by at least this (absolute). */
    readonly promotionMargin: number;
  };
  readonly recommend: {
    /** JSON file of serving rules (pinned and banned items, freshness, diversity, slots); null: the defaults. */
    readonly rulesFile: string | null;
    /** How long a computed list is served from cache unless the customer's events drop it (0: no cache). */
    readonly cacheTtlMs: number;
  };
  readonly pipeline: {
    /** The server runs the pipeline (on a worker thread) this often, timed from the end of the last run; null: never. */
    readonly intervalMs: number | null;
  };
  /** null: no LLM provider (the default; the built-in engine needs none). */
  readonly llm: LlmConfig | null;
}

/** Reads and validates the environment once; reports every problem at once. The only reader of process.env. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new AppError('invalid_config', `Invalid configuration: ${problems.join('; ')}`, { problems });
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.RAPPORT_DATA_DIR);
  const url = e.RAPPORT_DATABASE_URL ?? `sqlite:${path.join(dataDir, 'rapport.db')}`;
  const database = withEventWriter(
    parseDatabaseUrl(url, e.RAPPORT_SQLITE_SYNCHRONOUS, e.RAPPORT_PG_POOL_SIZE),
    e.RAPPORT_SQLITE_EVENT_WRITER,
    e.RAPPORT_EVENT_INDEX_BUSY_SHARE,
    e.RAPPORT_BACKGROUND_NICE,
  );
  if (e.RAPPORT_PIPELINE_INTERVAL != null && database.kind === 'sqlite' && database.file === ':memory:') {
    const problem =
      'RAPPORT_PIPELINE_INTERVAL: the pipeline runs on a worker thread, which cannot open an in-memory database';
    throw new AppError('invalid_config', `Invalid configuration: ${problem}`, { problems: [problem] });
  }
  const llm = llmConfig(e);
  return Object.freeze({
    dataDir,
    database,
    secretKey: e.RAPPORT_SECRET_KEY,
    server: Object.freeze({ host: e.RAPPORT_HOST, port: e.RAPPORT_PORT, trustProxy: e.RAPPORT_TRUST_PROXY }),
    logLevel: e.RAPPORT_LOG_LEVEL,
    backgroundNice: e.RAPPORT_BACKGROUND_NICE,
    ingest: Object.freeze({
      maxEventBytes: e.RAPPORT_MAX_EVENT_BYTES,
      maxBatchBytes: e.RAPPORT_MAX_BATCH_BYTES,
      commitMaxBatch: e.RAPPORT_COMMIT_MAX_BATCH,
      commitMaxWaitMs: e.RAPPORT_COMMIT_MAX_WAIT_MS,
      commitMaxInFlight: e.RAPPORT_COMMIT_MAX_IN_FLIGHT,
      // One core stays with the event loop; the rest prepare batches (at most 4).
      workers: e.RAPPORT_INGEST_WORKERS ?? Math.min(4, Math.max(0, os.availableParallelism() - 1)),
      workerMinChars: e.RAPPORT_INGEST_WORKER_MIN_BYTES,
    }),
    profiles: Object.freeze({
      computedTraitsFile: e.RAPPORT_COMPUTED_TRAITS_FILE
        ? path.resolve(e.RAPPORT_COMPUTED_TRAITS_FILE)
        : null,
      consentDefaults: e.RAPPORT_CONSENT_DEFAULTS,
      live: e.RAPPORT_PROFILES_LIVE,
      liveThread: e.RAPPORT_PROFILES_LIVE_THREAD,
      liveBusyShare: e.RAPPORT_PROFILES_LIVE_BUSY_SHARE,
      liveMaxPending: e.RAPPORT_PROFILES_LIVE_MAX_PENDING,
      liveCache: e.RAPPORT_PROFILES_LIVE_CACHE,
      // One part per core (at most 4): the writes go on in this thread while the parts compute.
      buildThreads: e.RAPPORT_PROFILES_BUILD_THREADS ?? Math.min(4, os.availableParallelism()),
    }),
    models: Object.freeze({ promotionMargin: e.RAPPORT_MODEL_PROMOTION_MARGIN }),
    recommend: Object.freeze({
      rulesFile: e.RAPPORT_RECOMMEND_RULES_FILE ? path.resolve(e.RAPPORT_RECOMMEND_RULES_FILE) : null,
      cacheTtlMs: e.RAPPORT_RECOMMEND_CACHE_TTL_MS,
    }),
    pipeline: Object.freeze({ intervalMs: e.RAPPORT_PIPELINE_INTERVAL ?? null }),
    llm,
  });
}

function llmConfig(e: z.infer<typeof schema>): LlmConfig | null {
  const url = e.RAPPORT_LLM_BASE_URL;
  const model = e.RAPPORT_LLM_MODEL;
  if (url === undefined && model === undefined) return null;
  if (url === undefined || model === undefined) {
    const problem = `${url === undefined ? 'RAPPORT_LLM_BASE_URL' : 'RAPPORT_LLM_MODEL'}: needed as well when ${url === undefined ? 'RAPPORT_LLM_MODEL' : 'RAPPORT_LLM_BASE_URL'} is set`;
    throw new AppError('invalid_config', `Invalid configuration: ${problem}`, { problems: [problem] });
  }
  return Object.freeze({
    baseUrl: url,
    model,
    embeddingModel: e.RAPPORT_LLM_EMBEDDING_MODEL ?? null,
    apiKey: e.RAPPORT_LLM_API_KEY ?? null,
    timeoutMs: e.RAPPORT_LLM_TIMEOUT_MS,
    maxRetries: e.RAPPORT_LLM_MAX_RETRIES,
    maxConcurrency: e.RAPPORT_LLM_MAX_CONCURRENCY,
    maxRetryAfterMs: e.RAPPORT_LLM_MAX_RETRY_AFTER_MS,
    local: e.RAPPORT_LLM_LOCAL,
    prices: Object.freeze({
      promptPer1k: e.RAPPORT_LLM_PRICE_PROMPT_PER_1K,
      completionPer1k: e.RAPPORT_LLM_PRICE_COMPLETION_PER_1K,
    }),
    cache: Object.freeze({ ttlMs: e.RAPPORT_LLM_CACHE_TTL_MS, maxEntries: e.RAPPORT_LLM_CACHE_MAX }),
    maxInputChars: e.RAPPORT_LLM_MAX_INPUT_CHARS,
    phoneRegions: Object.freeze([...e.RAPPORT_LLM_PHONE_REGIONS]),
  });
}

function withEventWriter(
  db: DatabaseConfig,
  eventWriter: EventWriterMode,
  indexBusyShare: number,
  backgroundNice: number,
): DatabaseConfig {
  return db.kind === 'sqlite' && db.file !== ':memory:'
    ? { ...db, eventWriter, indexBusyShare, backgroundNice }
    : db;
}

export function parseDatabaseUrl(
  url: string,
  synchronous: 'full' | 'normal' = 'full',
  poolSize = 10,
): DatabaseConfig {
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (file.length === 0)
      throw new AppError(
        'unsupported_database_url',
        'sqlite: needs a file path, e.g. sqlite:./data/rapport.db',
      );
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file), synchronous };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://'))
    return { kind: 'postgres', url, poolSize };
  throw new AppError('unsupported_database_url');
}
