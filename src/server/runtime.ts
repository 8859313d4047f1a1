import type { KnowledgeDocRecord } from '../commerce/ports.js';
import {
  createExactIndex,
  createTextService,
  fitKnowledgeOffThread,
  type TextService,
  type VectorIndex,
} from '../text/index.js';
import type { Logger } from 'pino';
import { createAccessService, type AccessService } from '../access/index.js';
import {
  createHnswIndex,
  createInProcessBus,
  llmEngineFromConfig,
  openStores,
  type Stores,
} from '../adapters/index.js';
import type { LlmEngine } from '../llm/index.js';
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
import { createModelRegistry, type ModelRegistry } from '../models/index.js';
import { createFieldCipher, resolveSecretKey, type FieldCipher } from '../privacy/index.js';
import {
  createConsentService,
  createProfileService,
  parseConsentPolicy,
  type ConsentDefaults,
  type ConsentService,
  createSegmentService,
  customerIdScheme,
  defaultComputedTraits,
  segmentCatalogFrom,
  parseComputedTraits,
  type ProfileService,
  type SegmentCatalog,
  type SegmentService,
} from '../profiles/index.js';
import { AppError, systemClock, type Clock, type EventBus, type Subscription } from '../shared/index.js';

/** The bus subject accepted events are published on. */
export const EVENTS_ACCEPTED = 'events.accepted';
import { readFileSync } from 'node:fs';
import { codeVersion } from './code-version.js';
import { createMetrics, type Metrics } from './metrics.js';
import { createPipelineScheduler, type PipelineScheduler } from './pipeline-scheduler.js';
import { startPipelineThread } from './pipeline-thread.js';
import { subscribeLiveProfiles } from './live-profiles.js';
import { chunkTouches, type EventChunk } from '../ingest/index.js';
import {
  createRecommendationService,
  defaultRecommendRules,
  parseRecommendRules,
  type RecommendationService,
  type RecommendRules,
} from '../recommend/index.js';

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
  profiles: ProfileService;
  consent: ConsentService;
  /** The in-process event bus: accepted events are published on `events.accepted`. */
  bus: EventBus;
  /** The live profile updater's subscription (null when RAPPORT_PROFILES_LIVE=false). */
  readonly liveProfiles: Subscription | null;
  /** Starts the live profile updater if it is not running (the demo loads first, builds, then goes live). */
  startLiveProfiles(): void;
  segments: SegmentService;
  /** The model registry: versions, promotion by the held-out metric, rollback. */
  models: ModelRegistry;
  /** Recommendation serving over the active `recommendations` version, fed accepted events for fold-in. */
  recommendations: RecommendationService;
  /** The model pipeline on a worker thread: on demand, and every RAPPORT_PIPELINE_INTERVAL once `start`ed. */
  pipeline: PipelineScheduler;
  /** LLM tasks over the configured provider (null: no RAPPORT_LLM_BASE_URL; the built-in engine is used). */
  llm: LlmEngine | null;
  /** Text analysis with the live text models (intent, sentiment) and aspects of product reviews. */
  text: TextService;
  logger: Logger;
  close(): Promise<void>;
}

/** A JSON configuration file's content; `variable` names the setting in the error. */
function readJsonConfig(file: string, variable: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AppError('invalid_config', `Cannot read ${variable} ${file}: ${(error as Error).message}`);
  }
}

/** The computed-trait definitions: the configured file's, else the built-in set. */
function loadComputedTraits(file: string | null) {
  if (file === null) return defaultComputedTraits;
  return parseComputedTraits(readJsonConfig(file, 'RAPPORT_COMPUTED_TRAITS_FILE'));
}

/** The serving rules: the configured file's, else the defaults. */
function loadRecommendRules(file: string | null): RecommendRules {
  if (file === null) return defaultRecommendRules;
  return parseRecommendRules(readJsonConfig(file, 'RAPPORT_RECOMMEND_RULES_FILE'));
}

function loadConsentDefaults(text: string | undefined): ConsentDefaults {
  try {
    return parseConsentPolicy(text);
  } catch (error) {
    throw new AppError('invalid_config', `RAPPORT_CONSENT_DEFAULTS: ${(error as Error).message}`);
  }
}

export async function createRuntime(
  config: Config,
  logger: Logger,
  options: {
    clock?: Clock;
    /** The features and computed traits segment rules may name (default: none). */
    segmentCatalog?: () => SegmentCatalog;
  } = {},
): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const computedTraits = loadComputedTraits(config.profiles.computedTraitsFile);
  const consentDefaults = loadConsentDefaults(config.profiles.consentDefaults);
  const secretKey = resolveSecretKey(config.secretKey, config.dataDir);
  const cipher = createFieldCipher(secretKey);
  const stores = await openStores(config.database, {
    consentDefaults,
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
  const bus = createInProcessBus({
    onError: (subject, error) =>
      logger.error(
        { subject, err: error instanceof Error ? error.message : String(error) },
        'bus consumer failed',
      ),
  });
  const ingestor = createIngestor({
    onCommitted: (chunk) => bus.publish(EVENTS_ACCEPTED, [chunk]),
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
  // Consent changes drop the recommendation lists decided on the old choices (wired once serving exists below).
  let onConsentChange = (_customerId: string): void => {};
  const consent = createConsentService(
    { store: stores.consents, clock, onChange: (customerId) => onConsentChange(customerId) },
    consentDefaults,
  );
  const profiles = createProfileService(
    {
      consent,
      profiles: stores.profiles,
      source: stores.profileSource,
      settle: () => stores.events.settle(),
      cipher,
      clock,
    },
    {
      computedTraits,
      updater: { cachedProfiles: config.profiles.liveCache },
      ...(stores.profileShards && config.profiles.buildThreads > 1
        ? { shards: stores.profileShards(secretKey, config.profiles.buildThreads) }
        : {}),
    },
  );
  const segments = createSegmentService({
    store: stores.segments,
    clock,
    catalog: options.segmentCatalog ?? (() => segmentCatalogFrom(profiles)),
  });
  const models = createModelRegistry({
    store: stores.models,
    clock,
    margin: config.models.promotionMargin,
    codeVersion: codeVersion(),
  });
  const pipeline = createPipelineScheduler({
    start: (request, onProgress) =>
      startPipelineThread(config, { settle: () => stores.events.settle() }, request, onProgress),
    clock,
    logger: logger.child({ module: 'pipeline' }),
    intervalMs: config.pipeline.intervalMs,
  });
  const recommendations = createRecommendationService(
    {
      activeModel: (name) => models.active(name),
      activeVersionId: async (name) => (await stores.models.active(name))?.id ?? null,
      products: (query) => stores.products.list(query),
      customer: async (id) => {
        const p = await profiles.locate(id);
        if (!p) return null;
        const favourite = p.computed.favourite_category;
        return {
          customerId: p.customerId,
          userId: p.userId,
          favouriteCategory: typeof favourite === 'string' && favourite !== '' ? favourite : null,
        };
      },
      identifiers: async (customerId) => {
        const links = await stores.customers.identitiesOf(customerId);
        return {
          userIds: links.filter((l) => l.kind === 'user_id').map((l) => l.value),
          anonymousIds: links
            .filter((l) => l.kind === 'anonymous_id')
            .sort((a, b) => b.createdAt - a.createdAt)
            .map((l) => l.value),
        };
      },
      personalizationAllowed: (customerId) => consent.checkConsent(customerId, 'personalization'),
      segmentsOf: async (customerId) => (await stores.segments.membershipsOf(customerId)).map((m) => m.id),
      orders: async ({ customerId, userIds }, limit) => {
        // Imported orders keep the customer id they were imported under; a merged profile gathers them from each.
        const owners = [...new Set([customerId, ...userIds.map((u) => customerIdScheme.forUserId(u))])];
        const lists = await Promise.all(
          owners.map((owner) => stores.orders.listByCustomer(owner, { limit })),
        );
        const byId = new Map(lists.flat().map((o) => [o.id, o]));
        return [...byId.values()].sort((a, b) => b.placedAt - a.placedAt).slice(0, limit);
      },
      events: ({ userId, anonymousId, since, limit }) =>
        stores.events.list({
          ...(userId === undefined ? {} : { userId }),
          ...(anonymousId === undefined ? {} : { anonymousId }),
          type: 'track',
          since,
          limit,
          order: 'desc',
        }),
      rules: loadRecommendRules(config.recommend.rulesFile),
      clock,
    },
    { cacheTtlMs: config.recommend.cacheTtlMs },
  );
  bus.subscribe(EVENTS_ACCEPTED, async (messages) => {
    for (const chunk of messages as EventChunk[]) recommendations.observe(chunkTouches(chunk));
  });
  metrics.watchRecommendations(() => recommendations.stats());
  onConsentChange = (customerId) => recommendations.forgetCustomer(customerId);
  let live: ReturnType<typeof subscribeLiveProfiles> | null = null;
  const startLiveProfiles = () => {
    live ??= subscribeLiveProfiles({
      bus,
      subject: EVENTS_ACCEPTED,
      config,
      profiles,
      segments,
      logger: logger.child({ module: 'live-profiles' }),
      threadAllowed: options.clock === undefined,
    });
  };
  metrics.watchLiveProfiles(() =>
    live ? { pending: live.subscription.pending(), ...live.subscription.stats() } : null,
  );
  if (config.profiles.live) startLiveProfiles();
  const llm = config.llm
    ? llmEngineFromConfig(config.llm, {
        clock,
        observer: metrics.llm,
        consent: (customerId, purpose) => consent.checkConsent(customerId, purpose),
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
    profiles,
    consent,
    segments,
    models,
    recommendations,
    text: createTextService({
      activeVersion: (name) => stores.models.active(name),
      artifact: (id) => stores.models.artifact(id),
      reviewsOfProduct: (productId, limit) => stores.reviews.listByProduct(productId, { limit }),
      vectorIndex: knowledgeVectorIndex,
      fitKnowledge: fitKnowledgeOffThread((error) =>
        logger.warn({ err: error }, 'knowledge-base refit: worker thread failed, fitting on the event loop'),
      ),
      now: () => clock.now(),
      knowledgeBase: async () => {
        const all: KnowledgeDocRecord[] = [];
        for (let page = await stores.knowledgeBase.list({ limit: 1000 }); page.length > 0;) {
          all.push(...page);
          page = await stores.knowledgeBase.list({ limit: 1000, afterId: page.at(-1)!.id });
        }
        return all;
      },
    }),
    pipeline,
    llm,
    logger,
    bus,
    get liveProfiles() {
      return live?.subscription ?? null;
    },
    startLiveProfiles,
    async close() {
      if (closed) return;
      closed = true;
      await pipeline.stop();
      await committer.drain();
      live?.beginClose();
      await bus.close();
      await live?.close();
      await batchPool?.close();
      await stores.close();
    },
  };
}

/** From this many knowledge-base articles, search is approximate (HNSW) instead of exact: sub-linear per query. */
export const KB_HNSW_FROM = 20_000;

/** Which index the knowledge base's `size` articles get: exact for small collections, HNSW for large. */
export const knowledgeIndexKind = (size: number): 'exact' | 'hnsw' =>
  size >= KB_HNSW_FROM ? 'hnsw' : 'exact';

/** The knowledge base's vector index: exact for small collections, HNSW (hnswlib-node, ADR 0014) for large. */
export function knowledgeVectorIndex(dims: number, size: number): VectorIndex {
  return knowledgeIndexKind(size) === 'hnsw'
    ? createHnswIndex(dims, { maxElements: size })
    : createExactIndex(dims);
}
