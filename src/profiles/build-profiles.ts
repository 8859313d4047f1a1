import type { Clock } from '../shared/index.js';
import {
  applyCustomerRecord,
  applyEventRow,
  newAccumulator,
  toProfileRecord,
  type ProfileAccumulator,
} from './profile-accumulator.js';
import type { ConsentDecision } from './consent.js';
import { propertiesRead, type ComputedTraitDefinition } from './computed-traits.js';
import type { FeatureRegistry } from './feature-registry.js';
import { createEvidenceCollector } from './identity-evidence.js';
import { identifierKey, resolveIdentities, type CustomerIdScheme } from './identity-graph.js';
import { applyOrder, type CatalogView } from './order-stats.js';
import type { CustomerSourceRow, ProfileRecord, ProfileSource, ProfileStore } from './ports.js';
import { computeRfm, defaultAsOf } from './rfm.js';

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

export type BuildStage = 'identities' | 'customers' | 'events' | 'orders' | 'reviews' | 'profiles';

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

function catalogView(products: { id: string; category: string | null; price: number | null }[]): CatalogView {
  const categoryOf = new Map<string, string>();
  const totals = new Map<string, { sum: number; n: number }>();
  for (const p of products) {
    if (p.category === null) continue;
    categoryOf.set(p.id, p.category);
    if (p.price !== null && p.price > 0) {
      const t = totals.get(p.category) ?? { sum: 0, n: 0 };
      t.sum += p.price;
      t.n++;
      totals.set(p.category, t);
    }
  }
  return {
    categoryOf: (id) => categoryOf.get(id) ?? null,
    categoryAveragePrice: (c) => {
      const t = totals.get(c);
      return t ? t.sum / t.n : null;
    },
  };
}

/** What replaying every piece of evidence up to a time yields: one accumulator per customer, before any write. */
export interface AccumulatedProfiles {
  asOf: number;
  accs: Map<string, ProfileAccumulator>;
  resolution: ReturnType<typeof resolveIdentities>;
  /** Identity nodes' first-seen times by identifier key. */
  firstSeen: Map<string, number>;
  edges: ReturnType<ReturnType<typeof createEvidenceCollector>['finish']>['edges'];
  /** Imported customer id → profile id. */
  importedId: Map<string, string>;
  /** Latest consent choice found in events per customer and purpose. */
  consent: ConsentDecision[];
  events: number;
  orders: number;
  lastOrderAt: number | null;
}

/**
 * Replays, in memory, everything known up to `asOf` (inclusive): identity evidence, imported customers, events in
 * time order, orders and reviews. Nothing after `asOf` is read, so features computed from the result are
 * point-in-time correct (model training uses this for cutoffs in the past).
 */
export async function accumulateProfiles(
  deps: Omit<BuildProfilesDeps, 'store' | 'recordConsent' | 'piiFromEvent' | 'clock' | 'features'>,
  asOf: number,
  progress: (stage: BuildStage, done: number) => void = () => {},
): Promise<AccumulatedProfiles> {
  await deps.settle();

  // 1. Identity resolution over every piece of evidence.
  const collector = createEvidenceCollector();
  const customerRows: CustomerSourceRow[] = [];
  for await (const page of deps.source.customers()) {
    for (const row of page) {
      collector.addCustomer(row);
      customerRows.push(row);
    }
  }
  let evidence = 0;
  for await (const page of deps.source.identityEvidence()) {
    for (const row of page) if (row.timestamp <= asOf) collector.addEvent(row);
    evidence += page.length;
    progress('identities', evidence);
  }
  const { nodes, edges } = collector.finish();
  const resolution = resolveIdentities(nodes, edges, deps.scheme);
  const firstSeen = new Map(nodes.map((n) => [identifierKey(n.kind, n.value), n.firstSeen]));
  const customerOfUser = (u: string) =>
    resolution.customerOf.get(identifierKey('user_id', u)) ?? deps.scheme.forUserId(u);
  const customerOfAnon = (a: string) =>
    resolution.customerOf.get(identifierKey('anonymous_id', a)) ??
    deps.scheme.forAnonymous('anonymous_id', a);

  // 2. Accumulate per customer.
  const accs = new Map<string, ProfileAccumulator>();
  const acc = (id: string) => {
    let a = accs.get(id);
    if (!a) {
      a = newAccumulator();
      a.userId = resolution.userIdOf.get(id) ?? null;
      accs.set(id, a);
    }
    return a;
  };
  const importedId = new Map<string, string>();
  for (const row of customerRows) {
    const id = row.externalId === null ? row.id : customerOfUser(row.externalId);
    importedId.set(row.id, id);
    applyCustomerRecord(acc(id), row);
  }
  progress('customers', customerRows.length);

  const props = propertiesRead(deps.computedTraits);
  const consent = new Map<string, ConsentDecision>();
  // The customer and accumulator of each userId and anonymousId, looked up once per identifier rather than
  // once per event (an anonymous id outside the graph would otherwise be hashed at every event).
  type Target = { id: string; acc: ProfileAccumulator };
  const byUser = new Map<string, Target>();
  const byAnon = new Map<string, Target>();
  const targetOf = (row: { userId: string | null; anonymousId: string | null }): Target => {
    const user = row.userId;
    const anon = row.anonymousId as string;
    let target = user !== null ? byUser.get(user) : byAnon.get(anon);
    if (target === undefined) {
      const id = user !== null ? customerOfUser(user) : customerOfAnon(anon);
      target = { id, acc: acc(id) };
      if (user !== null) byUser.set(user, target);
      else byAnon.set(anon, target);
    }
    return target;
  };
  let events = 0;
  for await (const page of deps.source.events(props, asOf)) {
    for (const row of page) {
      const { id, acc: a } = targetOf(row);
      const choices = applyEventRow(a, row, id, props, deps.computedTraits);
      for (const d of choices ?? []) {
        const key = `${id}\u0000${d.purpose}`;
        const known = consent.get(key);
        if (!known || d.at >= known.at) consent.set(key, d);
      }
    }
    events += page.length;
    progress('events', events);
  }

  const products = catalogView(await deps.source.products());
  let orders = 0;
  let lastOrderAt: number | null = null;
  for await (const page of deps.source.orders(asOf)) {
    for (const order of page) {
      if (order.customerId === null) continue;
      const id = importedId.get(order.customerId) ?? order.customerId;
      applyOrder(acc(id).orders, order, products);
      if (order.kind === 'order' && (lastOrderAt === null || order.placedAt > lastOrderAt))
        lastOrderAt = order.placedAt;
    }
    orders += page.length;
    progress('orders', orders);
  }
  for await (const page of deps.source.reviews(asOf)) {
    for (const review of page) {
      const r = acc(importedId.get(review.customerId) ?? review.customerId).reviews;
      r.count++;
      if (review.rating !== null) {
        r.ratingSum += review.rating;
        r.rated++;
      }
    }
  }
  return {
    asOf,
    accs,
    resolution,
    firstSeen,
    edges,
    importedId,
    consent: [...consent.values()],
    events,
    orders,
    lastOrderAt,
  };
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
    edges: edges.map((e) => ({
      aKind: e.a.kind,
      aValue: e.a.value,
      bKind: e.b.kind,
      bValue: e.b.value,
      evidence: e.evidence,
      firstAt: e.at,
      messageId: e.messageId,
    })),
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
