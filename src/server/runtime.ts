import type { Logger } from 'pino';
import { createAccessService, type AccessService } from '../access/index.js';
import { openStores, type Stores } from '../adapters/index.js';
import type { Config } from '../config/index.js';
import {
  appendChunksTo,
  createGroupCommitter,
  createIngestor,
  startBatchPool,
  type BatchPool,
  type GroupCommitter,
  type Ingestor,
} from '../ingest/index.js';
import { createFieldCipher, resolveSecretKey, type FieldCipher } from '../privacy/index.js';
import { systemClock, type Clock } from '../shared/index.js';
import { createMetrics, type Metrics } from './metrics.js';

/** Everything a composition root wires: the stores and the services over them. */
export interface Runtime {
  config: Config;
  clock: Clock;
  stores: Stores;
  cipher: FieldCipher;
  access: AccessService;
  committer: GroupCommitter;
  ingestor: Ingestor;
  /** Worker threads preparing large `/v1/batch` bodies, or null (then the event loop does it). */
  batchPool: BatchPool | null;
  metrics: Metrics;
  logger: Logger;
  close(): Promise<void>;
}

export async function createRuntime(
  config: Config,
  logger: Logger,
  options: { clock?: Clock } = {},
): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const secretKey = resolveSecretKey(config.secretKey, config.dataDir);
  const cipher = createFieldCipher(secretKey);
  const stores = await openStores(config.database, {
    onIndexError: (message) => logger.error({ err: message }, 'event indexer transaction failed; retrying'),
    onDatabaseError: (error) =>
      logger.warn({ err: error.message }, 'idle database connection failed; replaced'),
  });
  const metrics = createMetrics();
  if (stores.events.indexProgress) metrics.watchEventIndex(stores.events.indexProgress);
  const committer = createGroupCommitter(
    appendChunksTo(stores.events),
    {
      maxBatch: config.ingest.commitMaxBatch,
      maxWaitMs: config.ingest.commitMaxWaitMs,
      maxInFlight: config.ingest.commitMaxInFlight,
    },
    metrics.onCommit,
  );
  const ingestor = createIngestor({
    committer,
    deadLetters: stores.deadLetters,
    cipher,
    clock,
    maxEventBytes: config.ingest.maxEventBytes,
    observer: metrics.ingest,
  });
  const access = createAccessService({ store: stores.apiKeys, clock });
  // Batch workers serialise events for the journal; a store without appendJson would parse them back.
  const batchPool =
    config.ingest.workers > 0 && stores.events.appendJson
      ? await startBatchPool({
          workers: config.ingest.workers,
          secretKey,
          maxEventBytes: config.ingest.maxEventBytes,
        })
      : null;
  let closed = false;
  return {
    config,
    clock,
    stores,
    cipher,
    access,
    committer,
    ingestor,
    batchPool,
    metrics,
    logger,
    async close() {
      if (closed) return;
      closed = true;
      await committer.drain();
      await batchPool?.close();
      await stores.close();
    },
  };
}
