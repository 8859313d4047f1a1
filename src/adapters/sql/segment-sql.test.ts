import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consentPurposes, defaultConsentPolicy } from '../../profiles/segment-consent.js';
import { parseSegmentRule } from '../../profiles/segment-rule-check.js';
import type { Comparison, SegmentRule } from '../../profiles/segment-rule.js';
import { eventTypes } from '../../ingest/index.js';
import {
  fixtureCatalog,
  generateSegmentFixture,
  referenceMembers,
  seedSegmentFixture,
  type SegmentFixture,
} from '../segment-fixture/test-kit.js';
import { garbageArb, ruleArb } from '../segment-rules.contract.js';
import { openSqlite } from '../sqlite/open-sqlite.js';
import { migrateToLatest } from './migrate.js';
import type { Database, SqlDialectName } from './schema.js';
import { compileSegmentRule } from './segment-sql.js';

const offline = {
  sqlite: new Kysely<Database>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  }),
  postgres: new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  }),
};
const dialects = ['sqlite', 'postgres'] as const;
const NOW = Date.UTC(2026, 5, 15, 12);

function compiled(rule: SegmentRule, dialect: SqlDialectName, now = NOW) {
  const expr = compileSegmentRule(rule, { dialect, now, consentDefaults: defaultConsentPolicy });
  return offline[dialect].selectFrom('profiles').select('customer_id').where(expr).compile();
}

/** Every table or table function the query reads from. */
function tablesOf(sqlText: string): Set<string> {
  const names = [...sqlText.matchAll(/\b(?:from|join)\s+"?([A-Za-z_][\w.]*)"?/gi)].map((m) => m[1] ?? '');
  return new Set(names.map((n) => n.toLowerCase()));
}
const allowed = new Set([
  'profiles',
  'events',
  'identities',
  'consents',
  'model_scores',
  'models',
  'json_each',
]);

function expectSafe(rule: SegmentRule) {
  for (const dialect of dialects) {
    const { sql: text } = compiled(rule, dialect);
    for (const table of tablesOf(text)) expect(allowed, `${dialect} reads ${table}`).toContain(table);
    expect(text).not.toMatch(/;|--|\/\*/);
  }
}

const parseLoose = (raw: unknown) => {
  const parsed = parseSegmentRule(raw, null);
  return parsed.ok ? parsed.rule : null;
};
const validRuleArb = ruleArb.map(parseLoose).filter((r): r is SegmentRule => r !== null);

/** The same rule with every name and value changed, but the same shape. */
function scramble(rule: SegmentRule): SegmentRule {
  if ('all' in rule) return { all: rule.all.map(scramble) };
  if ('any' in rule) return { any: rule.any.map(scramble) };
  if ('not' in rule) return { not: scramble(rule.not) };
  if ('trait' in rule) return { ...scrambleCmp(rule), trait: `${rule.trait}_z` };
  if ('computed' in rule) return { ...scrambleCmp(rule), computed: `${rule.computed}_z` };
  if ('feature' in rule) return { ...scrambleCmp(rule), feature: `${rule.feature}_z` };
  if ('rfm' in rule) return { ...scrambleCmp(rule), rfm: rule.rfm };
  if ('score' in rule)
    return { ...scrambleCmp(rule), score: rule.score === 'churn_60d' ? 'clv_90d' : 'churn_60d' };
  if ('consent' in rule) {
    const next = consentPurposes[(consentPurposes.indexOf(rule.consent) + 1) % consentPurposes.length];
    return { consent: next ?? 'analytics', granted: !rule.granted };
  }
  const type = rule.type === undefined ? {} : { type: eventTypes[(eventTypes.indexOf(rule.type) + 1) % 6] };
  return {
    ...rule,
    ...type,
    event: `${rule.event} x`,
    ...(rule.within ? { within: { days: rule.within.days + 1 } } : {}),
    ...(rule.where
      ? { where: rule.where.map((w) => ({ ...scrambleCmp(w), property: `${w.property}_z` })) }
      : {}),
  };
}
function scrambleCmp<C extends Comparison>(c: C): C {
  const v = (x: string | number | boolean) =>
    typeof x === 'string' ? `${x}z` : typeof x === 'number' ? x + 1 : !x;
  switch (c.op) {
    case 'eq':
    case 'neq':
      return { ...c, value: v(c.value) };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      return { ...c, value: c.value + 1 };
    case 'between':
      return { ...c, value: [c.value[0] + 1, c.value[1] + 1] };
    case 'in':
    case 'not_in':
      return { ...c, value: c.value.map(v) };
    case 'contains':
      return { ...c, value: `${c.value}z` };
    default:
      return c;
  }
}

describe('segment SQL compiler', () => {
  it('compiles the brief example to parameters in both dialects', () => {
    const rule = parseLoose({
      all: [
        { event: 'Order Completed', count: { op: 'gte', value: 2 }, within: { days: 30 } },
        { computed: 'favourite_category', op: 'eq', value: 'garden' },
      ],
    });
    if (!rule) throw new Error('invalid');
    for (const dialect of dialects) {
      const { sql: text, parameters } = compiled(rule, dialect);
      expect(text).not.toContain('Order Completed');
      expect(text).not.toContain('garden');
      expect(parameters).toContain('Order Completed');
      expect(parameters).toContain(NOW - 30 * 86_400_000);
      expect(parameters).toContain(2);
    }
    expect(compiled(rule, 'sqlite').parameters).toContain('$."favourite_category"');
    expect(compiled(rule, 'postgres').parameters).toContain('favourite_category');
  });

  it('SQL text depends only on the rule shape: every name and value is a bound parameter', () => {
    fc.assert(
      fc.property(validRuleArb, (rule) => {
        for (const dialect of dialects) {
          const a = compiled(rule, dialect);
          const b = compiled(scramble(rule), dialect);
          expect(b.sql).toBe(a.sql);
          expect(b.parameters.length).toBe(a.parameters.length);
          expect(compiled(rule, dialect, NOW + 123_456).sql).toBe(a.sql);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads only profiles, events, identities, consents and model scores', () => {
    fc.assert(
      fc.property(validRuleArb, (rule) => expectSafe(rule)),
      { numRuns: 300 },
    );
  });

  it('refuses a key that skipped validation', () => {
    const unchecked = { trait: `a"]') OR 1=1 --`, op: 'exists' } as unknown as SegmentRule;
    for (const dialect of dialects) expect(() => compiled(unchecked, dialect)).toThrow(/unsafe JSON key/);
  });
});

describe('segment SQL over SQLite', () => {
  let dir: string;
  let db: Kysely<Database>;
  let fixture: SegmentFixture;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-segment-sql-'));
    db = openSqlite({ file: path.join(dir, 'test.db'), synchronous: 'normal' });
    await migrateToLatest(db, 'sqlite');
    fixture = generateSegmentFixture({ seed: 'segment-sql-unit', customers: 120 });
    await seedSegmentFixture(db, fixture);
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const members = async (rule: SegmentRule) =>
    (
      await db
        .selectFrom('profiles')
        .select('customer_id')
        .where(
          compileSegmentRule(rule, {
            dialect: 'sqlite',
            now: fixture.now,
            consentDefaults: defaultConsentPolicy,
          }),
        )
        .orderBy('customer_id')
        .execute()
    ).map((r) => r.customer_id);

  it('generated rules select exactly what the reference evaluator selects', async () => {
    await fc.assert(
      fc.asyncProperty(validRuleArb, async (rule) => {
        expect(await members(rule)).toEqual(referenceMembers(fixture, rule, defaultConsentPolicy));
      }),
      { numRuns: 250 },
    );
  });

  it('garbage is rejected, or compiles to a query that reads only the allowed tables and runs', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(garbageArb, async (garbage) => {
        const parsed = parseSegmentRule(garbage, fixtureCatalog);
        const loose = parseSegmentRule(garbage, null);
        if (parsed.ok) expect(loose.ok).toBe(true);
        if (!loose.ok) return;
        accepted += 1;
        expectSafe(loose.rule);
        expect(await members(loose.rule)).toEqual(
          referenceMembers(fixture, loose.rule, defaultConsentPolicy),
        );
      }),
      { numRuns: 600 },
    );
    expect(accepted).toBeGreaterThan(30);
    const tables = await db
      .selectFrom('profiles')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(tables.n)).toBe(120);
  });
});
