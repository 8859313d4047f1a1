import fc from 'fast-check';
import { consentPurposes } from '../profiles/segment-consent.js';
import { rfmFields, segmentOperators } from '../profiles/segment-rule.js';
import { eventTypes } from '../ingest/index.js';
import { fixtureCatalog, HOSTILE_TEXT } from './segment-fixture/test-kit.js';

/**
 * Rules every segment adapter is checked with over the generated fixture. `trivial` marks rules whose expected
 * membership may be all or no profiles; every other rule must split the fixture, so a wrong answer shows.
 */
export const contractRules: { name: string; rule: unknown; trivial?: boolean }[] = [
  {
    name: 'ordered twice in 30 days and favours garden',
    rule: {
      all: [
        { event: 'Order Completed', count: { op: 'gte', value: 2 }, within: { days: 30 } },
        { computed: 'favourite_category', op: 'eq', value: 'garden' },
      ],
    },
  },
  { name: 'country is DE', rule: { trait: 'country', op: 'eq', value: 'DE' } },
  { name: 'country is not DE (missing included)', rule: { trait: 'country', op: 'neq', value: 'DE' } },
  { name: 'not in DE or FR', rule: { not: { trait: 'country', op: 'in', value: ['DE', 'FR'] } } },
  { name: 'age ≥ 40 (numbers only)', rule: { trait: 'age', op: 'gte', value: 40 } },
  { name: 'age between 25 and 35', rule: { trait: 'age', op: 'between', value: [25, 35] } },
  { name: 'age in 30, 31, 32 (numbers only)', rule: { trait: 'age', op: 'in', value: [30, 31, 32] } },
  { name: 'vip', rule: { trait: 'vip', op: 'eq', value: true } },
  { name: 'not vip (false or missing)', rule: { trait: 'vip', op: 'neq', value: true } },
  { name: 'tags contain sale', rule: { trait: 'tags', op: 'contains', value: 'sale' } },
  { name: 'hostile note contains a quote', rule: { trait: 'note', op: 'contains', value: "'); DROP" } },
  { name: 'hostile note equals itself', rule: { trait: 'note', op: 'eq', value: HOSTILE_TEXT } },
  { name: 'plan exists', rule: { trait: 'plan', op: 'exists' } },
  { name: 'score exists (null is absent)', rule: { trait: 'score', op: 'exists' } },
  { name: 'score not_exists', rule: { trait: 'score', op: 'not_exists' } },
  { name: 'orders_90d > 3', rule: { computed: 'orders_90d', op: 'gt', value: 3 } },
  {
    name: 'favourite category in kitchen/books',
    rule: { computed: 'favourite_category', op: 'in', value: ['kitchen', 'books'] },
  },
  {
    name: 'favourite category contains "ar"',
    rule: { computed: 'favourite_category', op: 'contains', value: 'ar' },
  },
  {
    name: 'top categories contain garden',
    rule: { feature: 'top_categories', op: 'contains', value: 'garden' },
  },
  { name: 'channel web or app', rule: { feature: 'channel', op: 'in', value: ['web', 'app'] } },
  { name: 'channel not store', rule: { feature: 'channel', op: 'not_in', value: ['store'] } },
  { name: 'spend_90d < 100', rule: { feature: 'spend_90d', op: 'lt', value: 100 } },
  { name: 'rfm r ≥ 4', rule: { rfm: 'r', op: 'gte', value: 4 } },
  { name: 'rfm segment Champions', rule: { rfm: 'segment', op: 'eq', value: 'Champions' } },
  { name: "rfm segment Can't Lose", rule: { rfm: 'segment', op: 'eq', value: "Can't Lose" } },
  { name: 'rfm monetary 100..500', rule: { rfm: 'monetary', op: 'between', value: [100, 500] } },
  { name: 'rfm recency lte 30', rule: { rfm: 'recency', op: 'lte', value: 30 } },
  { name: 'no rfm', rule: { rfm: 'f', op: 'not_exists' } },
  { name: 'propensity ≥ 0.5 (active version)', rule: { score: 'propensity_30d', op: 'gte', value: 0.5 } },
  { name: 'churn risk 0.2..0.6', rule: { score: 'churn_60d', op: 'between', value: [0.2, 0.6] } },
  { name: 'no propensity score', rule: { score: 'propensity_30d', op: 'not_exists' } },
  {
    name: 'likely buyer, low churn risk',
    rule: {
      all: [
        { score: 'propensity_30d', op: 'gt', value: 0.3 },
        { not: { score: 'churn_60d', op: 'gte', value: 0.5 } },
      ],
    },
  },
  { name: 'a value score no model gives', rule: { score: 'clv_90d', op: 'exists' }, trivial: true },
  { name: 'email marketing granted (default deny)', rule: { consent: 'marketing_email', granted: true } },
  { name: 'analytics denied (default allow)', rule: { consent: 'analytics', granted: false } },
  { name: 'analytics allowed', rule: { consent: 'analytics', granted: true } },
  {
    name: 'viewed garden products in the last 7 days',
    rule: {
      event: 'Product Viewed',
      where: [{ property: 'category', op: 'eq', value: 'garden' }],
      within: { days: 7 },
    },
  },
  { name: 'never ordered', rule: { event: 'Order Completed', count: { op: 'eq', value: 0 } } },
  { name: 'signed up as a page event', rule: { event: 'Signed Up', type: 'page' } },
  {
    name: 'one to three big orders',
    rule: {
      event: 'Order Completed',
      where: [{ property: 'revenue', op: 'gt', value: 100 }],
      count: { op: 'between', value: [1, 3] },
    },
  },
  {
    name: 'events labelled gift',
    rule: { event: 'Cart Viewed', where: [{ property: 'labels', op: 'contains', value: 'gift' }] },
  },
  {
    name: 'coupon is not SPRING on orders',
    rule: { event: 'Order Completed', where: [{ property: 'coupon', op: 'neq', value: 'SPRING' }] },
  },
  {
    name: 'nested any/all/not',
    rule: {
      any: [
        { all: [{ trait: 'plan', op: 'eq', value: 'gold' }, { not: { rfm: 'r', op: 'lt', value: 3 } }] },
        {
          all: [
            { consent: 'personalization', granted: true },
            { feature: 'spend_90d', op: 'gte', value: 400 },
          ],
        },
        { not: { any: [{ event: 'Product Viewed' }, { event: 'Cart Viewed' }] } },
      ],
    },
  },
  {
    name: 'hostile event name and value match nothing',
    rule: { event: HOSTILE_TEXT, where: [{ property: 'coupon', op: 'eq', value: HOSTILE_TEXT }] },
    trivial: true,
  },
];

const traitNames = ['country', 'plan', 'age', 'vip', 'tags', 'note', 'score', 'missing_trait'];
const eventNames = ['Order Completed', 'Product Viewed', 'Signed Up', 'Cart Viewed', HOSTILE_TEXT];
const propertyNames = ['category', 'revenue', 'quantity', 'coupon', 'labels', 'missing_prop'];

const text = fc.oneof(
  fc.constantFrom('DE', 'FR', 'pro', 'gold', 'garden', 'kitchen', 'web', 'sale', 'gift', 'Champions'),
  fc.constantFrom("Can't Lose", 'SPRING', '30', 'ar', HOSTILE_TEXT, "%' OR '1'='1", '_', ''),
  fc.string({ maxLength: 6 }),
);
const number = fc.oneof(
  fc.integer({ min: -5, max: 500 }),
  fc.double({ min: -1000, max: 1000, noNaN: true, noDefaultInfinity: true }),
);
const scalar = fc.oneof(text, number, fc.boolean());

/** Any operator with a value of a type it takes (field types are not considered). */
export const comparisonArb = fc.oneof(
  fc.record({ op: fc.constantFrom('eq', 'neq'), value: scalar }),
  fc.record({ op: fc.constantFrom('gt', 'gte', 'lt', 'lte'), value: number }),
  fc.tuple(number, number).map(([a, b]) => ({ op: 'between', value: a <= b ? [a, b] : [b, a] })),
  fc.record({
    op: fc.constantFrom('in', 'not_in'),
    value: fc.oneof(
      fc.array(text, { minLength: 1, maxLength: 4 }),
      fc.array(number, { minLength: 1, maxLength: 4 }),
    ),
  }),
  fc.record({ op: fc.constant('contains'), value: text.filter((s) => s.length > 0) }),
  fc.record({ op: fc.constantFrom('exists', 'not_exists') }),
);

const countArb = fc.oneof(
  fc.record({
    op: fc.constantFrom('eq', 'neq', 'gt', 'gte', 'lt', 'lte'),
    value: fc.integer({ min: 0, max: 4 }),
  }),
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([a, b]) => ({
    op: 'between',
    value: a <= b ? [a, b] : [b, a],
  })),
);

const leafArb = fc.oneof(
  fc.tuple(fc.constantFrom(...traitNames), comparisonArb).map(([trait, c]) => ({ trait, ...c })),
  fc.tuple(fc.constantFrom(...Object.keys(fixtureCatalog.computed)), comparisonArb).map(([computed, c]) => ({
    computed,
    ...c,
  })),
  fc.tuple(fc.constantFrom(...Object.keys(fixtureCatalog.features)), comparisonArb).map(([feature, c]) => ({
    feature,
    ...c,
  })),
  fc.tuple(fc.constantFrom(...rfmFields), comparisonArb).map(([rfm, c]) => ({ rfm, ...c })),
  fc
    .tuple(fc.constantFrom('propensity_30d', 'churn_60d', 'clv_90d'), comparisonArb)
    .map(([score, c]) => ({ score, ...c })),
  fc.record({ consent: fc.constantFrom(...consentPurposes), granted: fc.boolean() }),
  fc.record(
    {
      event: fc.constantFrom(...eventNames),
      type: fc.constantFrom(...eventTypes),
      where: fc.array(
        fc
          .tuple(fc.constantFrom(...propertyNames), comparisonArb)
          .map(([property, c]) => ({ property, ...c })),
        { maxLength: 2 },
      ),
      count: countArb,
      within: fc.record({ days: fc.integer({ min: 1, max: 60 }) }),
    },
    { requiredKeys: ['event'] },
  ),
);

/**
 * Rule-shaped JSON over the fixture's names, nested up to 4 levels. Most are valid; the checker turns away the
 * rest (an operator that does not suit an RFM field), so filter with `parseSegmentRule`.
 */
export const ruleArb: fc.Arbitrary<unknown> = fc.letrec<{ rule: unknown }>((tie) => ({
  rule: fc.oneof(
    { maxDepth: 3, depthSize: 'small' },
    leafArb,
    fc.record({ all: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ any: fc.array(tie('rule'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ not: tie('rule') }),
  ),
})).rule;

const hostileKeys = [
  'all',
  'any',
  'not',
  'trait',
  'computed',
  'feature',
  'rfm',
  'consent',
  'event',
  'op',
  'value',
  'where',
  'count',
  'within',
  'days',
  'type',
  'granted',
  'property',
  'constructor',
  'toString',
  "x'); DROP TABLE profiles;--",
  'sqlite_master',
];
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    ...hostileKeys,
    ...segmentOperators,
    HOSTILE_TEXT,
    'pg_catalog.pg_user',
    '$."a"',
    "'",
    '"',
    '\\',
  ),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER, 5e-324, -0),
);

/** Garbage with the rule language's own words in it: keys and values mixed at random, nested. */
export const garbageArb: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    hostileValue,
    fc.dictionary(fc.constantFrom(...hostileKeys), fc.oneof(hostileValue, tie('node')), { maxKeys: 4 }),
    fc.array(tie('node'), { maxLength: 3 }),
    fc
      .tuple(fc.constantFrom('all', 'any'), fc.array(tie('node'), { maxLength: 3 }))
      .map(([k, v]) => ({ [k]: v })),
    fc
      .tuple(leafArb, fc.constantFrom(...hostileKeys), hostileValue)
      .map(([leaf, k, v]) => ({ ...leaf, [k]: v })),
    leafArb,
    fc.tuple(leafArb, hostileValue).map(([leaf, v]) => ('value' in leaf ? { ...leaf, value: v } : leaf)),
  ),
})).node;
