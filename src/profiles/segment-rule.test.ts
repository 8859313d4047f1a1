import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptySegmentCatalog,
  mergeSegmentCatalogs,
  segmentCatalogFrom,
  type SegmentCatalog,
} from './segment-catalog.js';
import { formatRulePath, MAX_REPORTED_PROBLEMS, parseSegmentRule } from './segment-rule-check.js';

const catalog: SegmentCatalog = {
  features: { spend_90d: 'number', top_categories: 'string[]', channel: 'string' },
  computed: { orders_90d: 'number', favourite_category: 'string' },
};

const problemsOf = (input: unknown, c: SegmentCatalog | null = catalog) => {
  const parsed = parseSegmentRule(input, c);
  if (parsed.ok) throw new Error(`expected problems, got ${JSON.stringify(parsed.rule)}`);
  return parsed.problems.map((p) => `${formatRulePath(p.path)} ${p.message}`);
};

const nest = (levels: number) => {
  let rule: unknown = { trait: 'plan', op: 'exists' };
  for (let i = 1; i < levels; i++) rule = i % 2 ? { not: rule } : { all: [rule] };
  return rule;
};

describe('segment rules', () => {
  it('accepts the brief example and returns it unchanged', () => {
    const rule = {
      all: [
        { event: 'Order Completed', count: { op: 'gte', value: 2 }, within: { days: 30 } },
        { computed: 'favourite_category', op: 'eq', value: 'garden' },
      ],
    };
    expect(parseSegmentRule(rule, catalog)).toEqual({ ok: true, rule });
  });

  it('accepts every operator on a trait with a value of the right type', () => {
    const rules = [
      { trait: 'country', op: 'eq', value: 'DE' },
      { trait: 'vip', op: 'neq', value: true },
      { trait: 'age', op: 'gt', value: 3 },
      { trait: 'age', op: 'gte', value: 3.5 },
      { trait: 'age', op: 'lt', value: -1 },
      { trait: 'age', op: 'lte', value: 0 },
      { trait: 'age', op: 'between', value: [1, 1] },
      { trait: 'country', op: 'in', value: ['DE', 'FR'] },
      { trait: 'age', op: 'not_in', value: [1, 2] },
      { trait: 'tags', op: 'contains', value: 'sale' },
      { trait: 'plan', op: 'exists' },
      { trait: 'plan', op: 'not_exists' },
    ];
    for (const rule of rules)
      expect(parseSegmentRule(rule, catalog), JSON.stringify(rule)).toMatchObject({ ok: true });
  });

  it('accepts rfm, consent and event conditions with every option', () => {
    const rule = {
      any: [
        { rfm: 'r', op: 'gte', value: 4 },
        { rfm: 'segment', op: 'in', value: ['Champions', 'Loyal'] },
        { consent: 'marketing_email', granted: true },
        {
          event: 'Product Viewed',
          type: 'track',
          where: [
            { property: 'category', op: 'eq', value: 'garden' },
            { property: 'price', op: 'between', value: [10, 20] },
          ],
          count: { op: 'between', value: [1, 3] },
          within: { days: 7 },
        },
      ],
    };
    expect(parseSegmentRule(rule, catalog)).toEqual({ ok: true, rule });
  });

  it('reports every problem with the path of the offending node', () => {
    expect(
      problemsOf({
        all: [
          { trait: 'country', op: 'eq' },
          { feature: 'nope', op: 'gt', value: 1 },
          { computed: 'orders_90d', op: 'contains', value: 'x' },
          { not: { event: 'Order Completed', within: { days: 0 }, extra: 1 } },
          { rfm: 'segment', op: 'gt', value: 2 },
          { consent: 'telepathy', granted: 'yes' },
          'text',
        ],
      }),
    ).toEqual([
      '/all/0/value must be a string, a finite number or a boolean',
      '/all/1/feature unknown feature "nope"',
      '/all/2/op contains does not apply to computed trait "orders_90d", a number',
      '/all/3/not/within/days Too small: expected number to be >=1',
      '/all/3/not Unrecognized key: "extra"',
      '/all/4/op gt compares numbers; rfm "segment" is a string',
      expect.stringMatching(/^\/all\/5\/consent Invalid option/),
      '/all/5/granted must be true or false',
      '/all/6 must be an object',
    ]);
  });

  it('types values by the catalog: numbers, strings and lists of strings', () => {
    expect(problemsOf({ feature: 'spend_90d', op: 'eq', value: '10' })).toEqual([
      '/value feature "spend_90d" is a number: the value must be a number',
    ]);
    expect(problemsOf({ feature: 'channel', op: 'in', value: [1, 2] })).toEqual([
      '/value feature "channel" is a string: the values must be strings',
    ]);
    expect(problemsOf({ feature: 'top_categories', op: 'eq', value: 'garden' })).toEqual([
      '/op feature "top_categories" is a list of strings: use contains, exists or not_exists',
    ]);
    expect(parseSegmentRule({ feature: 'top_categories', op: 'contains', value: 'garden' }, catalog).ok).toBe(
      true,
    );
  });

  it('takes model scores by their names, as numbers', () => {
    expect(parseSegmentRule({ score: 'propensity_30d', op: 'gte', value: 0.5 }, catalog).ok).toBe(true);
    expect(parseSegmentRule({ score: 'clv_90d', op: 'between', value: [10, 100] }, null).ok).toBe(true);
    expect(problemsOf({ score: 'propensty_30d', op: 'gte', value: 0.5 })).toEqual([
      '/score unknown score "propensty_30d": scores are named propensity_<days>d, churn_<days>d, clv_<days>d or review_sentiment',
    ]);
    expect(problemsOf({ score: 'churn_400d', op: 'exists' })).toHaveLength(1);
    expect(problemsOf({ score: 'churn_60d', op: 'contains', value: 'x' })).toEqual([
      '/op contains does not apply to score "churn_60d", a number',
    ]);
    expect(problemsOf({ score: 'churn_60d', op: 'eq', value: 'high' })).toEqual([
      '/value score "churn_60d" is a number: the value must be a number',
    ]);
  });

  it('knows only the catalog own names: not Object.prototype members', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      expect(problemsOf({ feature: name, op: 'exists' })).toEqual([`/feature unknown feature "${name}"`]);
    expect(problemsOf({ computed: 'spend_90d', op: 'exists' }, emptySegmentCatalog)).toEqual([
      '/computed unknown computed trait "spend_90d"',
    ]);
    expect(parseSegmentRule({ computed: 'anything', op: 'exists' }, null).ok).toBe(true);
  });

  it('rejects names outside the safe pattern, wherever they appear', () => {
    for (const name of [
      "x'); DROP TABLE profiles;--",
      'a"b',
      'a.b',
      '$.a',
      'a b',
      '1abc',
      '',
      'é',
      'x'.repeat(65),
    ])
      for (const rule of [
        { trait: name, op: 'exists' },
        { feature: name, op: 'exists' },
        { event: 'E', where: [{ property: name, op: 'exists' }] },
      ])
        expect(parseSegmentRule(rule, null).ok, JSON.stringify(rule)).toBe(false);
    expect(problemsOf({ event: 'bad\u0000name' })).toEqual(['/event must not hold control characters']);
  });

  it('checks value types per operator', () => {
    const bad = [
      { trait: 'a', op: 'gt', value: '3' },
      { trait: 'a', op: 'between', value: [3, 1] },
      { trait: 'a', op: 'between', value: [1] },
      { trait: 'a', op: 'in', value: [] },
      { trait: 'a', op: 'in', value: ['a', 1] },
      { trait: 'a', op: 'in', value: Array.from({ length: 101 }, (_, i) => i) },
      { trait: 'a', op: 'contains', value: '' },
      { trait: 'a', op: 'contains', value: 3 },
      { trait: 'a', op: 'exists', value: 1 },
      { trait: 'a', op: 'eq', value: null },
      { trait: 'a', op: 'eq', value: { $gt: 1 } },
      { trait: 'a', op: 'eq', value: 'x'.repeat(501) },
      { trait: 'a', op: 'like', value: '%' },
      { event: 'E', count: { op: 'gte', value: 1.5 } },
      { event: 'E', count: { op: 'contains', value: 1 } },
      { event: 'E', within: { days: 3651 } },
      { event: 'E', type: 'purchase' },
    ];
    for (const rule of bad) expect(parseSegmentRule(rule, null).ok, JSON.stringify(rule)).toBe(false);
  });

  it('allows 8 levels and 64 conditions, no more', () => {
    expect(parseSegmentRule(nest(8), catalog).ok).toBe(true);
    expect(problemsOf(nest(9))).toEqual([
      '/all/0/not/all/0/not/all/0/not/all/0/not nested deeper than 8 levels',
    ]);
    const leaf = { trait: 'plan', op: 'exists' };
    expect(parseSegmentRule({ all: Array.from({ length: 64 }, () => leaf) }, catalog).ok).toBe(true);
    expect(problemsOf({ all: Array.from({ length: 65 }, () => leaf) })).toEqual([
      '/all Too big: expected array to have <=64 items',
    ]);
    const spread = {
      any: Array.from({ length: 5 }, () => ({ all: Array.from({ length: 13 }, () => leaf) })),
    };
    expect(problemsOf(spread)).toEqual(['/any/4/all/12 the rule has more than 64 conditions']);
  });

  it('exactly one kind per node, and groups are non-empty', () => {
    expect(problemsOf({})).toEqual([
      '/ must have one of the keys all, any, not, trait, computed, feature, rfm, score, consent, event',
    ]);
    expect(problemsOf({ trait: 'a', event: 'b', op: 'exists' })).toEqual([
      '/ has more than one of the keys trait, event',
    ]);
    expect(problemsOf({ all: [] })).toEqual(['/all Too small: expected array to have >=1 items']);
    expect(problemsOf({ not: null })).toEqual(['/not must be an object']);
  });

  it("takes the profile builder's catalog, leaving out features rules cannot compare", () => {
    const fromBuilder = segmentCatalogFrom({
      featureCatalog: () => ({ spend: 'number', categories: 'string[]', category_counts: 'map' }),
      computedCatalog: () => ({ orders_90d: 'number', last_search: 'string' }),
    });
    expect(fromBuilder).toEqual({
      features: { spend: 'number', categories: 'string[]' },
      computed: { orders_90d: 'number', last_search: 'string' },
    });
    expect(problemsOf({ feature: 'category_counts', op: 'exists' }, fromBuilder)).toEqual([
      '/feature unknown feature "category_counts"',
    ]);
  });

  it('merges catalogs, later ones winning', () => {
    const merged = mergeSegmentCatalogs(catalog, { features: { channel: 'string[]' } });
    expect(merged.features).toMatchObject({ channel: 'string[]', spend_90d: 'number' });
    expect(merged.computed).toEqual(catalog.computed);
  });

  it('never throws on arbitrary JSON; a failure always names at least one problem', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        const parsed = parseSegmentRule(value, catalog);
        if (!parsed.ok) {
          expect(parsed.problems.length).toBeGreaterThan(0);
          expect(parsed.problems.length).toBeLessThanOrEqual(MAX_REPORTED_PROBLEMS);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('bounds the work on huge inputs: very deep and very wide', () => {
    let deep: unknown = { trait: 'a', op: 'exists' };
    for (let i = 0; i < 50_000; i++) deep = { not: deep };
    expect(problemsOf(deep)).toHaveLength(1);
    const wide = { all: Array.from({ length: 100_000 }, () => ({ trait: 'a', op: 'exists' })) };
    expect(problemsOf(wide)).toHaveLength(1);
    const manyBad = {
      all: Array.from({ length: 64 }, () => ({ trait: '!', op: 'eq', value: [{}], x: 1 })),
    };
    expect(problemsOf(manyBad)).toHaveLength(MAX_REPORTED_PROBLEMS);
  });
});
