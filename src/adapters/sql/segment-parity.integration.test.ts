import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConsentPolicy } from '../../profiles/segment-consent.js';
import { parseSegmentRule } from '../../profiles/segment-rule-check.js';
import type { SegmentRule } from '../../profiles/segment-rule.js';
import {
  generateSegmentFixture,
  referenceMembers,
  seedSegmentFixture,
  type SegmentFixture,
} from '../segment-fixture/test-kit.js';
import { contractRules, garbageArb, ruleArb } from '../segment-rules.contract.js';
import {
  openPostgresSegmentDatabase,
  openSqliteSegmentDatabase,
  parseContractRule,
  type SegmentTestDatabase,
} from '../segment-store.contract.js';

const CUSTOMERS = 400;

describe('segments: SQLite and PostgreSQL give identical membership', () => {
  let sqlite: SegmentTestDatabase;
  let postgres: SegmentTestDatabase;
  let fixture: SegmentFixture;

  beforeAll(async () => {
    [sqlite, postgres] = await Promise.all([openSqliteSegmentDatabase(), openPostgresSegmentDatabase()]);
    fixture = generateSegmentFixture({ seed: 'segment-parity', customers: CUSTOMERS });
    await Promise.all([seedSegmentFixture(sqlite.db, fixture), seedSegmentFixture(postgres.db, fixture)]);
  });
  afterAll(async () => {
    await Promise.all([sqlite?.close(), postgres?.close()]);
  });

  const both = async (rule: SegmentRule) => {
    const options = { limit: CUSTOMERS, now: fixture.now };
    const [a, b] = await Promise.all([
      sqlite.segments.preview(rule, options),
      postgres.segments.preview(rule, options),
    ]);
    return { sqlite: a, postgres: b };
  };

  it('for every contract rule, previews and refreshed memberships are equal', async () => {
    for (const { name, rule } of contractRules) {
      const parsed = parseContractRule(rule);
      const result = await both(parsed);
      expect(result.postgres, name).toEqual(result.sqlite);
      expect(result.sqlite.sample, name).toEqual(referenceMembers(fixture, parsed, defaultConsentPolicy));
      const members = [];
      for (const t of [sqlite, postgres]) {
        const id = `seg_parity_${contractRules.findIndex((r) => r.name === name)}`;
        await t.segments.create({ id, name, description: null, rule: parsed, now: fixture.now });
        await t.segments.refresh(id, fixture.now);
        members.push(await t.segments.members(id, { limit: CUSTOMERS }));
      }
      expect(members[1], name).toEqual(members[0]);
    }
  });

  it('for generated rules and accepted garbage, both dialects agree with each other and the reference', async () => {
    const loose = fc
      .oneof(ruleArb, garbageArb)
      .map((raw) => parseSegmentRule(raw, null))
      .filter((p) => p.ok)
      .map((p) => (p.ok ? p.rule : { all: [] }));
    await fc.assert(
      fc.asyncProperty(loose, async (rule) => {
        const result = await both(rule);
        expect(result.postgres).toEqual(result.sqlite);
        expect(result.sqlite.sample).toEqual(referenceMembers(fixture, rule, defaultConsentPolicy));
      }),
      { numRuns: 300 },
    );
  });
});
