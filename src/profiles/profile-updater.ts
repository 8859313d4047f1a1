import { LRUCache } from 'lru-cache';
import type { Clock } from '../shared/index.js';
import type { ConsentDecision } from './consent.js';
import { propertiesRead, type ComputedTraitDefinition } from './computed-traits.js';
import type { FeatureRegistry } from './feature-registry.js';
import {
  edgeKey,
  identifierKey,
  resolveIdentities,
  type CustomerIdScheme,
  type IdentifierKind,
  type IdentityEdge,
  type IdentityNode,
} from './identity-graph.js';
import { aliasTargetKind, toStoredEdge } from './identity-evidence.js';
import type {
  IdentityLink,
  ProfileEventRow,
  ProfileMergeRecord,
  ProfileRecord,
  ProfileStore,
} from './ports.js';
import {
  applyEventRow,
  fromProfileRecord,
  mergeAccumulators,
  newAccumulator,
  toProfileRecord,
  type ProfileAccumulator,
} from './profile-accumulator.js';

/** What the updater needs of an accepted event (ingest's EventRecord has all of it). */
export interface IncomingEvent {
  type: string;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  previousId: string | null;
  timestamp: number;
  messageId: string;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  pii: string | null;
  emailHash: string | null;
}

export interface ProfileUpdaterDeps {
  store: ProfileStore;
  recordConsent: (decisions: readonly ConsentDecision[]) => Promise<number>;
  features: FeatureRegistry;
  computedTraits: readonly ComputedTraitDefinition[];
  scheme: CustomerIdScheme;
  piiFromEvent: (sealed: string) => string | null;
  clock: Clock;
}

export interface ProfileUpdaterOptions {
  /** Profiles kept in memory between batches, most recently used first (default 10,000; 0: none). */
  cachedProfiles?: number;
  /** A deferred update writes its profiles once this many wait (default 5,000)… */
  maxDeferredProfiles?: number;
  /** …or once the oldest has waited this long (default 1,000 ms). */
  maxDeferMs?: number;
}

export interface ApplyOptions {
  /**
   * Let the touched profiles wait in memory, to be written with a later batch's (at the latest when
   * `maxDeferredProfiles` wait or the oldest has waited `maxDeferMs`). A live consumer defers while more events are
   * queued behind the batch, so a customer active in several batches is written once. Identity changes and consent
   * are written at once either way.
   */
  defer?: boolean;
}

export interface UpdateSummary {
  events: number;
  profiles: number;
  created: number;
  merges: number;
  /** Identity changes that moved part of a profile (a late event reassigned an identifier); a rebuild is exact. */
  splits: number;
  /** Customers whose stored profile was written or deleted by this call (for segment upkeep). */
  customerIds: string[];
  /** Profiles left waiting in memory (see `ApplyOptions.defer`). */
  deferred: number;
}

export interface ProfileUpdater {
  /** Applies one batch of accepted events to the profiles they touch. Calls run one at a time. */
  apply(events: readonly IncomingEvent[], options?: ApplyOptions): Promise<UpdateSummary>;
  /** Forgets the profiles and identities kept in memory (deferred ones are dropped unwritten). */
  reset(): void;
}

type Ref = { kind: IdentifierKind; value: string };

const MAX_COMPONENT_EDGES = 10_000;

function pick(obj: Record<string, unknown>, path: readonly string[]): unknown {
  let at: unknown = obj;
  for (const key of path) {
    if (at === null || typeof at !== 'object' || !Object.hasOwn(at, key)) return null;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function toRow(e: IncomingEvent, properties: readonly string[]): ProfileEventRow {
  return {
    type: e.type,
    event: e.event,
    userId: e.userId,
    anonymousId: e.anonymousId,
    timestamp: e.timestamp,
    messageId: e.messageId,
    category: text(pick(e.properties, ['category'])),
    deviceType: text(pick(e.context, ['device', 'type'])),
    traits: e.type === 'identify' ? JSON.stringify(e.traits) : null,
    pii: e.type === 'identify' ? e.pii : null,
    emailHash: e.emailHash,
    consent: pick(e.context, ['consent', 'categoryPreferences']),
    props: properties.map((p) => {
      const v = pick(e.properties, [p]);
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
    }),
  };
}

/** Evidence edges an event carries (as the full build reads them). */
function edgesOf(e: IncomingEvent): IdentityEdge[] {
  const out: IdentityEdge[] = [];
  const evidence = e.type === 'identify' ? 'identify' : 'event';
  const user: Ref | null = e.userId !== null ? { kind: 'user_id', value: e.userId } : null;
  const anon: Ref | null = e.anonymousId !== null ? { kind: 'anonymous_id', value: e.anonymousId } : null;
  if (user && anon) out.push({ a: user, b: anon, evidence, at: e.timestamp, messageId: e.messageId });
  const owner = user ?? anon;
  if (e.emailHash !== null && owner)
    out.push({
      a: owner,
      b: { kind: 'email_hash', value: e.emailHash },
      evidence,
      at: e.timestamp,
      messageId: e.messageId,
    });
  if (e.type === 'alias' && user && e.previousId !== null && e.previousId !== e.userId)
    out.push({
      a: user,
      b: { kind: aliasTargetKind(e), value: e.previousId },
      evidence: 'alias',
      at: e.timestamp,
      messageId: e.messageId,
    });
  return out;
}

/** A profile held in memory between batches. */
interface CachedProfile {
  acc: ProfileAccumulator;
  /** The stored row's build time; null until the profile is first written. */
  builtAt: number | null;
  rfm: ProfileRecord['rfm'];
}

/**
 * Incremental profile upkeep: resolves the identities a batch touches (re-resolving only the part of the identity
 * graph a new link changes), folds merged profiles together, and applies the events to the touched profiles.
 * Features and computed traits are recomputed as of now for those profiles; RFM scores, which rank customers
 * against each other, and order-based features change only with a full rebuild.
 *
 * While events queue (calls with `defer`), the touched profiles and identifier resolutions stay in memory, so a busy
 * customer's stored row is read once per burst, and profile writes wait (at most `maxDeferredProfiles`, at most
 * `maxDeferMs`) to go out together. A call without `defer` ends the burst: it writes what waits and forgets what
 * was kept, so another writer's changes between bursts are seen. The store's `generation()` is read on every call:
 * after a rebuild (in this process or any other) everything kept is forgotten, except profiles first seen since,
 * which are written. Identity changes go to the store at once (resolving a new link reads the stored graph), before
 * anything kept in memory changes: a failed call leaves memory as it was, and a failed write leaves the profiles
 * waiting for the next call.
 */
export function createProfileUpdater(
  deps: ProfileUpdaterDeps,
  options: ProfileUpdaterOptions = {},
): ProfileUpdater {
  const properties = propertiesRead(deps.computedTraits);
  const idOf = (ref: Ref) =>
    ref.kind === 'user_id' ? deps.scheme.forUserId(ref.value) : deps.scheme.forAnonymous(ref.kind, ref.value);
  const cachedProfiles = options.cachedProfiles ?? 10_000;
  const maxDeferred = options.maxDeferredProfiles ?? 5_000;
  const maxDeferMs = options.maxDeferMs ?? 1_000;
  const cache = cachedProfiles > 0 ? new LRUCache<string, CachedProfile>({ max: cachedProfiles }) : null;
  const idCache = cachedProfiles > 0 ? new LRUCache<string, string>({ max: cachedProfiles * 4 }) : null;
  /** Profiles changed in memory and not written yet, and since when the first of them has waited. */
  const dirty = new Map<string, CachedProfile>();
  let dirtySince = 0;
  let generation: number | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const reset = () => {
    cache?.clear();
    idCache?.clear();
    dirty.clear();
    generation = null;
  };

  const flush = async (): Promise<string[]> => {
    if (dirty.size === 0) return [];
    const now = deps.clock.now();
    const records = [...dirty].map(([id, c]) =>
      toProfileRecord(id, c.acc, {
        features: deps.features,
        computedTraits: deps.computedTraits,
        piiFromEvent: deps.piiFromEvent,
        asOf: now,
        builtAt: c.builtAt ?? now,
        updatedAt: now,
        rfm: c.rfm,
      }),
    );
    await deps.store.put(records);
    for (const c of dirty.values()) c.builtAt ??= now;
    dirty.clear();
    return records.map((r) => r.customerId);
  };

  /**
   * Before forgetting what is kept (a rebuild happened): profiles never written yet, of customers the rebuild did not
   * make either (first seen while it ran), are written rather than lost; the rest is the rebuild's now.
   */
  const keepNewProfiles = async () => {
    const fresh = [...dirty].filter(([, c]) => c.builtAt === null).map(([id]) => id);
    if (fresh.length === 0) return;
    const known = new Set((await deps.store.getMany(fresh)).map((p) => p.customerId));
    for (const [id, c] of [...dirty]) if (c.builtAt !== null || known.has(id)) dirty.delete(id);
    await flush();
  };

  const applyNow = async (input: readonly IncomingEvent[], opts: ApplyOptions): Promise<UpdateSummary> => {
    const g = await deps.store.generation();
    if (g !== generation) {
      if (generation !== null) await keepNewProfiles();
      reset();
      generation = g;
    }
    const events = [...input].sort(
      (x, y) => x.timestamp - y.timestamp || (x.messageId < y.messageId ? -1 : 1),
    );
    const refs = new Map<string, Ref>();
    const addRef = (r: Ref) => refs.set(identifierKey(r.kind, r.value), r);
    for (const e of events) {
      if (e.userId !== null) addRef({ kind: 'user_id', value: e.userId });
      if (e.anonymousId !== null) addRef({ kind: 'anonymous_id', value: e.anonymousId });
      if (e.emailHash !== null) addRef({ kind: 'email_hash', value: e.emailHash });
      if (e.type === 'alias' && e.previousId !== null)
        addRef({ kind: aliasTargetKind(e), value: e.previousId });
    }
    const resolved = new Map<string, string>();
    const unknown: Ref[] = [];
    for (const [key, ref] of refs) {
      const hit = idCache?.get(key);
      if (hit !== undefined) resolved.set(key, hit);
      else unknown.push(ref);
    }
    if (unknown.length > 0)
      for (const [key, customerId] of await deps.store.resolveMany(unknown)) {
        resolved.set(key, customerId);
        idCache?.set(key, customerId);
      }
    /** Resolutions learnt in this batch: kept across batches once the store has them. */
    const learnt = new Map<string, string>();
    const remember = (key: string, customerId: string) => {
      resolved.set(key, customerId);
      learnt.set(key, customerId);
    };

    // Edges that change the graph: endpoints unknown or resolving to different customers.
    const changing = new Map<string, IdentityEdge>();
    for (const e of events)
      for (const edge of edgesOf(e)) {
        const a = resolved.get(identifierKey(edge.a.kind, edge.a.value));
        const b = resolved.get(identifierKey(edge.b.kind, edge.b.value));
        if (a !== undefined && a === b) continue;
        const key = edgeKey(edge);
        if (!changing.has(key)) changing.set(key, edge);
      }

    const links: IdentityLink[] = [];
    const merges: ProfileMergeRecord[] = [];
    const deleteProfiles: string[] = [];
    const folds: { into: string; from: string }[] = [];
    let splits = 0;
    if (changing.size > 0) {
      const seeds = [...changing.values()].flatMap((e) => [e.a, e.b]);
      const component = await deps.store.identityComponent(seeds, MAX_COMPONENT_EDGES);
      const edges = new Map<string, IdentityEdge>();
      for (const s of component.edges) {
        const edge: IdentityEdge = {
          a: { kind: s.aKind as IdentifierKind, value: s.aValue },
          b: { kind: s.bKind as IdentifierKind, value: s.bValue },
          evidence: s.evidence as IdentityEdge['evidence'],
          at: s.firstAt,
          messageId: s.messageId,
        };
        edges.set(edgeKey(edge), edge);
      }
      for (const [key, edge] of changing) {
        const known = edges.get(key);
        if (!known || edge.at < known.at || (edge.evidence === 'alias' && known.evidence !== 'alias'))
          edges.set(key, edge);
      }
      const nodes: IdentityNode[] = [];
      const nodeRefs = new Map<string, Ref>();
      for (const edge of edges.values())
        for (const r of [edge.a, edge.b]) {
          const key = identifierKey(r.kind, r.value);
          if (nodeRefs.has(key)) continue;
          nodeRefs.set(key, r);
          nodes.push({ ...r, firstSeen: component.firstSeen.get(key) ?? edge.at });
        }
      const before = await deps.store.resolveMany([...nodeRefs.values()]);
      const after = resolveIdentities(nodes, edges.values(), deps.scheme);
      const now = deps.clock.now();
      const survivors = new Set(after.customerOf.values());
      const movedTo = new Map<string, string>();
      for (const [key, customerId] of after.customerOf) {
        const old = before.get(key);
        remember(key, customerId);
        if (old === customerId) continue;
        const ref = nodeRefs.get(key) as Ref;
        links.push({
          kind: ref.kind,
          value: ref.value,
          customerId,
          createdAt: component.firstSeen.get(key) ?? now,
        });
        if (old !== undefined) {
          if (survivors.has(old)) splits++;
          else movedTo.set(old, customerId);
        }
      }
      for (const [from, into] of movedTo) {
        folds.push({ into, from });
        deleteProfiles.push(from);
        const cause = [...changing.values()][0] as IdentityEdge;
        const m = after.merges.find((x) => x.merged === from && x.kept === into);
        merges.push({
          keptCustomerId: into,
          mergedCustomerId: from,
          reason: m?.reason ?? cause.evidence,
          evidenceAt: m?.at ?? cause.at,
          messageId: m?.messageId ?? cause.messageId,
        });
      }
      await deps.store.applyIdentityChanges({
        edges: [...changing.values()].map(toStoredEdge),
        identities: [],
        merges,
        deleteProfiles: [],
      });
    }

    // Identifiers seen for the first time, with no link to anything: their own profile.
    const customerOf = (e: IncomingEvent): string => {
      const ref: Ref =
        e.userId !== null
          ? { kind: 'user_id', value: e.userId }
          : { kind: 'anonymous_id', value: e.anonymousId as string };
      const key = identifierKey(ref.kind, ref.value);
      let id = resolved.get(key);
      if (id === undefined) {
        id = idOf(ref);
        remember(key, id);
        links.push({ kind: ref.kind, value: ref.value, customerId: id, createdAt: e.timestamp });
      }
      return id;
    };
    const assigned = events.map(customerOf);

    // The touched profiles: from memory where kept, else from the store, else new.
    const touched = new Set([...assigned, ...folds.map((f) => f.into), ...folds.map((f) => f.from)]);
    const profiles = new Map<string, CachedProfile>();
    const notKept: string[] = [];
    for (const id of touched) {
      const kept = dirty.get(id) ?? cache?.get(id);
      if (kept) profiles.set(id, kept);
      else notKept.push(id);
    }
    if (notKept.length > 0)
      for (const record of await deps.store.getMany(notKept))
        profiles.set(record.customerId, {
          acc: fromProfileRecord(record),
          builtAt: record.builtAt,
          rfm: record.rfm ?? null,
        });
    const existing = new Set(profiles.keys());
    // The last store writes before anything kept in memory changes: a failure up to here leaves memory as it was.
    if (links.length > 0 || deleteProfiles.length > 0)
      await deps.store.applyIdentityChanges({ edges: [], identities: links, merges: [], deleteProfiles });
    for (const [key, customerId] of learnt) idCache?.set(key, customerId);

    const acc = (id: string): ProfileAccumulator => {
      let c = profiles.get(id);
      if (!c) {
        c = { acc: newAccumulator(), builtAt: null, rfm: null };
        profiles.set(id, c);
      }
      return c.acc;
    };
    for (const { into, from } of folds) {
      const merged = profiles.get(from);
      if (merged && existing.has(from)) mergeAccumulators(acc(into), merged.acc);
      profiles.delete(from);
      dirty.delete(from);
      cache?.delete(from);
    }
    const consent: ConsentDecision[] = [];
    events.forEach((e, i) => {
      const id = assigned[i] as string;
      const a = acc(id);
      if (a.userId === null && e.userId !== null && id === deps.scheme.forUserId(e.userId))
        a.userId = e.userId;
      const choices = applyEventRow(a, toRow(e, properties), id, properties, deps.computedTraits);
      if (choices) consent.push(...choices);
    });

    if (dirty.size === 0) dirtySince = performance.now();
    for (const [id, c] of profiles) {
      dirty.set(id, c);
      cache?.set(id, c);
    }
    // A failed write keeps the profiles waiting (the next call writes them); consent choices are recorded first.
    if (consent.length > 0) await deps.recordConsent(consent);
    const endOfBurst = !opts.defer;
    const due = endOfBurst || dirty.size >= maxDeferred || performance.now() - dirtySince >= maxDeferMs;
    const written = due ? await flush() : [];
    if (endOfBurst) {
      // Kept only while events queue: between bursts another writer (an import, another server) may change them.
      cache?.clear();
      idCache?.clear();
    }
    return {
      events: events.length,
      profiles: profiles.size,
      created: [...profiles.keys()].filter((id) => !existing.has(id)).length,
      merges: merges.length,
      splits,
      customerIds: [...written, ...deleteProfiles],
      deferred: dirty.size,
    };
  };

  return {
    apply(input, opts = {}) {
      const run = queue.then(() => applyNow(input, opts));
      queue = run.catch(() => {});
      return run;
    },
    reset,
  };
}
