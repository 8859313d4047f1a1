import { z } from 'zod';
import { eventTypes } from '../ingest/index.js';
import { consentPurposes } from './segment-consent.js';

/**
 * The segment rule language. These zod schemas are the source of truth for the shape of every condition; the
 * checker in segment-rule-check.ts walks the and/or/not tree, applies the limits and the catalog, and reports every
 * problem with its path.
 */
export const segmentRuleLimits = {
  /** Levels of and/or/not, counting the root and the condition itself. */
  maxDepth: 8,
  maxConditions: 64,
  maxListValues: 100,
  maxWhere: 10,
  maxStringLength: 500,
  maxWithinDays: 3650,
  maxCount: 1_000_000,
} as const;

/** JSON keys (trait, feature, computed and property names): a letter or _, then letters, digits, _ or -. */
export const SEGMENT_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;

export const segmentOperators = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'not_in',
  'contains',
  'exists',
  'not_exists',
  'between',
] as const;
export type SegmentOperator = (typeof segmentOperators)[number];

export const rfmFields = ['r', 'f', 'm', 'recency', 'frequency', 'monetary', 'segment'] as const;
export type RfmField = (typeof rfmFields)[number];

const name = z
  .string({ error: 'must be a string' })
  .regex(SEGMENT_NAME_PATTERN, { error: `must match ${SEGMENT_NAME_PATTERN.source}` });
const text = z.string({ error: 'must be a string' }).max(segmentRuleLimits.maxStringLength);
const finite = z.number({ error: 'must be a finite number' }).finite();
const scalar = z.union([text, finite, z.boolean()], {
  error: 'must be a string, a finite number or a boolean',
});
const list = z.union(
  [
    z.array(text).min(1).max(segmentRuleLimits.maxListValues),
    z.array(finite).min(1).max(segmentRuleLimits.maxListValues),
  ],
  { error: `must be 1 to ${segmentRuleLimits.maxListValues} strings or 1 to 100 numbers, not mixed` },
);
const range = z
  .tuple([finite, finite], { error: 'must be [low, high]' })
  .refine(([low, high]) => low <= high, { error: 'low must not exceed high' });

/** `{ <key>: field, op, value }` for every operator, as one union keyed by `op`. */
function comparison<K extends string, F extends z.ZodType>(key: K, field: F) {
  const f = { [key]: field } as Record<K, F>;
  return z.discriminatedUnion('op', [
    z.strictObject({ ...f, op: z.enum(['eq', 'neq']), value: scalar }),
    z.strictObject({ ...f, op: z.enum(['gt', 'gte', 'lt', 'lte']), value: finite }),
    z.strictObject({ ...f, op: z.literal('between'), value: range }),
    z.strictObject({ ...f, op: z.enum(['in', 'not_in']), value: list }),
    z.strictObject({ ...f, op: z.literal('contains'), value: text.min(1) }),
    z.strictObject({ ...f, op: z.enum(['exists', 'not_exists']) }),
  ]);
}

export const traitConditionSchema = comparison('trait', name);
export const computedConditionSchema = comparison('computed', name);
export const featureConditionSchema = comparison('feature', name);
export const rfmConditionSchema = comparison('rfm', z.enum(rfmFields));
/** A model score of the customer: the active version's (`propensity_30d`, `churn_60d`, `clv_90d`, …). */
export const scoreConditionSchema = comparison('score', name);
export const propertyConditionSchema = comparison('property', name);
export const consentConditionSchema = z.strictObject({
  consent: z.enum(consentPurposes),
  granted: z.boolean({ error: 'must be true or false' }),
});

const count = z.int().min(0).max(segmentRuleLimits.maxCount);
export const eventCountSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.enum(['eq', 'neq', 'gt', 'gte', 'lt', 'lte']), value: count }),
  z.strictObject({
    op: z.literal('between'),
    value: z
      .tuple([count, count])
      .refine(([low, high]) => low <= high, { error: 'low must not exceed high' }),
  }),
]);

/**
 * The customer's events named `event` (optionally of one call type and with property conditions), counted (at least
 * once unless `count` says otherwise). `within` keeps events from `now - days` to `now` inclusive; without it every
 * event counts. An event is the customer's through its userId's identity, else its anonymousId's.
 */
export const eventConditionSchema = z.strictObject({
  event: z
    .string({ error: 'must be a string' })
    .min(1)
    .max(200)
    .regex(/^[^\p{Cc}]+$/u, { error: 'must not hold control characters' }),
  type: z.enum(eventTypes).optional(),
  where: z.array(z.unknown()).max(segmentRuleLimits.maxWhere).optional(),
  count: eventCountSchema.optional(),
  within: z.strictObject({ days: z.int().min(1).max(segmentRuleLimits.maxWithinDays) }).optional(),
});

export const allSchema = z.strictObject({
  all: z.array(z.unknown()).min(1).max(segmentRuleLimits.maxConditions),
});
export const anySchema = z.strictObject({
  any: z.array(z.unknown()).min(1).max(segmentRuleLimits.maxConditions),
});
export const notSchema = z.strictObject({ not: z.unknown() });

export type TraitCondition = z.infer<typeof traitConditionSchema>;
export type ComputedCondition = z.infer<typeof computedConditionSchema>;
export type FeatureCondition = z.infer<typeof featureConditionSchema>;
export type RfmCondition = z.infer<typeof rfmConditionSchema>;
export type ScoreCondition = z.infer<typeof scoreConditionSchema>;
export type PropertyCondition = z.infer<typeof propertyConditionSchema>;
export type ConsentCondition = z.infer<typeof consentConditionSchema>;
export type EventCount = z.infer<typeof eventCountSchema>;
export type EventCondition = Omit<z.infer<typeof eventConditionSchema>, 'where'> & {
  where?: PropertyCondition[];
};
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** The operator and value of any comparison condition, without the field it applies to. */
export type Comparison = DistributiveOmit<TraitCondition, 'trait'>;

export type SegmentCondition =
  | TraitCondition
  | ComputedCondition
  | FeatureCondition
  | RfmCondition
  | ScoreCondition
  | ConsentCondition
  | EventCondition;

/** A validated rule: and/or/not over conditions. Obtain one from `parseSegmentRule`. */
export type SegmentRule =
  { all: SegmentRule[] } | { any: SegmentRule[] } | { not: SegmentRule } | SegmentCondition;

/** The keys that say what a node is; exactly one of them per node. */
export const segmentNodeKinds = [
  'all',
  'any',
  'not',
  'trait',
  'computed',
  'feature',
  'rfm',
  'score',
  'consent',
  'event',
] as const;
export type SegmentNodeKind = (typeof segmentNodeKinds)[number];

/** The model scores a rule names (`{"score": …}` conditions at any depth). */
export function scoresNamedBy(rule: SegmentRule): Set<string> {
  const out = new Set<string>();
  const walk = (r: SegmentRule): void => {
    if ('all' in r) r.all.forEach(walk);
    else if ('any' in r) r.any.forEach(walk);
    else if ('not' in r) walk(r.not);
    else if ('score' in r) out.add(r.score);
  };
  walk(rule);
  return out;
}
