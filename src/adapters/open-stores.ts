import type SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { ApiKeyStore } from '../access/ports.js';
import type {
  ConversationStore,
  KnowledgeBaseStore,
  OrderStore,
  ProductStore,
  ReviewStore,
} from '../commerce/ports.js';
import { DEFAULT_BACKGROUND_NICE, DEFAULT_INDEX_BUSY_SHARE, type DatabaseConfig } from '../config/index.js';
import type { ConsentDefaults } from '../profiles/segment-consent.js';
import type { DeadLetterStore, EventStore } from '../ingest/ports.js';
import type { ModelStore } from '../models/ports.js';
import type { DataFingerprintReads } from '../pipeline/ports.js';
import type { ScoreStore } from '../scores/ports.js';
import type { QualityReads } from '../prep/ports.js';
import type {
  ConsentStore,
  CustomerStore,
  ProfileSource,
  ProfileStore,
  SegmentStore,
  ShardedProfileBuild,
} from '../profiles/ports.js';
import { openPostgres } from './postgres/open-postgres.js';
import { migrateToLatest } from './sql/migrate.js';
import type { Database, SqlDialectName } from './sql/schema.js';
import { createSqlApiKeyStore } from './sql/sql-api-key-store.js';
import { createSqlConversationStore } from './sql/sql-conversation-store.js';
import { createSqlCustomerStore } from './sql/sql-customer-store.js';
import { createSqlDataFingerprint } from './sql/sql-data-fingerprint.js';
import { createSqlDeadLetterStore } from './sql/sql-dead-letter-store.js';
import { createSqlEventStore } from './sql/sql-event-store.js';
import { createSqlKnowledgeBaseStore } from './sql/sql-knowledge-base-store.js';
import { createSqlModelStore } from './sql/sql-model-store.js';
import { createSqlScoreStore } from './sql/sql-score-store.js';
import { createSqlOrderStore } from './sql/sql-order-store.js';
import { createSqlProductStore } from './sql/sql-product-store.js';
import { createSqlConsentStore } from './sql/sql-consent-store.js';
import { createSqlProfileSource } from './sql/sql-profile-source.js';
import { createSqlProfileStore } from './sql/sql-profile-store.js';
import { createSqlQualityReads } from './sql/sql-quality-reads.js';
import { createSqlReviewStore } from './sql/sql-review-store.js';
import { createSqlSegmentStore } from './sql/sql-segment-store.js';
import { openSqliteConnection, withStatementCache } from './sqlite/open-sqlite.js';
import { withSqliteConsentWrites, withSqliteProfileStatements } from './sqlite/sqlite-profile-statements.js';
import { createSqliteProfileSource } from './sqlite/sqlite-profile-source.js';
import { createSqliteShardedBuild } from './sqlite/sqlite-sharded-build.js';
import { openJournaledEventStore } from './sqlite/journaled-event-store.js';
import { startSqliteEventWriter } from './sqlite/sqlite-event-writer.js';

/** Every store Rapport persists to, over one database. */
export interface Stores {
  readonly dialect: SqlDialectName;
  readonly events: EventStore;
  readonly deadLetters: DeadLetterStore;
  readonly customers: CustomerStore;
  readonly products: ProductStore;
  readonly orders: OrderStore;
  readonly reviews: ReviewStore;
  readonly conversations: ConversationStore;
  readonly knowledgeBase: KnowledgeBaseStore;
  readonly apiKeys: ApiKeyStore;
  readonly profiles: ProfileStore;
  /** Bulk reads for the full profile rebuild. */
  readonly profileSource: ProfileSource;
  readonly consents: ConsentStore;
  /** Rule segments and materialised memberships. */
  readonly segments: SegmentStore;
  /** The model registry: versioned models, their artifacts and promotion history. */
  readonly models: ModelStore;
  /** Each model version's scores per customer; the active versions' are the profiles' scores. */
  readonly scores: ScoreStore;
  /** Narrow scans for the data-quality report (read `events` only after `events.settle()`). */
  readonly quality: QualityReads;
  /** The pipeline's cheap summary of the stored data (read after `events.settle()`). */
  readonly dataFingerprint: DataFingerprintReads;
  /**
   * The embedded store's rebuild split by customer over `parts` worker threads (absent for PostgreSQL and in-memory
   * databases). `secretKey` is the master key: the threads reseal identify calls' PII.
   */
  readonly profileShards?: (secretKey: Buffer, parts: number) => ShardedProfileBuild;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export function createStores(
  db: Kysely<Database>,
  dialect: SqlDialectName,
  options: {
    consentDefaults?: ConsentDefaults;
    /**
     * The embedded store's raw connection (the one under `db`) and its file: bulk profile writes and the rebuild's
     * big reads then go straight through better-sqlite3.
     */
    sqlite?: { connection: SqliteDatabase.Database; file: string };
  } = {},
): Stores {
  const profiles = createSqlProfileStore(db);
  const profileSource = createSqlProfileSource(db, dialect);
  const consents = createSqlConsentStore(db);
  const raw = options.sqlite;
  return {
    dialect,
    events: createSqlEventStore(db),
    deadLetters: createSqlDeadLetterStore(db),
    customers: createSqlCustomerStore(db),
    products: createSqlProductStore(db),
    orders: createSqlOrderStore(db),
    reviews: createSqlReviewStore(db),
    conversations: createSqlConversationStore(db),
    knowledgeBase: createSqlKnowledgeBaseStore(db),
    apiKeys: createSqlApiKeyStore(db),
    profiles: raw ? withSqliteProfileStatements(profiles, db, raw.connection) : profiles,
    // A second connection can't see a private in-memory database.
    profileSource:
      raw && raw.file !== ':memory:' ? createSqliteProfileSource(raw.file, profileSource) : profileSource,
    quality: createSqlQualityReads(db),
    dataFingerprint: createSqlDataFingerprint(db),
    consents: raw ? withSqliteConsentWrites(consents, db, raw.connection) : consents,
    segments: createSqlSegmentStore(db, {
      dialect,
      ...(options.consentDefaults ? { consentDefaults: options.consentDefaults } : {}),
    }),
    models: createSqlModelStore(db),
    scores: createSqlScoreStore(db),
    ...(raw && raw.file !== ':memory:'
      ? {
          profileShards: (secretKey: Buffer, parts: number) =>
            createSqliteShardedBuild({ db, connection: raw.connection, file: raw.file, secretKey, parts }),
        }
      : {}),
    async ping() {
      await db.selectFrom('api_keys').select('id').limit(1).execute();
    },
    close: () => db.destroy(),
  };
}

/** Opens the configured database, applies pending migrations, and returns the stores over it. */
export async function openStores(
  config: DatabaseConfig,
  options: {
    onIndexError?: (message: string) => void;
    /** A pooled PostgreSQL connection failed while idle (it is replaced). */
    onDatabaseError?: (error: Error) => void;
    /** Consent assumed where none is recorded, for segment rules on consent. */
    consentDefaults?: ConsentDefaults;
  } = {},
): Promise<Stores> {
  let db: Kysely<Database>;
  let sqlite: { connection: SqliteDatabase.Database; file: string } | undefined;
  if (config.kind === 'sqlite') {
    const connection = openSqliteConnection({ file: config.file, synchronous: config.synchronous });
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
    sqlite = { connection, file: config.file };
  } else {
    db = openPostgres({
      url: config.url,
      poolSize: config.poolSize,
      ...(options.onDatabaseError ? { onIdleError: options.onDatabaseError } : {}),
    });
  }
  try {
    await migrateToLatest(db, config.kind);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const stores = createStores(db, config.kind, {
    ...(options.consentDefaults ? { consentDefaults: options.consentDefaults } : {}),
    ...(sqlite ? { sqlite } : {}),
  });
  if (config.kind !== 'sqlite' || config.eventWriter === undefined || config.eventWriter === 'inline')
    return stores;
  // better-sqlite3 is synchronous: a commit's fsync would stall every request. Appends go to a writer thread.
  if (config.eventWriter === 'worker') {
    const writer = await startSqliteEventWriter({ file: config.file, synchronous: config.synchronous });
    return {
      ...stores,
      events: { ...stores.events, append: writer.append },
      async close() {
        await writer.close();
        await stores.close();
      },
    };
  }
  const events = await openJournaledEventStore(stores.events, {
    file: config.file,
    synchronous: config.synchronous,
    indexBusyShare: config.indexBusyShare ?? DEFAULT_INDEX_BUSY_SHARE,
    backgroundNice: config.backgroundNice ?? DEFAULT_BACKGROUND_NICE,
    ...(options.onIndexError ? { onIndexError: options.onIndexError } : {}),
  });
  return {
    ...stores,
    events,
    // Rules over events read only after the journal has indexed every acknowledged event.
    segments: createSqlSegmentStore(db, {
      dialect: config.kind,
      settle: () => events.settle(),
      ...(options.consentDefaults ? { consentDefaults: options.consentDefaults } : {}),
    }),
    async close() {
      try {
        await events.close();
      } finally {
        await stores.close();
      }
    },
  };
}
