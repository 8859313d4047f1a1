import type { OrderWithLines, ReviewAnalysis } from '../commerce/ports.js';
import type { BuildStage, ReplayIdentities } from './accumulate-profiles.js';
import type { ComputedTraitDefinition } from './computed-traits.js';
import type { ConsentDecision } from './consent.js';
import type { SegmentRule } from './segment-rule.js';

/** How a customer is known: Segment ids, a keyed hash of the email, or an id in an external system. */
export type IdentityKind = 'user_id' | 'anonymous_id' | 'email_hash' | 'external_id';

export interface CustomerRecord {
  id: string;
  /** The shop's own customer id (Segment `userId`), when known. */
  externalId: string | null;
  /** Traits without PII. */
  traits: Record<string, unknown>;
  /** Sealed JSON of the PII traits. */
  pii: string | null;
  emailHash: string | null;
  /**
   * Write-only: a keyed hash of the PII plaintext. Sealed PII differs at every encryption, so this is how an upsert
   * notices that a phone number or name changed without decrypting. Not returned by reads.
   */
  piiDigest?: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface IdentityLink {
  customerId: string;
  kind: IdentityKind;
  value: string;
  createdAt: number;
}

export interface CustomerStore {
  /** Inserts new customers and updates changed ones; a record identical to the stored one changes nothing. */
  upsert(customers: readonly CustomerRecord[]): Promise<{ inserted: number; updated: number }>;
  get(id: string): Promise<CustomerRecord | null>;
  findByIdentity(kind: IdentityKind, value: string): Promise<CustomerRecord | null>;
  /** Links identities to customers; an identity already linked keeps its first customer. */
  link(links: readonly IdentityLink[]): Promise<{ inserted: number }>;
  identitiesOf(customerId: string): Promise<IdentityLink[]>;
  list(query: { limit: number; afterId?: string }): Promise<CustomerRecord[]>;
  count(): Promise<number>;
}

/** One identity-bearing event, as identity resolution reads it. */
export interface IdentityEvidenceRow {
  type: string;
  userId: string | null;
  anonymousId: string | null;
  emailHash: string | null;
  previousId: string | null;
  timestamp: number;
  messageId: string;
}

/** One event as the profile builder reads it: only the fields features and computed traits use. */
export interface ProfileEventRow {
  type: string;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  timestamp: number;
  messageId: string;
  category: string | null;
  deviceType: string | null;
  /** Traits JSON of identify calls (PII already split off), else null. */
  traits: string | null;
  /** Sealed PII of identify calls, else null. */
  pii: string | null;
  emailHash: string | null;
  /** `context.consent.categoryPreferences` (an object, or its JSON text), when the event carries it. */
  consent: unknown;
  /** Values of the requested properties, in the order asked for. */
  props: unknown[];
}

export interface CustomerSourceRow {
  id: string;
  externalId: string | null;
  traits: string;
  pii: string | null;
  emailHash: string | null;
  createdAt: number;
}

export interface ReviewSourceRow {
  customerId: string;
  rating: number | null;
  title: string | null;
  body: string;
  createdAt: number;
  /** The analysis stored at import, if of the current version; else null (the builder analyses the text). */
  analysis?: ReviewAnalysis | null;
}

export interface ConversationSourceRow {
  id: string;
  customerId: string;
  startedAt: number;
  /** The help desk's own label, when it has one. */
  topic: string | null;
  /** The support-intent model's prediction, when one was made, and the model version that made it. */
  intent: string | null;
  intentModel: string | null;
  /** The conversation's content version (its content hash): `ConversationStore.setIntents` checks it. */
  version: string;
  /** The customer's own messages in order, one per line (agents and bots left out); null unless asked for. */
  text: string | null;
}

/** Bulk reads for the full profile rebuild, streamed in pages. */
export interface ProfileSource {
  identityEvidence(): AsyncIterable<IdentityEvidenceRow[]>;
  /**
   * Every event up to `until` (inclusive), in timestamp order, with the named properties extracted. With `keep`, the
   * source may leave out events for which `keep(userId, anonymousId)` is false (a hint: callers check rows anyway).
   */
  events(
    properties: readonly string[],
    until: number,
    options?: { keep?: (userId: string | null, anonymousId: string | null) => boolean },
  ): AsyncIterable<ProfileEventRow[]>;
  /** The timestamp of the latest event up to `until` (inclusive), or null without one. */
  lastEventAt(until: number): Promise<number | null>;
  customers(): AsyncIterable<CustomerSourceRow[]>;
  /** Orders up to `until` with their lines, grouped by order. */
  orders(until: number): AsyncIterable<OrderWithLines[]>;
  /** Reviews written up to `until` (inclusive) by a known customer, in id order. */
  reviews(until: number): AsyncIterable<ReviewSourceRow[]>;
  /** Support conversations started up to `until` (inclusive) by a known customer, in id order. */
  conversations(until: number, options?: { text?: boolean }): AsyncIterable<ConversationSourceRow[]>;
  products(): Promise<{ id: string; category: string | null; price: number | null }[]>;
}

export interface StoredIdentityEdge {
  aKind: IdentityKind;
  aValue: string;
  bKind: IdentityKind;
  bValue: string;
  evidence: string;
  firstAt: number;
  messageId: string;
}

export interface ProfileMergeRecord {
  keptCustomerId: string;
  mergedCustomerId: string;
  reason: string;
  evidenceAt: number;
  messageId: string;
}

export interface ProfileRfm {
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: string;
}

/** What RFM ranks one customer by: the totals of their orders (`shopId` is the id RFM reports them under). */
export interface RfmTotals {
  customerId: string;
  shopId: string;
  lastOrderAt: number;
  frequency: number;
  monetary: number;
}

/** What every part of a split rebuild starts from: the whole identity resolution and the imported customers. */
export interface ShardedBuildPlan {
  asOf: number;
  identities: ReplayIdentities;
  customers: readonly CustomerSourceRow[];
  computedTraits: readonly ComputedTraitDefinition[];
}

export interface ShardedBuildHooks {
  /** How far the build has got: the stage the slowest part is in, and the count so far over all parts. */
  progress(stage: BuildStage, done: number): void;
  /**
   * Called once, after every part has replayed its customers and before any profile is written: the RFM scores to
   * store for the customers with orders (ranked against each other across parts), and the build time that every
   * written profile carries. The caller stores the identity graph here.
   */
  score(
    totals: readonly RfmTotals[],
    lastOrderAt: number | null,
  ): Promise<{ builtAt: number; rfm: Map<string, ProfileRfm> }>;
}

export interface ShardedBuildResult {
  /** Profiles written. */
  profiles: number;
  events: number;
  orders: number;
  lastOrderAt: number | null;
  /** The latest consent choice found in events per customer and purpose. */
  consent: ConsentDecision[];
}

/**
 * The middle of a full rebuild split by customer over threads (the embedded store offers it): each part replays the
 * events, orders, reviews and conversations of its own customers, and writes their profiles. The parts use Rapport's
 * customer id scheme, the built-in features and the master key's PII sealing, as the profile service does. The
 * identity resolution before it and the clean-up after it stay with the caller.
 */
export interface ShardedProfileBuild {
  /** How many parts a build is split into. */
  readonly parts: number;
  /** `plan` may still be coming (the identity stage): the threads start while it runs. */
  run(
    plan: ShardedBuildPlan | Promise<ShardedBuildPlan>,
    hooks: ShardedBuildHooks,
  ): Promise<ShardedBuildResult>;
}

/** The part of a profile that request paths such as recommendation serving read. */
export type ProfileCore = Pick<ProfileRecord, 'customerId' | 'userId' | 'computed'>;

export interface ProfileRecord {
  customerId: string;
  userId: string | null;
  /** Non-PII traits: imported ones, then identify traits (latest wins). */
  traits: Record<string, unknown>;
  /** Sealed PII traits. */
  pii: string | null;
  emailHash: string | null;
  firstSeenAt: number | null;
  lastSeenAt: number | null;
  eventCount: number;
  computed: Record<string, unknown>;
  features: Record<string, unknown>;
  rfm: ProfileRfm | null;
  /** The builder's state, so incremental updates can continue (opaque JSON). */
  state: unknown;
  builtAt: number;
  updatedAt: number;
}

/** One cell of the RFM grid: how many profiles have R score `r`, FM score `fm` and this segment. */
export interface RfmGridCell {
  r: number;
  fm: number;
  segment: string;
  count: number;
}

export interface ProfileQuery {
  limit: number;
  /** Customer id to continue after (exclusive). */
  afterId?: string;
  /** Members of this segment only. */
  segmentId?: string;
  /** Prefix of a customer id or user id. */
  q?: string;
}

export interface ProfileStore {
  /** Replaces the identity graph: edges, the identifier → customer map and the merge history. */
  replaceIdentityGraph(graph: {
    edges: readonly StoredIdentityEdge[];
    identities: readonly IdentityLink[];
    merges: readonly ProfileMergeRecord[];
  }): Promise<void>;
  /** Inserts or replaces profiles. */
  put(profiles: readonly ProfileRecord[]): Promise<void>;
  /** Deletes profiles not written by the build that started at `builtAt`. */
  deleteBuiltBefore(builtAt: number): Promise<number>;
  /**
   * A number that grows with every write other than an incremental update's (`replaceIdentityGraph`,
   * `deleteBuiltBefore`): profiles or identities kept in memory from before a change of it may be stale.
   */
  generation(): Promise<number>;
  get(customerId: string): Promise<ProfileRecord | null>;
  /** Only a profile's ids and computed traits: what serving paths need, without reading and parsing the rest. */
  getCore(customerId: string): Promise<ProfileCore | null>;
  /** The customer an identifier resolves to. */
  resolve(kind: IdentityKind, value: string): Promise<string | null>;
  findByEmailHash(emailHash: string): Promise<string | null>;
  list(query: ProfileQuery): Promise<ProfileRecord[]>;
  count(): Promise<number>;
  /**
   * Profiles per RFM cell: R score × FM score (⌊(F + M + 1) / 2⌋, see `fmScore`) and the stored segment name,
   * over profiles that have RFM scores. Cells without profiles are left out.
   */
  rfmGrid(): Promise<RfmGridCell[]>;
  mergesOf(customerId: string): Promise<ProfileMergeRecord[]>;
  /** Incremental updates: several profiles at once (missing ones are left out). */
  getMany(customerIds: readonly string[]): Promise<ProfileRecord[]>;
  /** Identifier key (`u:…`, `a:…`, `e:…`) → customer id, for those known. */
  resolveMany(identifiers: readonly { kind: IdentityKind; value: string }[]): Promise<Map<string, string>>;
  /**
   * The identity evidence connected to the seeds (breadth-first over stored edges, at most `maxEdges`), with the
   * nodes' first-seen times, so a change can be resolved for that part of the graph alone.
   */
  identityComponent(
    seeds: readonly { kind: IdentityKind; value: string }[],
    maxEdges: number,
  ): Promise<{ edges: StoredIdentityEdge[]; firstSeen: Map<string, number>; truncated: boolean }>;
  /** Stores new or earlier evidence, re-points identifiers, records merges and removes merged-away profiles. */
  applyIdentityChanges(changes: {
    edges: readonly StoredIdentityEdge[];
    identities: readonly IdentityLink[];
    merges: readonly ProfileMergeRecord[];
    deleteProfiles: readonly string[];
  }): Promise<void>;
}

/** A segment as stored. `rule` segments are defined by a rule; other kinds are materialised by their builders. */
export interface SegmentRecord {
  id: string;
  name: string;
  description: string | null;
  kind: string;
  /** The rule of a `rule` segment; null for other kinds. */
  rule: SegmentRule | null;
  memberCount: number;
  refreshedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface SegmentMember {
  customerId: string;
  /** When the customer entered the segment (epoch ms). */
  since: number;
}

/** A segment a customer belongs to, with the time the customer entered it. */
export interface SegmentMembership {
  id: string;
  name: string;
  kind: string;
  since: number;
}

export type SegmentWriteResult =
  | { status: 'ok'; segment: SegmentRecord }
  | { status: 'name_taken' }
  | { status: 'not_found' }
  | { status: 'not_rule_based' };

export type SegmentRefreshResult =
  | { status: 'refreshed'; added: number; removed: number; size: number }
  | { status: 'not_found' }
  | { status: 'not_rule_based' };

/** Segment definitions and their materialised memberships. Rules are validated before they reach the store. */
export interface SegmentStore {
  create(segment: {
    id: string;
    name: string;
    description: string | null;
    rule: SegmentRule;
    now: number;
  }): Promise<SegmentWriteResult>;
  /**
   * Creates a segment with a fixed member list (kind `cluster`: found by `rapport segments discover`), its
   * definition (e.g. centroids and scaling) stored in place of a rule. Refresh leaves it alone.
   */
  saveFixed(segment: {
    id: string;
    name: string;
    description: string | null;
    kind: string;
    definition: unknown;
    members: readonly string[];
    now: number;
  }): Promise<SegmentWriteResult>;
  get(id: string): Promise<SegmentRecord | null>;
  /** Oldest first (ids are time-ordered). */
  list(query: { limit: number; afterId?: string }): Promise<SegmentRecord[]>;
  update(
    id: string,
    patch: { name?: string; description?: string | null; rule?: SegmentRule },
    now: number,
  ): Promise<SegmentWriteResult>;
  /** Deletes the segment, its members and its size history. */
  delete(id: string): Promise<boolean>;
  /** How many profiles match the rule at `now`, and the first `limit` of their ids. */
  preview(
    rule: SegmentRule,
    options: { limit: number; now: number },
  ): Promise<{ count: number; sample: string[] }>;
  /** Re-evaluates the rule over every profile and applies the difference: entrants get `since = now`. */
  refresh(segmentId: string, now: number): Promise<SegmentRefreshResult>;
  /** As `refresh`, for these customers only: incremental upkeep after their profiles changed. */
  refreshForCustomers(
    segmentId: string,
    customerIds: readonly string[],
    now: number,
  ): Promise<SegmentRefreshResult>;
  /** Members ordered by customer id. */
  members(segmentId: string, query: { limit: number; afterCustomerId?: string }): Promise<SegmentMember[]>;
  /** One size per UTC day (`at` = the day's start), oldest first. */
  sizes(segmentId: string): Promise<{ at: number; size: number }[]>;
  /** The segments a customer is a member of, by segment name. */
  membershipsOf(customerId: string): Promise<SegmentMembership[]>;
}

/** Recorded consent decisions: the latest per customer and purpose, and every change. */
export interface ConsentStore {
  /**
   * Records decisions. The current value of a purpose is the decision with the latest `at` (so late events cannot
   * overwrite a newer choice); a decision equal to the current one adds no history.
   * Returns how many changed the current value.
   */
  record(decisions: readonly ConsentDecision[]): Promise<number>;
  current(customerId: string): Promise<ConsentDecision[]>;
  history(
    customerId: string,
    query: { limit: number },
  ): Promise<(ConsentDecision & { recordedAt: number })[]>;
}
