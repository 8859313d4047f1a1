import type { Clock } from '../shared/index.js';
import { accumulateProfiles, type BuildStage } from './accumulate-profiles.js';
import type { ConsentDecision } from './consent.js';
import type { ComputedTraitDefinition } from './computed-traits.js';
import type { FeatureRegistry } from './feature-registry.js';
import type { CustomerIdScheme } from './identity-graph.js';
import { toStoredEdge } from './identity-evidence.js';
import { toProfileRecord } from './profile-accumulator.js';
import type { ProfileRecord, ProfileSource, ProfileStore } from './ports.js';
import { computeRfm, defaultAsOf } from './rfm.js';

export {
  accumulateProfiles,
  accumulateProfilesAt,
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
  seconds: number;
}

/**
 * The full rebuild: resolves identities from all evidence, replays every event in time order into one
 * accumulator per customer, adds orders and reviews, scores RFM, computes features and computed traits, and
 * replaces the stored profiles. Deterministic for the same data and as-of time.
 */
export async function buildProfiles(
  deps: BuildProfilesDeps,
  options: BuildProfilesOptions = {},
): Promise<BuildProfilesSummary> {
  const started = deps.clock.now();
  const asOf = options.asOf ?? started;
  const progress = options.onProgress ?? (() => {});
  const { accs, resolution, firstSeen, edges, consent, events, orders, lastOrderAt } =
    await accumulateProfiles(deps, asOf, progress);
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

  // 3. RFM over customers with orders, then features, and write.
  const rfmAsOf =
    options.asOf !== undefined ? options.asOf : lastOrderAt === null ? null : defaultAsOf(lastOrderAt);
  const rfmBy = new Map<string, ReturnType<typeof computeRfm>[number]>();
  if (rfmAsOf !== null) {
    const inputs = [];
    const byShopId = new Map<string, string>();
    for (const [id, a] of accs)
      if (a.orders.orders > 0 && a.orders.lastAt !== null) {
        const shopId = a.userId ?? id;
        byShopId.set(shopId, id);
        inputs.push({
          customerId: shopId,
          lastOrderAt: a.orders.lastAt,
          frequency: a.orders.orders,
          monetary: a.orders.sum,
        });
      }
    for (const row of computeRfm(inputs, { asOf: rfmAsOf }))
      rfmBy.set(byShopId.get(row.customerId) as string, row);
  }

  const builtAt = deps.clock.now();
  let batch: ProfileRecord[] = [];
  let written = 0;
  for (const [id, a] of accs) {
    const rfm = rfmBy.get(id);
    batch.push(
      toProfileRecord(id, a, {
        features: deps.features,
        computedTraits: deps.computedTraits,
        piiFromEvent: deps.piiFromEvent,
        asOf,
        builtAt,
        updatedAt: builtAt,
        rfm: rfm
          ? {
              recency: rfm.recency,
              frequency: rfm.frequency,
              monetary: rfm.monetary,
              r: rfm.r,
              f: rfm.f,
              m: rfm.m,
              segment: rfm.segment,
            }
          : null,
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
  const removed = await deps.store.deleteBuiltBefore(builtAt);
  const consentChanges = await deps.recordConsent(consent);
  return {
    asOf,
    rfmAsOf,
    profiles: written,
    identities: resolution.customerOf.size,
    merges: resolution.merges.length,
    conflicts: resolution.conflicts.length,
    events,
    orders,
    removed,
    consentChanges,
    seconds: (deps.clock.now() - started) / 1000,
  };
}
