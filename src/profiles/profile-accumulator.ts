import { consentFromPreferences, type ConsentDecision, type ConsentPurpose } from './consent.js';
import {
  applyMatchedTraitEvent,
  emptyTraitState,
  traitMatches,
  traitStateOf,
  traitValue,
  type ComputedTraitDefinition,
  type ComputedTraitState,
} from './computed-traits.js';
import type { FeatureRegistry } from './feature-registry.js';
import { emptyOrderStats, type OrderStats } from './order-stats.js';
import type { ProfileEventRow, ProfileRecord, ProfileRfm } from './ports.js';
import {
  applyEvent,
  currentTraits,
  emptyProfileState,
  isSafeKey,
  type ProfileState,
} from './profile-state.js';
import { emptyReviewStats, mergeReviewStats, reviewStatsFrom, type ReviewStats } from './review-stats.js';
import {
  emptySupportStats,
  mergeSupportStats,
  supportStatsFrom,
  type SupportStats,
} from './support-stats.js';

/**
 * Everything kept about one customer between events. The full rebuild fills it from scratch; an incremental update
 * loads it from the stored profile (`state`), applies new events and stores it again.
 */
export interface ProfileAccumulator {
  userId: string | null;
  createdAt: number | null;
  importedTraits: Record<string, unknown>;
  /** Sealed PII traits record. */
  pii: string | null;
  /** Time of the PII: Infinity when it is the imported customer record's, which identify calls do not override. */
  piiAt: number;
  /** The latest identify call's sealed PII, as the event holds it; turned into `pii` when the profile is written. */
  pendingEventPii: string | null;
  emailHash: string | null;
  profile: ProfileState;
  computed: Record<string, ComputedTraitState>;
  orders: OrderStats;
  reviews: ReviewStats;
  support: SupportStats;
}

/** What `ProfileRecord.state` holds (besides the columns). */
interface StoredState {
  v: 1;
  profile: ProfileState;
  computed: Record<string, ComputedTraitState>;
  orders: OrderStats;
  /** Before review text was analysed: `{ count, ratingSum, rated }` only (read with `reviewStatsFrom`). */
  reviews: ReviewStats;
  support: SupportStats;
  createdAt: number | null;
  importedTraits: Record<string, unknown>;
  piiAt: number | null;
}

export function newAccumulator(): ProfileAccumulator {
  return {
    userId: null,
    createdAt: null,
    importedTraits: {},
    pii: null,
    piiAt: -Infinity,
    pendingEventPii: null,
    emailHash: null,
    profile: emptyProfileState(),
    computed: {},
    orders: emptyOrderStats(),
    reviews: emptyReviewStats(),
    support: emptySupportStats(),
  };
}

export function parseJsonObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

const NO_PROPS: Record<string, unknown> = Object.freeze({});

/**
 * Applies one event row to a customer's accumulator; returns the consent choices it carries (empty when none),
 * or null when the event was already applied.
 */
export function applyEventRow(
  a: ProfileAccumulator,
  row: ProfileEventRow,
  customerId: string,
  properties: readonly string[],
  defs: readonly ComputedTraitDefinition[],
): ConsentDecision[] | null {
  let props: Record<string, unknown> = NO_PROPS;
  if (properties.length > 0) {
    props = {};
    for (let i = 0; i < properties.length; i++) props[properties[i] as string] = row.props[i];
  }
  const event = {
    type: row.type,
    event: row.event,
    timestamp: row.timestamp,
    messageId: row.messageId,
    category: row.category,
    deviceType: row.deviceType,
    traits: row.type === 'identify' ? parseJsonObject(row.traits) : null,
    props,
  };
  if (!applyEvent(a.profile, event)) return null;
  for (const def of defs)
    // A trait's state exists once an event matched it: most customers match few of the defined traits.
    if (traitMatches(def, event))
      applyMatchedTraitEvent(
        def,
        traitStateOf(a.computed, def.name) ?? (a.computed[def.name] = emptyTraitState()),
        event,
      );
  if (row.pii !== null && row.timestamp >= a.piiAt) {
    a.pendingEventPii = row.pii;
    a.piiAt = row.timestamp;
  }
  if (row.emailHash !== null && a.piiAt !== Infinity) a.emailHash = row.emailHash;
  return row.consent === null ? [] : consentDecisions(customerId, row.consent, row.timestamp);
}

function consentDecisions(customerId: string, raw: unknown, at: number): ConsentDecision[] {
  const preferences = typeof raw === 'string' ? parseJsonObject(raw) : raw;
  return Object.entries(consentFromPreferences(preferences)).map(([purpose, granted]) => ({
    customerId,
    purpose: purpose as ConsentPurpose,
    granted: granted as boolean,
    source: 'context' as const,
    at,
  }));
}

/** Sets the imported customer record's traits, PII and sign-up time. */
export function applyCustomerRecord(
  a: ProfileAccumulator,
  row: {
    externalId: string | null;
    traits: string;
    pii: string | null;
    emailHash: string | null;
    createdAt: number;
  },
): void {
  a.userId ??= row.externalId;
  a.createdAt = a.createdAt === null ? row.createdAt : Math.min(a.createdAt, row.createdAt);
  for (const [k, v] of Object.entries(parseJsonObject(row.traits) ?? {}))
    if (isSafeKey(k)) a.importedTraits[k] = v;
  if (row.pii !== null) {
    a.pii = row.pii;
    a.piiAt = Infinity;
    a.pendingEventPii = null;
  }
  a.emailHash ??= row.emailHash;
}

export interface FinishOptions {
  features: FeatureRegistry;
  computedTraits: readonly ComputedTraitDefinition[];
  piiFromEvent: (sealed: string) => string | null;
  asOf: number;
  builtAt: number;
  updatedAt: number;
  rfm: ProfileRfm | null;
}

/** The stored profile of an accumulator: traits, computed traits and features as of `asOf`, and its state. */
export function toProfileRecord(id: string, a: ProfileAccumulator, o: FinishOptions): ProfileRecord {
  if (a.pendingEventPii !== null) {
    a.pii = o.piiFromEvent(a.pendingEventPii) ?? a.pii;
    a.pendingEventPii = null;
  }
  const computed: Record<string, unknown> = {};
  for (const def of o.computedTraits)
    computed[def.name] = traitValue(def, traitStateOf(a.computed, def.name) ?? emptyTraitState(), o.asOf);
  const features = o.features.computeAll({
    state: a.profile,
    orders: a.orders,
    reviews: a.reviews,
    support: a.support,
    createdAt: a.createdAt,
    asOf: o.asOf,
  });
  // Traits that matched no event yet are left out of the stored state (a missing state reads as empty): most
  // customers match few of the defined traits, and every update reads and writes this state.
  const touched: Record<string, ComputedTraitState> = {};
  for (const [name, t] of Object.entries(a.computed)) if (t.n > 0 || t.window.length > 0) touched[name] = t;
  const state: StoredState = {
    v: 1,
    profile: a.profile,
    computed: touched,
    orders: a.orders,
    reviews: a.reviews,
    support: a.support,
    createdAt: a.createdAt,
    importedTraits: a.importedTraits,
    piiAt: Number.isFinite(a.piiAt) ? a.piiAt : a.piiAt === Infinity ? -1 : null,
  };
  return {
    customerId: id,
    userId: a.userId,
    traits: { ...a.importedTraits, ...currentTraits(a.profile) },
    pii: a.pii,
    emailHash: a.emailHash,
    firstSeenAt: a.profile.firstSeen,
    lastSeenAt: a.profile.lastSeen,
    eventCount: a.profile.events,
    computed,
    features,
    rfm: o.rfm,
    state,
    builtAt: o.builtAt,
    updatedAt: o.updatedAt,
  };
}

/** The accumulator of a stored profile (inverse of `toProfileRecord`). */
export function fromProfileRecord(p: ProfileRecord): ProfileAccumulator {
  const s = p.state as StoredState | null;
  const a = newAccumulator();
  a.userId = p.userId;
  a.pii = p.pii;
  a.emailHash = p.emailHash;
  if (!s || s.v !== 1) return a;
  a.profile = s.profile;
  a.computed = { ...s.computed };
  a.orders = s.orders;
  a.reviews = reviewStatsFrom(s.reviews);
  a.support = supportStatsFrom(s.support);
  a.createdAt = s.createdAt;
  a.importedTraits = s.importedTraits;
  a.piiAt = s.piiAt === -1 ? Infinity : (s.piiAt ?? -Infinity);
  return a;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from))
    if (isSafeKey(k)) into[k] = (Object.hasOwn(into, k) ? (into[k] as number) : 0) + v;
}

const minOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/**
 * Folds a merged-away profile into the one that survives: counts add up, first/last times widen, the latest trait
 * values win. Sessions of the two are counted apart (they were different devices or cookies).
 */
export function mergeAccumulators(into: ProfileAccumulator, from: ProfileAccumulator): void {
  const p = into.profile;
  const q = from.profile;
  p.events += q.events;
  p.firstSeen = minOf(p.firstSeen, q.firstSeen);
  p.lastSeen = maxOf(p.lastSeen, q.lastSeen);
  addCounts(p.counts, q.counts);
  p.dow = p.dow.map((v, i) => v + (q.dow[i] ?? 0));
  p.hour = p.hour.map((v, i) => v + (q.hour[i] ?? 0));
  addCounts(p.device, q.device);
  addCounts(p.channel, q.channel);
  addCounts(p.categories, q.categories);
  p.session.count += q.session.count;
  p.session.events += q.session.events;
  p.session.durationMs += q.session.durationMs;
  p.session.recentStarts = [...p.session.recentStarts, ...q.session.recentStarts].sort((x, y) => x - y);
  for (const [k, v] of Object.entries(q.traits)) {
    const known = Object.hasOwn(p.traits, k) ? p.traits[k] : undefined;
    if (isSafeKey(k) && (!known || known[1] < v[1])) p.traits[k] = v;
  }
  p.recentIds = [...new Set([...p.recentIds, ...q.recentIds])].slice(-64);
  for (const [name, s] of Object.entries(from.computed)) {
    const t = into.computed[name];
    if (!t) {
      into.computed[name] = s;
      continue;
    }
    t.n += s.n;
    t.num += s.num;
    t.sum += s.sum;
    t.min = minOf(t.min, s.min);
    t.max = maxOf(t.max, s.max);
    if (s.first && (!t.first || s.first[0] < t.first[0])) t.first = s.first;
    if (s.last && (!t.last || s.last[0] >= t.last[0])) t.last = s.last;
    addCounts(t.values, s.values);
    t.window = [...t.window, ...s.window].sort((x, y) => x[0] - y[0]);
  }
  const o = into.orders;
  const r = from.orders;
  o.orders += r.orders;
  o.cancellations += r.cancellations;
  o.sum += r.sum;
  o.sumSq += r.sumSq;
  o.min = minOf(o.min, r.min);
  o.max = maxOf(o.max, r.max);
  o.items += r.items;
  o.discounted += r.discounted;
  o.priceRatioSum += r.priceRatioSum;
  o.priceRatioLines += r.priceRatioLines;
  o.firstAt = minOf(o.firstAt, r.firstAt);
  o.lastAt = maxOf(o.lastAt, r.lastAt);
  addCounts(o.channel, r.channel);
  addCounts(o.categories, r.categories);
  mergeReviewStats(into.reviews, from.reviews);
  mergeSupportStats(into.support, from.support);
  into.createdAt = minOf(into.createdAt, from.createdAt);
  for (const [k, v] of Object.entries(from.importedTraits))
    if (isSafeKey(k) && !Object.hasOwn(into.importedTraits, k)) into.importedTraits[k] = v;
  if (from.piiAt > into.piiAt) {
    into.pii = from.pii;
    into.piiAt = from.piiAt;
    into.pendingEventPii = from.pendingEventPii;
  }
  into.emailHash ??= from.emailHash;
}
