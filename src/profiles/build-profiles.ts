import type { Clock } from '../shared/index.js';
import { accumulateProfiles, resolveProfileIdentities, type BuildStage } from './accumulate-profiles.js';
import type { ConsentDecision } from './consent.js';
import type { ComputedTraitDefinition } from './computed-traits.js';
import type { FeatureRegistry } from './feature-registry.js';
import type { CustomerIdScheme, IdentityResolution } from './identity-graph.js';
import { toStoredEdge } from './identity-evidence.js';
import { toProfileRecord, type ProfileAccumulator } from './profile-accumulator.js';
import type {
  ProfileRecord,
  ProfileRfm,
  ProfileSource,
  ProfileStore,
  RfmTotals,
  ShardedProfileBuild,
} from './ports.js';
import { computeRfm, defaultAsOf } from './rfm.js';

export {
  accumulateProfiles,
  accumulateProfilesAt,
  accumulateShard,
  type AccumulatedShard,
  importedCustomerIdsAt,
  type AccumulatedProfiles,
  type AccumulateDeps,
  type BuildStage,
} from './accumulate-profiles.js';

export interface BuildProfilesDeps {
  source: ProfileSource;
  store: ProfileStore;
  /** Waits until every acknowledged event is readable (the SQLite journal indexes behind). */
  settle: () => Promise<void>;
  features: FeatureRegistry;
  computedTraits: readonly ComputedTraitDefinition[];
  scheme: CustomerIdScheme;
  /** Turns an event's sealed PII (`{ traits, contextTraits, ip }`) into a sealed PII traits record, or null. */
  piiFromEvent: (sealed: string) => string | null;
  /** Records consent choices found in events (`context.consent.categoryPreferences`). */
  recordConsent: (decisions: readonly ConsentDecision[]) => Promise<number>;
  clock: Clock;
  /** Splits the replay and the profile writes by customer over threads (only with the built-in features). */
  shards?: ShardedProfileBuild;
}

export interface BuildProfilesOptions {
  /** Features and windows are computed as of this time (default now); RFM as of the day after the last order. */
  asOf?: number;
  onProgress?: (stage: BuildStage, done: number) => void;
}

export interface BuildProfilesSummary {
  asOf: number;
  rfmAsOf: number | null;
  profiles: number;
  identities: number;
  merges: number;
  conflicts: number;
  events: number;
  orders: number;
  removed: number;
  /** Consent values changed by choices found in events. */
  consentChanges: number;
  /** Threads the replay and the profiles were split over (1: the calling thread did it all). */
  parts: number;
  seconds: number;
}

/** RFM scores per customer id, from the order totals of every customer with orders, as of `rfmAsOf`. */
export function rfmScores(totals: readonly RfmTotals[], rfmAsOf: number | null): Map<string, ProfileRfm> {
  const out = new Map<string, ProfileRfm>();
  if (rfmAsOf === null) return out;
  // Two profiles can share a shop id (an imported customer without an external id named like a userId). The
  // smaller customer id keeps it; the other is ranked just after it, under the shop id and its own customer id, so
  // that each gets its own scores whatever order the totals come in.
  const byShopId = new Map<string, string>();
  const inputs = [...totals]
    .sort((x, y) => (x.customerId < y.customerId ? -1 : x.customerId > y.customerId ? 1 : 0))
    .map((t) => {
      const key = byShopId.has(t.shopId) ? `${t.shopId}\u0000${t.customerId}` : t.shopId;
      byShopId.set(key, t.customerId);
      return { customerId: key, lastOrderAt: t.lastOrderAt, frequency: t.frequency, monetary: t.monetary };
    });
  for (const row of computeRfm(inputs, { asOf: rfmAsOf }))
    out.set(byShopId.get(row.customerId) as string, {
      recency: row.recency,
      frequency: row.frequency,
      monetary: row.monetary,
      r: row.r,
      f: row.f,
      m: row.m,
      segment: row.segment,
    });
  return out;
}

/** The customers RFM ranks (those with orders) and their totals. */
export function rfmTotalsOf(accs: Iterable<[string, ProfileAccumulator]>): RfmTotals[] {
  const out: RfmTotals[] = [];
  for (const [id, a] of accs)
    if (a.orders.orders > 0 && a.orders.lastAt !== null)
      out.push({
        customerId: id,
        shopId: a.userId ?? id,
        lastOrderAt: a.orders.lastAt,
        frequency: a.orders.orders,
        monetary: a.orders.sum,
      });
  return out;
}

/** Writes the identity graph a rebuild resolved, replacing the stored one. */
async function storeIdentityGraph(
  deps: BuildProfilesDeps,
  resolved: {
    resolution: IdentityResolution;
    firstSeen: Map<string, number>;
    edges: Parameters<typeof toStoredEdge>[0][];
  },
  started: number,
): Promise<void> {
  const { resolution, firstSeen, edges } = resolved;
  await deps.store.replaceIdentityGraph({
    edges: edges.map(toStoredEdge),
    identities: [...resolution.customerOf].map(([key, customerId]) => {
      const kind = key.startsWith('u:') ? 'user_id' : key.startsWith('a:') ? 'anonymous_id' : 'email_hash';
      return { kind, value: key.slice(2), customerId, createdAt: firstSeen.get(key) ?? started };
    }),
    merges: resolution.merges.map((m) => ({
      keptCustomerId: m.kept,
      mergedCustomerId: m.merged,
      reason: m.reason,
      evidenceAt: m.at,
      messageId: m.messageId,
    })),
  });
}

/** What a rebuild did beyond writing profiles, and how long it took. */
async function finishBuild(
  deps: BuildProfilesDeps,
  done: {
    started: number;
    asOf: number;
    rfmAsOf: number | null;
    builtAt: number;
    profiles: number;
    resolution: IdentityResolution;
    events: number;
    orders: number;
    consent: readonly ConsentDecision[];
    parts: number;
  },
): Promise<BuildProfilesSummary> {
  const removed = await deps.store.deleteBuiltBefore(done.builtAt);
  const consentChanges = await deps.recordConsent(done.consent);
  return {
    asOf: done.asOf,
    rfmAsOf: done.rfmAsOf,
    profiles: done.profiles,
    identities: done.resolution.customerOf.size,
    merges: done.resolution.merges.length,
    conflicts: done.resolution.conflicts.length,
    events: done.events,
    orders: done.orders,
    removed,
    consentChanges,
    parts: done.parts,
    seconds: (deps.clock.now() - done.started) / 1000,
  };
}

/**
 * The full rebuild: resolves identities from all evidence, replays every event in time order into one
 * accumulator per customer, adds orders and reviews, scores RFM, computes features and computed traits, and
 * replaces the stored profiles. Deterministic for the same data and as-of time. With `shards`, the replay and the
 * writes are split by customer over threads, with the same result.
 */
export async function buildProfiles(
  deps: BuildProfilesDeps,
  options: BuildProfilesOptions = {},
): Promise<BuildProfilesSummary> {
  const started = deps.clock.now();
  const asOf = options.asOf ?? started;
  const progress = options.onProgress ?? (() => {});
  const rfmAsOfFor = (lastOrderAt: number | null) =>
    options.asOf !== undefined ? options.asOf : lastOrderAt === null ? null : defaultAsOf(lastOrderAt);

  if (deps.shards && deps.shards.parts > 1) {
    const identities = { resolved: null as Awaited<ReturnType<typeof resolveProfileIdentities>> | null };
    const resolvedNow = () => {
      if (identities.resolved === null) throw new Error('the identity stage has not finished');
      return identities.resolved;
    };
    // The threads start while this one resolves identities.
    const plan = resolveProfileIdentities(deps, asOf, progress).then((resolved) => {
      identities.resolved = resolved;
      return {
        asOf,
        identities: { customerOf: resolved.resolution.customerOf, userIdOf: resolved.resolution.userIdOf },
        customers: resolved.customerRows,
        computedTraits: deps.computedTraits,
      };
    });
    const scored = { builtAt: started, rfmAsOf: null as number | null };
    const result = await deps.shards.run(plan, {
      progress,
      // As on one thread: the graph is stored once the replay has succeeded, before the profiles.
      async score(totals, lastOrderAt) {
        await storeIdentityGraph(deps, resolvedNow(), started);
        scored.rfmAsOf = rfmAsOfFor(lastOrderAt);
        scored.builtAt = deps.clock.now();
        return { builtAt: scored.builtAt, rfm: rfmScores(totals, scored.rfmAsOf) };
      },
    });
    return finishBuild(deps, {
      started,
      asOf,
      rfmAsOf: scored.rfmAsOf,
      builtAt: scored.builtAt,
      profiles: result.profiles,
      resolution: resolvedNow().resolution,
      events: result.events,
      orders: result.orders,
      consent: result.consent,
      parts: deps.shards.parts,
    });
  }

  const { accs, resolution, firstSeen, edges, consent, events, orders, lastOrderAt } =
    await accumulateProfiles(deps, asOf, progress);
  await storeIdentityGraph(deps, { resolution, firstSeen, edges }, started);

  // 3. RFM over customers with orders, then features, and write.
  const rfmAsOf = rfmAsOfFor(lastOrderAt);
  const rfmBy = rfmScores(rfmTotalsOf(accs), rfmAsOf);
  const builtAt = deps.clock.now();
  let batch: ProfileRecord[] = [];
  let written = 0;
  for (const [id, a] of accs) {
    batch.push(
      toProfileRecord(id, a, {
        features: deps.features,
        computedTraits: deps.computedTraits,
        piiFromEvent: deps.piiFromEvent,
        asOf,
        builtAt,
        updatedAt: builtAt,
        rfm: rfmBy.get(id) ?? null,
      }),
    );
    if (batch.length >= 500) {
      await deps.store.put(batch);
      written += batch.length;
      batch = [];
      progress('profiles', written);
    }
  }
  await deps.store.put(batch);
  written += batch.length;
  progress('profiles', written);
  return finishBuild(deps, {
    started,
    asOf,
    rfmAsOf,
    builtAt,
    profiles: written,
    resolution,
    events,
    orders,
    consent,
    parts: 1,
  });
}
