import type { ConsentDecision } from './consent.js';
import { propertiesRead, type ComputedTraitDefinition } from './computed-traits.js';
import { createEvidenceCollector, type EvidenceCollector } from './identity-evidence.js';
import { identifierKey, resolveIdentities, type CustomerIdScheme } from './identity-graph.js';
import { applyOrder, type CatalogView } from './order-stats.js';
import {
  applyCustomerRecord,
  applyEventRow,
  newAccumulator,
  type ProfileAccumulator,
} from './profile-accumulator.js';
import type { CustomerSourceRow, ProfileSource } from './ports.js';
import { addReview, scoreReview } from './review-stats.js';
import { addConversation, conversationIntent } from './support-stats.js';

/** What a replay reads: the stored history, and how identities and computed traits are defined. */
export interface AccumulateDeps {
  source: ProfileSource;
  /** Waits until every acknowledged event is readable (the SQLite journal indexes behind). */
  settle: () => Promise<void>;
  computedTraits: readonly ComputedTraitDefinition[];
  scheme: CustomerIdScheme;
}

/** The steps of a replay (and of the full rebuild, which then writes `profiles`), for progress reports. */
export type BuildStage =
  'identities' | 'customers' | 'events' | 'orders' | 'reviews' | 'conversations' | 'profiles';

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

/** Identifier key (see `identifierKey`) → customer id, and customer id → userId: what a replay needs of the resolution. */
export interface ReplayIdentities {
  customerOf: ReadonlyMap<string, string>;
  userIdOf: ReadonlyMap<string, string>;
}

/** Which customers a replay keeps: all of them, or one shard of a build split over threads. */
export type CustomerFilter = (customerId: string) => boolean;

const everyone: CustomerFilter = () => true;

/** The resolved identity graph of a cutoff's evidence. */
function resolveEvidence(collector: EvidenceCollector, scheme: CustomerIdScheme) {
  const { nodes, edges } = collector.finish();
  const resolution = resolveIdentities(nodes, edges, scheme);
  const firstSeen = new Map(nodes.map((n) => [identifierKey(n.kind, n.value), n.firstSeen]));
  return { resolution, firstSeen, edges };
}

/**
 * One cutoff's replay: accumulators as of `asOf` for the customers `keeps` accepts, filled as the rows stream by,
 * with the imported customers in them from the start.
 */
function createReplay(
  asOf: number,
  ids: ReplayIdentities,
  customerRows: readonly CustomerSourceRow[],
  scheme: CustomerIdScheme,
  keeps: CustomerFilter = everyone,
) {
  const customerOfUser = (u: string) =>
    ids.customerOf.get(identifierKey('user_id', u)) ?? scheme.forUserId(u);
  const customerOfAnon = (a: string) =>
    ids.customerOf.get(identifierKey('anonymous_id', a)) ?? scheme.forAnonymous('anonymous_id', a);

  const accs = new Map<string, ProfileAccumulator>();
  const acc = (id: string) => {
    let a = accs.get(id);
    if (!a) {
      a = newAccumulator();
      a.userId = ids.userIdOf.get(id) ?? null;
      accs.set(id, a);
    }
    return a;
  };
  const importedId = new Map<string, string>();
  for (const row of customerRows) {
    const id = row.externalId === null ? row.id : customerOfUser(row.externalId);
    importedId.set(row.id, id);
    if (!keeps(id)) continue;
    const a = acc(id);
    // A userId outside the identity graph (never linked to another identifier) is still the profile's userId.
    if (row.externalId !== null && a.userId === null) a.userId = row.externalId;
    applyCustomerRecord(a, row);
  }

  // The customer and accumulator of each userId and anonymousId, looked up once per identifier rather than
  // once per event (an anonymous id outside the graph would otherwise be hashed at every event); null for an
  // identifier whose customer this replay does not keep.
  type Target = { id: string; acc: ProfileAccumulator };
  const byUser = new Map<string, Target | null>();
  const byAnon = new Map<string, Target | null>();
  const targetOf = (userId: string | null, anonymousId: string | null): Target | null => {
    const user = userId;
    const anon = anonymousId as string;
    let target = user !== null ? byUser.get(user) : byAnon.get(anon);
    if (target === undefined) {
      const id = user !== null ? customerOfUser(user) : customerOfAnon(anon);
      target = keeps(id) ? { id, acc: acc(id) } : null;
      if (target !== null && user !== null && target.acc.userId === null) target.acc.userId = user;
      if (user !== null) byUser.set(user, target);
      else byAnon.set(anon, target);
    }
    return target;
  };
  const consent = new Map<string, ConsentDecision>();
  return {
    asOf,
    accs,
    acc,
    keeps,
    importedId,
    targetOf,
    consent,
    events: 0,
    orders: 0,
    lastOrderAt: null as number | null,
  };
}

type Replay = ReturnType<typeof createReplay>;

/**
 * Replays, in memory, everything known up to `asOf` (inclusive): identity evidence, imported customers, events in
 * time order, orders and reviews. Nothing after `asOf` is read, so features computed from the result are
 * point-in-time correct (model training uses this for cutoffs in the past).
 */
export async function accumulateProfiles(
  deps: AccumulateDeps,
  asOf: number,
  progress: (stage: BuildStage, done: number) => void = () => {},
): Promise<AccumulatedProfiles> {
  return (await accumulateProfilesAt(deps, [asOf], progress))[0] as AccumulatedProfiles;
}

/** The evidence of the identity graph as of each cutoff, read once: imported customers and identity-bearing events. */
async function resolveAt(
  deps: AccumulateDeps,
  cutoffs: readonly number[],
  progress: (stage: BuildStage, done: number) => void,
) {
  await deps.settle();
  const collectors = cutoffs.map(() => createEvidenceCollector());
  const customerRows: CustomerSourceRow[] = [];
  for await (const page of deps.source.customers()) {
    for (const row of page) {
      for (const collector of collectors) collector.addCustomer(row);
      customerRows.push(row);
    }
  }
  let evidence = 0;
  for await (const page of deps.source.identityEvidence()) {
    for (const row of page)
      for (let k = 0; k < cutoffs.length; k++)
        if (row.timestamp <= (cutoffs[k] as number)) (collectors[k] as EvidenceCollector).addEvent(row);
    evidence += page.length;
    progress('identities', evidence);
  }
  const resolved = collectors.map((collector) => resolveEvidence(collector, deps.scheme));
  progress('customers', customerRows.length);
  return { resolved, customerRows };
}

/** Resolves identities as of each cutoff and starts one replay per cutoff with the imported customers in it. */
async function startReplays(
  deps: AccumulateDeps,
  cutoffs: readonly number[],
  progress: (stage: BuildStage, done: number) => void,
) {
  const { resolved, customerRows } = await resolveAt(deps, cutoffs, progress);
  return cutoffs.map((cutoff, k) => {
    const r = resolved[k] as (typeof resolved)[number];
    return { ...r, replay: createReplay(cutoff, r.resolution, customerRows, deps.scheme) };
  });
}

/**
 * Imported customer id → profile id as of each cutoff: the identity resolution `accumulateProfilesAt` does, without
 * replaying events, orders or reviews. It joins orders to profiles point in time when no other input is needed.
 */
export async function importedCustomerIdsAt(
  deps: AccumulateDeps,
  cutoffs: readonly number[],
): Promise<Map<string, string>[]> {
  if (cutoffs.length === 0) return [];
  return (await startReplays(deps, cutoffs, () => {})).map((r) => r.replay.importedId);
}

/**
 * Replays the history up to the latest replay's cutoff into every replay: events in time order, then orders, reviews
 * and support conversations. Each replay takes what happened by its cutoff, for the customers it keeps.
 */
async function replayHistory(
  deps: AccumulateDeps,
  replays: readonly Replay[],
  progress: (stage: BuildStage, done: number) => void,
): Promise<void> {
  const until = Math.max(...replays.map((r) => r.asOf));
  const props = propertiesRead(deps.computedTraits);
  // With one replay of part of the customers, the source may leave out the other customers' events.
  const only = replays.length === 1 ? (replays[0] as Replay) : null;
  const keep =
    only && only.keeps !== everyone
      ? (userId: string | null, anonymousId: string | null) =>
          (userId !== null || anonymousId !== null) && only.targetOf(userId, anonymousId) !== null
      : undefined;
  let events = 0;
  for await (const page of deps.source.events(props, until, keep ? { keep } : undefined)) {
    for (const row of page)
      for (const replay of replays) {
        if (row.timestamp > replay.asOf) continue;
        const target = replay.targetOf(row.userId, row.anonymousId);
        if (target === null) continue;
        const { id, acc: a } = target;
        const choices = applyEventRow(a, row, id, props, deps.computedTraits);
        for (const d of choices ?? []) {
          const key = `${id}\u0000${d.purpose}`;
          const known = replay.consent.get(key);
          if (!known || d.at >= known.at) replay.consent.set(key, d);
        }
        replay.events++;
      }
    events += page.length;
    progress('events', events);
  }

  const products = catalogView(await deps.source.products());
  let orders = 0;
  for await (const page of deps.source.orders(until)) {
    for (const order of page) {
      for (const replay of replays) {
        if (order.placedAt > replay.asOf) continue;
        replay.orders++;
        if (order.customerId === null) continue;
        const id = replay.importedId.get(order.customerId) ?? order.customerId;
        if (!replay.keeps(id)) continue;
        applyOrder(replay.acc(id).orders, order, products);
        if (order.kind === 'order' && (replay.lastOrderAt === null || order.placedAt > replay.lastOrderAt))
          replay.lastOrderAt = order.placedAt;
      }
    }
    orders += page.length;
    progress('orders', orders);
  }
  // Reviews are read once, up to the latest cutoff, and their text analysed once for every cutoff they fall in.
  let reviews = 0;
  for await (const page of deps.source.reviews(until)) {
    for (const review of page) {
      let score: ReturnType<typeof scoreReview> | null = null;
      for (const replay of replays) {
        if (review.createdAt > replay.asOf) continue;
        const id = replay.importedId.get(review.customerId) ?? review.customerId;
        if (!replay.keeps(id)) continue;
        score ??= scoreReview(review);
        addReview(replay.acc(id).reviews, score);
      }
    }
    reviews += page.length;
    progress('reviews', reviews);
  }
  let conversations = 0;
  for await (const page of deps.source.conversations(until)) {
    for (const c of page) {
      let intent: ReturnType<typeof conversationIntent> | undefined;
      for (const replay of replays) {
        if (c.startedAt > replay.asOf) continue;
        const id = replay.importedId.get(c.customerId) ?? c.customerId;
        if (!replay.keeps(id)) continue;
        if (intent === undefined) intent = conversationIntent(c);
        addConversation(replay.acc(id).support, c.startedAt, intent);
      }
    }
    conversations += page.length;
    progress('conversations', conversations);
  }
}

/**
 * `accumulateProfiles` at several cutoffs in one read of the history: each cutoff gets its own identity resolution
 * and accumulators from the evidence, events, orders and reviews up to it (the result of each is exactly what
 * `accumulateProfiles` gives for it), but the events and orders are read once, up to the latest cutoff. Model
 * training needs the profiles at two or three cutoffs, and reading the events is most of a replay's cost.
 */
export async function accumulateProfilesAt(
  deps: AccumulateDeps,
  cutoffs: readonly number[],
  progress: (stage: BuildStage, done: number) => void = () => {},
): Promise<AccumulatedProfiles[]> {
  if (cutoffs.length === 0) return [];
  const started = await startReplays(deps, cutoffs, progress);
  await replayHistory(
    deps,
    started.map((s) => s.replay),
    progress,
  );
  return started.map(({ replay, resolution, firstSeen, edges }) => ({
    asOf: replay.asOf,
    accs: replay.accs,
    resolution,
    firstSeen,
    edges,
    importedId: replay.importedId,
    consent: [...replay.consent.values()],
    events: replay.events,
    orders: replay.orders,
    lastOrderAt: replay.lastOrderAt,
  }));
}

/** The identity stage of a full rebuild on its own: what `accumulateProfiles` resolves before it replays. */
export async function resolveProfileIdentities(
  deps: AccumulateDeps,
  asOf: number,
  progress: (stage: BuildStage, done: number) => void = () => {},
) {
  const { resolved, customerRows } = await resolveAt(deps, [asOf], progress);
  return { ...(resolved[0] as (typeof resolved)[number]), customerRows };
}

/** One part of a replay split by customer: its accumulators, and what it found besides. */
export interface AccumulatedShard {
  accs: Map<string, ProfileAccumulator>;
  consent: ConsentDecision[];
  /** Events applied to this part's customers. */
  events: number;
  /** Orders up to the cutoff, of every customer (the same in every part). */
  orders: number;
  /** The latest order of this part's customers. */
  lastOrderAt: number | null;
}

/**
 * The replay of `accumulateProfiles` for the customers `keeps` accepts, given the resolution of the whole graph:
 * a build split over threads runs one per thread, each over its own customers. A customer's accumulator comes out
 * exactly as the whole replay makes it (every event of a customer is replayed by the part that keeps it).
 */
export async function accumulateShard(
  deps: AccumulateDeps,
  input: { asOf: number; identities: ReplayIdentities; customers: readonly CustomerSourceRow[] },
  keeps: CustomerFilter,
  progress: (stage: BuildStage, done: number) => void = () => {},
): Promise<AccumulatedShard> {
  const replay = createReplay(input.asOf, input.identities, input.customers, deps.scheme, keeps);
  await replayHistory(deps, [replay], progress);
  return {
    accs: replay.accs,
    consent: [...replay.consent.values()],
    events: replay.events,
    orders: replay.orders,
    lastOrderAt: replay.lastOrderAt,
  };
}
