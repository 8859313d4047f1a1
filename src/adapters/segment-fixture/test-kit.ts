import type { Kysely } from 'kysely';
import type { ConsentDefaults, ConsentPurpose } from '../../profiles/segment-consent.js';
import { consentPurposes } from '../../profiles/segment-consent.js';
import type { SegmentCatalog } from '../../profiles/segment-catalog.js';
import type { Comparison, EventCount, SegmentRule } from '../../profiles/segment-rule.js';
import { createRng, type Rng } from '../../shared/rng.js';
import { chunk } from '../sql/json.js';
import type { Database } from '../sql/schema.js';

/**
 * Test support (not a test): deterministic profiles, identities, events and consents for segment tests, a loader
 * for any Kysely database, and an in-memory reference evaluator of rules to check the SQL against.
 */
export interface FixtureProfile {
  customerId: string;
  userId: string | null;
  traits: Record<string, unknown>;
  computed: Record<string, unknown>;
  features: Record<string, unknown>;
  rfm: {
    recency: number;
    frequency: number;
    monetary: number;
    r: number;
    f: number;
    m: number;
    segment: string;
  } | null;
  /** Scores of the active model versions; a candidate version's scores (`candidateScores`) must never count. */
  scores: Record<string, number>;
  candidateScores: Record<string, number>;
}
export interface FixtureEvent {
  messageId: string;
  type: string;
  event: string | null;
  userId: string | null;
  anonymousId: string | null;
  timestamp: number;
  properties: Record<string, unknown>;
}
export interface SegmentFixture {
  now: number;
  profiles: FixtureProfile[];
  identities: { kind: 'user_id' | 'anonymous_id'; value: string; customerId: string }[];
  events: FixtureEvent[];
  consents: { customerId: string; purpose: ConsentPurpose; granted: boolean }[];
}

export const FIXTURE_NOW = Date.UTC(2026, 5, 15, 12);
const DAY = 86_400_000;
export const HOSTILE_TEXT = "Robert'); DROP TABLE profiles;-- \" $1 ? ' OR 1=1";

export const fixtureCatalog: SegmentCatalog = {
  features: { spend_90d: 'number', top_categories: 'string[]', channel: 'string' },
  computed: { orders_90d: 'number', favourite_category: 'string' },
};

const categories = ['garden', 'kitchen', 'books', 'toys'];
const eventNames = ['Order Completed', 'Product Viewed', 'Signed Up', 'Cart Viewed'];
const rfmNames = ['Champions', 'Loyal', 'At Risk', 'Hibernating', "Can't Lose"];

function maybe<T>(rng: Rng, p: number, value: () => T): T | undefined {
  return rng.bool(p) ? value() : undefined;
}

function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function subset(rng: Rng, items: readonly string[]): string[] {
  return items.filter(() => rng.bool(0.4));
}

export function generateSegmentFixture(options: {
  seed: number | string;
  customers: number;
}): SegmentFixture {
  const rng = createRng(options.seed);
  const now = FIXTURE_NOW;
  const fixture: SegmentFixture = { now, profiles: [], identities: [], events: [], consents: [] };
  let message = 0;
  for (let i = 0; i < options.customers; i++) {
    const customerId = `cus_${String(i).padStart(4, '0')}`;
    const userId = rng.bool(0.85) ? `u${i}` : null;
    const age = rng.int(18, 80);
    fixture.profiles.push({
      customerId,
      userId,
      traits: defined({
        country: rng.weighted(['DE', 'FR', 'US', 'GB', undefined], [3, 2, 2, 1, 2]),
        plan: maybe(rng, 0.7, () => rng.pick(['free', 'pro', 'gold'])),
        age: rng.weighted([age, String(age), undefined], [7, 1, 2]),
        vip: maybe(rng, 0.6, () => rng.bool(0.3)),
        tags: maybe(rng, 0.4, () => subset(rng, ['new', 'sale', 'garden'])),
        note: maybe(rng, 0.1, () => HOSTILE_TEXT),
        score: rng.weighted([null, rng.int(0, 100), undefined], [1, 2, 2]),
      }),
      computed: defined({
        orders_90d: maybe(rng, 0.8, () => rng.int(0, 9)),
        // A wrong type now and then: a number where a string is declared must match no string comparison.
        favourite_category: rng.weighted([rng.pick(categories), 7, undefined], [7, 1, 2]),
      }),
      features: defined({
        spend_90d: maybe(rng, 0.8, () => Math.round(rng.next() * 50_000) / 100),
        top_categories: maybe(rng, 0.7, () => subset(rng, categories)),
        channel: maybe(rng, 0.9, () => rng.pick(['web', 'app', 'store'])),
      }),
      rfm: rng.bool(0.8)
        ? {
            recency: rng.int(0, 365),
            frequency: rng.int(1, 30),
            monetary: Math.round(rng.next() * 100_000) / 100,
            r: rng.int(1, 6),
            f: rng.int(1, 6),
            m: rng.int(1, 6),
            segment: rng.pick(rfmNames),
          }
        : null,
      scores: defined({
        propensity_30d: maybe(rng, 0.7, () => Math.round(rng.next() * 1000) / 1000),
        churn_60d: maybe(rng, 0.5, () => Math.round(rng.next() * 1000) / 1000),
      }) as Record<string, number>,
      candidateScores: defined({
        propensity_30d: maybe(rng, 0.9, () => Math.round(rng.next() * 1000) / 1000),
      }) as Record<string, number>,
    });
    if (userId !== null) fixture.identities.push({ kind: 'user_id', value: userId, customerId });
    const anonymous = Array.from({ length: rng.int(0, 3) }, (_, k) => `a${i}_${k}`);
    for (const value of anonymous) fixture.identities.push({ kind: 'anonymous_id', value, customerId });
    for (let e = rng.int(0, 10); e > 0; e--) {
      const viaUser = userId !== null && (anonymous.length === 0 || rng.bool(0.6));
      const ghost = rng.bool(0.03);
      const name = rng.weighted(eventNames, [3, 3, 1, 2]);
      fixture.events.push({
        messageId: `m${message++}`,
        type: rng.weighted(['track', 'page', 'screen'], [8, 1, 1]),
        event: name,
        userId: ghost ? `ghost${i}` : viaUser ? userId : null,
        // Both ids: the user id decides the owner, even when the anonymous id is someone else's.
        anonymousId:
          viaUser || ghost ? (rng.bool(0.2) ? `a${i + 1}_0` : null) : (anonymous[0] ?? `stray${i}`),
        // Recent days are busier; a few events lie up to two days after `now` (clients with skewed clocks).
        timestamp: now - (Math.floor(rng.next() ** 2 * 122) - 2) * DAY + rng.int(-3_600_000, 3_600_000),
        properties: defined({
          category: maybe(rng, 0.9, () => rng.pick(categories)),
          revenue: name === 'Order Completed' ? Math.round(rng.next() * 30_000) / 100 : undefined,
          quantity: maybe(rng, 0.5, () => rng.int(1, 5)),
          coupon: maybe(rng, 0.2, () => (rng.bool(0.5) ? 'SPRING' : HOSTILE_TEXT)),
          labels: maybe(rng, 0.3, () => subset(rng, ['gift', 'express', 'sale'])),
        }),
      });
    }
    for (const purpose of consentPurposes)
      if (rng.bool(0.3)) fixture.consents.push({ customerId, purpose, granted: rng.bool(0.5) });
  }
  return fixture;
}

/** Loads a fixture into a migrated database (empty tables expected). */
export async function seedSegmentFixture(db: Kysely<Database>, fixture: SegmentFixture): Promise<void> {
  const t = fixture.now;
  for (const part of chunk(fixture.profiles, 300))
    await db
      .insertInto('profiles')
      .values(
        part.map((p) => ({
          customer_id: p.customerId,
          user_id: p.userId,
          traits: JSON.stringify(p.traits),
          pii: null,
          email_hash: null,
          first_seen_at: null,
          last_seen_at: null,
          event_count: 0,
          computed: JSON.stringify(p.computed),
          features: JSON.stringify(p.features),
          rfm_recency: p.rfm?.recency ?? null,
          rfm_frequency: p.rfm?.frequency ?? null,
          rfm_monetary: p.rfm?.monetary ?? null,
          rfm_r: p.rfm?.r ?? null,
          rfm_f: p.rfm?.f ?? null,
          rfm_m: p.rfm?.m ?? null,
          rfm_segment: p.rfm?.segment ?? null,
          state: '{}',
          built_at: t,
          updated_at: t,
        })),
      )
      .execute();
  // Model versions: propensity_30d v1 active and v2 a candidate, churn_60d v1 active; clv_90d has none.
  const versions = [
    {
      id: 'mdl_p1',
      name: 'propensity_30d',
      version: 1,
      status: 'active',
      pick: (p: FixtureProfile) => p.scores,
    },
    {
      id: 'mdl_p2',
      name: 'propensity_30d',
      version: 2,
      status: 'candidate',
      pick: (p: FixtureProfile) => p.candidateScores,
    },
    { id: 'mdl_c1', name: 'churn_60d', version: 1, status: 'active', pick: (p: FixtureProfile) => p.scores },
  ];
  for (const v of versions) {
    await db
      .insertInto('models')
      .values({
        id: v.id,
        name: v.name,
        version: v.version,
        status: v.status,
        status_reason: 'fixture',
        model_type: 'logistic_regression',
        window_from: t,
        window_to: t,
        window_as_of: t,
        features: '[]',
        preprocessing: '{}',
        seed: '0',
        params: '{}',
        metrics: '{}',
        primary_metric: 'roc_auc',
        higher_is_better: 1,
        training_seconds: 0,
        code_version: 'test',
        artifact: '{}',
        artifact_bytes: 2,
        created_at: t,
        updated_at: t,
      })
      .execute();
    const rows = fixture.profiles.flatMap((p) => {
      const value = v.pick(p)[v.name];
      return value === undefined ? [] : [{ model_id: v.id, customer_id: p.customerId, value, detail: '{}' }];
    });
    for (const part of chunk(rows, 500)) await db.insertInto('model_scores').values(part).execute();
  }
  for (const part of chunk(fixture.identities, 500))
    await db
      .insertInto('identities')
      .values(part.map((x) => ({ kind: x.kind, value: x.value, customer_id: x.customerId, created_at: t })))
      .execute();
  for (const part of chunk(fixture.events, 300))
    await db
      .insertInto('events')
      .values(
        part.map((e) => ({
          id: `evt_${e.messageId}`,
          message_id: e.messageId,
          type: e.type,
          event: e.event,
          name: null,
          user_id: e.userId,
          anonymous_id: e.anonymousId,
          group_id: null,
          previous_id: null,
          timestamp: e.timestamp,
          original_timestamp: null,
          sent_at: null,
          received_at: e.timestamp,
          properties: JSON.stringify(e.properties),
          traits: '{}',
          context: '{}',
          integrations: '{}',
          pii: null,
          email_hash: null,
          source: 'test',
        })),
      )
      .execute();
  for (const part of chunk(fixture.consents, 500))
    await db
      .insertInto('consents')
      .values(
        part.map((c) => ({
          customer_id: c.customerId,
          purpose: c.purpose,
          granted: c.granted ? 1 : 0,
          source: 'test',
          at: t,
        })),
      )
      .execute();
}

interface Value {
  num: number | null;
  str: string | null;
  bool: boolean | null;
  present: boolean;
  list: unknown[] | null;
}

function jsonValue(doc: Record<string, unknown>, key: string): Value {
  const v = Object.hasOwn(doc, key) ? doc[key] : undefined;
  return {
    num: typeof v === 'number' ? v : null,
    str: typeof v === 'string' ? v : null,
    bool: typeof v === 'boolean' ? v : null,
    present: v !== undefined && v !== null,
    list: Array.isArray(v) ? v : null,
  };
}

function columnValue(v: number | string | null | undefined): Value {
  return {
    num: typeof v === 'number' ? v : null,
    str: typeof v === 'string' ? v : null,
    bool: null,
    present: v !== null && v !== undefined,
    list: null,
  };
}

/** The rule language's meaning, written plainly: the reference the SQL must agree with. */
function compareValue(v: Value, c: Comparison): boolean {
  const eq = (x: string | number | boolean) =>
    typeof x === 'number' ? v.num === x : typeof x === 'string' ? v.str === x : v.bool === x;
  const inList = (xs: readonly (string | number)[]) =>
    xs.some((x) => (typeof x === 'number' ? v.num === x : v.str === x));
  switch (c.op) {
    case 'eq':
      return eq(c.value);
    case 'neq':
      return !eq(c.value);
    case 'gt':
      return v.num !== null && v.num > c.value;
    case 'gte':
      return v.num !== null && v.num >= c.value;
    case 'lt':
      return v.num !== null && v.num < c.value;
    case 'lte':
      return v.num !== null && v.num <= c.value;
    case 'between':
      return v.num !== null && v.num >= c.value[0] && v.num <= c.value[1];
    case 'in':
      return inList(c.value);
    case 'not_in':
      return !inList(c.value);
    case 'contains':
      return (v.str !== null && v.str.includes(c.value)) || (v.list?.some((x) => x === c.value) ?? false);
    case 'exists':
      return v.present;
    case 'not_exists':
      return !v.present;
  }
}

function countMatches(n: number, count: EventCount): boolean {
  if (count.op === 'between') return n >= count.value[0] && n <= count.value[1];
  const x = count.value;
  return { eq: n === x, neq: n !== x, gt: n > x, gte: n >= x, lt: n < x, lte: n <= x }[count.op];
}

/** Customer ids matching the rule, sorted, by plain evaluation over the fixture. */
export function referenceMembers(
  fixture: SegmentFixture,
  rule: SegmentRule,
  defaults: ConsentDefaults,
  now: number = fixture.now,
): string[] {
  const owner = new Map(fixture.identities.map((x) => [`${x.kind}:${x.value}`, x.customerId]));
  const eventsOf = new Map<string, FixtureEvent[]>();
  for (const e of fixture.events) {
    const id =
      e.userId !== null ? owner.get(`user_id:${e.userId}`) : owner.get(`anonymous_id:${e.anonymousId}`);
    if (id !== undefined) eventsOf.set(id, [...(eventsOf.get(id) ?? []), e]);
  }
  const consent = new Map(fixture.consents.map((c) => [`${c.customerId}:${c.purpose}`, c.granted]));
  const test = (p: FixtureProfile, r: SegmentRule): boolean => {
    if ('all' in r) return r.all.every((x) => test(p, x));
    if ('any' in r) return r.any.some((x) => test(p, x));
    if ('not' in r) return !test(p, r.not);
    if ('trait' in r) return compareValue(jsonValue(p.traits, r.trait), r);
    if ('computed' in r) return compareValue(jsonValue(p.computed, r.computed), r);
    if ('feature' in r) return compareValue(jsonValue(p.features, r.feature), r);
    if ('rfm' in r) return compareValue(columnValue(p.rfm?.[r.rfm]), r);
    if ('score' in r) return compareValue(columnValue(p.scores[r.score]), r);
    if ('consent' in r)
      return (consent.get(`${p.customerId}:${r.consent}`) ?? defaults[r.consent]) === r.granted;
    const matching = (eventsOf.get(p.customerId) ?? []).filter(
      (e) =>
        e.event === r.event &&
        (r.type === undefined || e.type === r.type) &&
        (r.within === undefined || (e.timestamp >= now - r.within.days * DAY && e.timestamp <= now)) &&
        (r.where ?? []).every((w) => compareValue(jsonValue(e.properties, w.property), w)),
    );
    return countMatches(matching.length, r.count ?? { op: 'gte', value: 1 });
  };
  return fixture.profiles
    .filter((p) => test(p, rule))
    .map((p) => p.customerId)
    .sort();
}
