import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CommitStats, EventIndexProgress, IngestObserver } from '../ingest/index.js';
import type { LlmObserver } from '../llm/index.js';

export interface Metrics {
  registry: Registry;
  ingest: IngestObserver;
  onCommit(stats: CommitStats): void;
  /** For an event store that indexes behind a journal: export its backlog and what it stored. */
  watchEventIndex(progress: () => EventIndexProgress): void;
  /** Live profile upkeep: events waiting, applied and skipped (null while it is not running). */
  watchLiveProfiles(stats: () => LiveProfileStats | null): void;
  watchRecommendations(stats: () => RecommendationStats): void;
  observeRequest(route: string, method: string, status: number, seconds: number): void;
  /** LLM calls per task: tokens, cost, outcomes, latency (the LlmEngine's observer). */
  llm: LlmObserver;
}

export interface RecommendationStats {
  hits: number;
  misses: number;
  invalidated: number;
  cached: number;
}

export interface LiveProfileStats {
  pending: number;
  delivered: number;
  dropped: number;
  failures: number;
}

/** Prometheus metrics, one registry per app so tests and multiple apps in one process do not collide. */
export function createMetrics(options: { defaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaults !== false) collectDefaultMetrics({ register: registry, prefix: 'rapport_' });
  /** A counter over a running total kept elsewhere: each scrape adds what the total grew by (null: unknown now). */
  const deltaCounter = (name: string, help: string, total: () => number | null) => {
    let seen = 0;
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const now = total();
        if (now !== null && now > seen) {
          this.inc(now - seen);
          seen = now;
        }
      },
    });
  };
  const accepted = new Counter({
    name: 'rapport_events_accepted_total',
    help: 'Valid events acknowledged (durable), by Segment type.',
    labelNames: ['type'],
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'rapport_events_rejected_total',
    help: 'Input rejected and dead-lettered, by error code.',
    labelNames: ['code'],
    registers: [registry],
  });
  const inserted = new Counter({
    name: 'rapport_events_stored_total',
    help: 'Events newly written (acknowledged minus retried duplicates).',
    registers: [registry],
  });
  const duplicates = new Counter({
    name: 'rapport_events_duplicate_total',
    help: 'Acknowledged events ignored because their messageId was already stored.',
    registers: [registry],
  });
  const commitSize = new Histogram({
    name: 'rapport_ingest_commit_events',
    help: 'Events per group commit.',
    buckets: [1, 2, 5, 10, 50, 100, 500, 1000, 5000],
    registers: [registry],
  });
  const commitRequests = new Histogram({
    name: 'rapport_ingest_commit_requests',
    help: 'Requests sharing one group commit.',
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const commitSeconds = new Histogram({
    name: 'rapport_ingest_commit_seconds',
    help: 'Duration of one group commit.',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const http = new Histogram({
    name: 'rapport_http_request_duration_seconds',
    help: 'HTTP request latency by route, method and status.',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const llmTokens = new Counter({
    name: 'rapport_llm_tokens_total',
    help: 'LLM tokens spent, by task, model and kind (prompt or completion); cache hits spend none.',
    labelNames: ['task', 'model', 'kind'],
    registers: [registry],
  });
  const llmCost = new Counter({
    name: 'rapport_llm_cost_total',
    help: 'LLM cost by task and model, from RAPPORT_LLM_PRICE_*_PER_1K (in that currency).',
    labelNames: ['task', 'model'],
    registers: [registry],
  });
  const llmRequests = new Counter({
    name: 'rapport_llm_requests_total',
    help: 'LLM calls by task and outcome (ok, refused, invalid_output, rate_limited, unavailable) and cache use.',
    labelNames: ['task', 'outcome', 'cached'],
    registers: [registry],
  });
  const llmSeconds = new Histogram({
    name: 'rapport_llm_request_duration_seconds',
    help: 'LLM call latency by task, retries and back-off included.',
    labelNames: ['task'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  return {
    registry,
    llm: {
      call(r) {
        llmRequests.inc({ task: r.task, outcome: r.outcome, cached: String(r.cached) });
        if (r.cached) return;
        llmTokens.inc({ task: r.task, model: r.model, kind: 'prompt' }, r.promptTokens);
        llmTokens.inc({ task: r.task, model: r.model, kind: 'completion' }, r.completionTokens);
        llmCost.inc({ task: r.task, model: r.model }, r.cost);
        llmSeconds.observe({ task: r.task }, r.seconds);
      },
    },
    ingest: {
      accepted: (type, n) => accepted.inc({ type }, n),
      rejected: (code, n) => rejected.inc({ code }, n),
    },
    onCommit: (s) => {
      if (s.inserted !== null) {
        inserted.inc(s.inserted);
        duplicates.inc(s.events - s.inserted);
      }
      commitSize.observe(s.events);
      commitRequests.observe(s.requests);
      commitSeconds.observe(s.seconds);
    },
    watchEventIndex(progress) {
      let seen: EventIndexProgress = { pendingEvents: 0, indexedEvents: 0, storedEvents: 0 };
      // Counters move by what the indexer did since the last scrape.
      const sync = () => {
        const now = progress();
        inserted.inc(now.storedEvents - seen.storedEvents);
        duplicates.inc(now.indexedEvents - now.storedEvents - (seen.indexedEvents - seen.storedEvents));
        seen = now;
        return now;
      };
      new Gauge({
        name: 'rapport_event_index_backlog_events',
        help: 'Acknowledged events (durable in the ingest journal) not yet indexed for reads.',
        registers: [registry],
        collect() {
          this.set(sync().pendingEvents);
        },
      });
    },
    watchLiveProfiles(stats) {
      new Gauge({
        name: 'rapport_profiles_live_pending_events',
        help: 'Accepted events waiting to be applied to profiles by the live updater.',
        registers: [registry],
        collect() {
          this.set(stats()?.pending ?? 0);
        },
      });
      const counter = (name: string, help: string, pick: (s: LiveProfileStats) => number) => {
        const now = () => {
          const current = stats();
          return current ? pick(current) : null;
        };
        deltaCounter(name, help, now);
      };
      counter(
        'rapport_profiles_live_applied_events_total',
        'Accepted events the live updater applied to profiles.',
        (s) => s.delivered,
      );
      counter(
        'rapport_profiles_live_skipped_events_total',
        'Accepted events the live updater skipped because it fell too far behind (the next rebuild has them).',
        (s) => s.dropped,
      );
      counter(
        'rapport_profiles_live_failures_total',
        'Live profile update calls that failed (their events wait for the next rebuild).',
        (s) => s.failures,
      );
    },
    watchRecommendations(stats) {
      new Gauge({
        name: 'rapport_recommendations_cached_lists',
        help: 'Recommendation lists held in the serving cache.',
        registers: [registry],
        collect() {
          this.set(stats().cached);
        },
      });
      const counter = (name: string, help: string, pick: (s: RecommendationStats) => number) =>
        deltaCounter(name, help, () => pick(stats()));
      counter(
        'rapport_recommendations_cache_hits_total',
        'Recommendation requests served from cache.',
        (s) => s.hits,
      );
      counter(
        'rapport_recommendations_computed_total',
        'Recommendation lists computed (cache misses: scored from the customer’s history).',
        (s) => s.misses,
      );
      counter(
        'rapport_recommendations_invalidated_total',
        'Cached lists dropped because the customer’s events arrived.',
        (s) => s.invalidated,
      );
    },
    observeRequest: (route, method, status, seconds) =>
      http.observe({ route, method, status: String(status) }, seconds),
  };
}
