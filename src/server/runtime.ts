import type { Logger } from 'pino';
import { createAccessService, type AccessService } from '../access/index.js';
import { openStores, type Stores } from '../adapters/index.js';
import type { Config } from '../config/index.js';
import { createGroupCommitter, createIngestor, type GroupCommitter, type Ingestor } from '../ingest/index.js';
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
  const cipher = createFieldCipher(resolveSecretKey(config.secretKey, config.dataDir));
  const stores = await openStores(config.database, {
    onIndexError: (message) => logger.error({ err: message }, 'event indexer transaction failed; retrying'),
    onDatabaseError: (error) =>
      logger.warn({ err: error.message }, 'idle database connection failed; replaced'),
  });
  const metrics = createMetrics();
  if (stores.events.indexProgress) metrics.watchEventIndex(stores.events.indexProgress);
  const committer = createGroupCommitter(
    (events) => stores.events.append(events),
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
  let closed = false;
  return {
    config,
    clock,
    stores,
    cipher,
    access,
    committer,
    ingestor,
    metrics,
    logger,
    async close() {
      if (closed) return;
      closed = true;
      await committer.drain();
      await stores.close();
    },
  };
}
