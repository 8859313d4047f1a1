import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/helpers/postgres.js';
import type { SegmentStore } from '../profiles/ports.js';
import { defaultConsentPolicy } from '../profiles/segment-consent.js';
import { parseSegmentRule } from '../profiles/segment-rule-check.js';
import type { SegmentRule } from '../profiles/segment-rule.js';
import { openPostgres } from './postgres/open-postgres.js';
import {
  fixtureCatalog,
  generateSegmentFixture,
  HOSTILE_TEXT,
  referenceMembers,
  seedSegmentFixture,
  type SegmentFixture,
} from './segment-fixture/test-kit.js';
import { migrateToLatest } from './sql/migrate.js';
import type { Database, SqlDialectName } from './sql/schema.js';
import { contractRules } from './segment-rules.contract.js';
import { createSqlSegmentStore } from './sql/sql-segment-store.js';
import { openSqlite } from './sqlite/open-sqlite.js';

/** A migrated, empty database with a segment store over it; `db` is for seeding and inspecting. */
export interface SegmentTestDatabase {
  dialect: SqlDialectName;
  db: Kysely<Database>;
  segments: SegmentStore;
  close(): Promise<void>;
}

export async function openSqliteSegmentDatabase(): Promise<SegmentTestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-segments-'));
  const db = openSqlite({ file: path.join(dir, 'test.db'), synchronous: 'normal' });
  await migrateToLatest(db, 'sqlite');
  return {
    dialect: 'sqlite',
    db,
    segments: createSqlSegmentStore(db, { dialect: 'sqlite' }),
    async close() {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function openPostgresSegmentDatabase(): Promise<SegmentTestDatabase> {
  const test = await createTestDatabase();
  const db = openPostgres({ url: test.url, poolSize: 4 });
  await migrateToLatest(db, 'postgres');
  return {
    dialect: 'postgres',
    db,
    segments: createSqlSegmentStore(db, { dialect: 'postgres' }),
    async close() {
      await db.destroy();
      await test.drop();
    },
  };
}

export function parseContractRule(rule: unknown): SegmentRule {
  const parsed = parseSegmentRule(rule, fixtureCatalog);
  if (!parsed.ok) throw new Error(`contract rule invalid: ${JSON.stringify(parsed.problems)}`);
  return parsed.rule;
}

const CUSTOMERS = 300;

/** The behaviour every SegmentStore adapter must show, over a few hundred generated profiles. */
export function runSegmentStoreContract(name: string, open: () => Promise<SegmentTestDatabase>): void {
  describe(`segment store contract: ${name}`, () => {
    let t: SegmentTestDatabase;
    let fixture: SegmentFixture;
    const expected = (rule: SegmentRule, now = fixture.now) =>
      referenceMembers(fixture, rule, defaultConsentPolicy, now);
    const create = async (segmentName: string, rule: unknown, now = fixture.now) => {
      const result = await t.segments.create({
        id: `seg_${segmentName.replace(/\W/g, '_')}`,
        name: segmentName,
        description: null,
        rule: parseContractRule(rule),
        now,
      });
      if (result.status !== 'ok') throw new Error(`create ${segmentName}: ${result.status}`);
      return result.segment;
    };
    const allMembers = async (id: string) => {
      const out: { customerId: string; since: number }[] = [];
      for (;;) {
        const last = out[out.length - 1];
        const page = await t.segments.members(id, {
          limit: 37,
          ...(last ? { afterCustomerId: last.customerId } : {}),
        });
        out.push(...page);
        if (page.length < 37) return out;
      }
    };

    beforeAll(async () => {
      t = await open();
      fixture = generateSegmentFixture({ seed: 'segment-contract', customers: CUSTOMERS });
      await seedSegmentFixture(t.db, fixture);
    });
    afterAll(async () => t.close());

    it.each(contractRules)(
      'preview and refresh agree with the reference: $name',
      async ({ name: n, rule, trivial }) => {
        const parsed = parseContractRule(rule);
        const want = expected(parsed);
        if (!trivial) {
          expect(want.length, 'the rule should split the fixture').toBeGreaterThan(0);
          expect(want.length, 'the rule should split the fixture').toBeLessThan(CUSTOMERS);
        }
        const preview = await t.segments.preview(parsed, { limit: 25, now: fixture.now });
        expect(preview.count).toBe(want.length);
        expect(preview.sample).toEqual(want.slice(0, 25));
        const segment = await create(`contract ${n}`, rule);
        const refreshed = await t.segments.refresh(segment.id, fixture.now);
        expect(refreshed).toEqual({ status: 'refreshed', added: want.length, removed: 0, size: want.length });
        expect((await allMembers(segment.id)).map((m) => m.customerId)).toEqual(want);
        expect((await t.segments.get(segment.id))?.memberCount).toBe(want.length);
      },
    );

    it('time windows end at the injected now', async () => {
      const rule = parseContractRule({ event: 'Order Completed', within: { days: 10 } });
      for (const now of [fixture.now, fixture.now - 40 * 86_400_000, fixture.now + 5 * 86_400_000]) {
        const want = expected(rule, now);
        expect((await t.segments.preview(rule, { limit: 1, now })).count).toBe(want.length);
      }
      expect(expected(rule, fixture.now)).not.toEqual(expected(rule, fixture.now - 40 * 86_400_000));
    });

    it('values that look like SQL are data: tables intact, no match', async () => {
      const hostile = parseContractRule({
        any: [
          { trait: 'country', op: 'in', value: [HOSTILE_TEXT, "' OR '1'='1"] },
          { event: "x' OR 1=1 --", type: 'track' },
          { trait: 'plan', op: 'contains', value: '%' },
          { trait: 'plan', op: 'contains', value: '_' },
        ],
      });
      expect(await t.segments.preview(hostile, { limit: 5, now: fixture.now })).toEqual({
        count: 0,
        sample: [],
      });
      expect(
        Number(
          (
            await t.db
              .selectFrom('profiles')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(CUSTOMERS);
    });

    it('creates, lists, renames and deletes; names are unique', async () => {
      const rule = parseContractRule({ trait: 'plan', op: 'eq', value: 'gold' });
      const a = await t.segments.create({
        id: 'seg_crud_a',
        name: 'Gold',
        description: 'gold plan',
        rule,
        now: 10,
      });
      expect(a).toMatchObject({
        status: 'ok',
        segment: { id: 'seg_crud_a', kind: 'rule', rule, memberCount: 0 },
      });
      expect(
        await t.segments.create({ id: 'seg_crud_b', name: 'Gold', description: null, rule, now: 11 }),
      ).toEqual({
        status: 'name_taken',
      });
      await t.segments.create({ id: 'seg_crud_b', name: 'Gold 2', description: null, rule, now: 11 });
      expect(await t.segments.update('seg_crud_b', { name: 'Gold' }, 12)).toEqual({ status: 'name_taken' });
      const renamed = await t.segments.update('seg_crud_b', { name: 'Silver', description: 'x' }, 13);
      expect(renamed).toMatchObject({
        status: 'ok',
        segment: { name: 'Silver', description: 'x', updatedAt: 13, createdAt: 11 },
      });
      expect(await t.segments.update('seg_nope', { name: 'Y' }, 13)).toEqual({ status: 'not_found' });
      const ids = (await t.segments.list({ limit: 1000 })).map((s) => s.id);
      expect(ids).toEqual([...ids].sort());
      expect(ids).toEqual(expect.arrayContaining(['seg_crud_a', 'seg_crud_b']));
      const after = await t.segments.list({ limit: 1, afterId: 'seg_crud_a' });
      expect(after[0]?.id).toBe('seg_crud_b');
      await t.segments.refresh('seg_crud_a', fixture.now);
      expect((await t.segments.members('seg_crud_a', { limit: 1 })).length).toBe(1);
      expect(await t.segments.delete('seg_crud_a')).toBe(true);
      expect(await t.segments.delete('seg_crud_a')).toBe(false);
      expect(await t.segments.get('seg_crud_a')).toBeNull();
      expect(await t.segments.members('seg_crud_a', { limit: 10 })).toEqual([]);
      expect(await t.segments.sizes('seg_crud_a')).toEqual([]);
      expect(await t.segments.refresh('seg_crud_a', fixture.now)).toEqual({ status: 'not_found' });
    });

    it('leaves segments of other kinds to their builders', async () => {
      await t.db
        .insertInto('segments')
        .values({
          id: 'seg_rfm_x',
          name: 'RFM x',
          description: null,
          kind: 'rfm',
          rule: '{"segment":"Champions"}',
          member_count: 0,
          refreshed_at: null,
          created_at: 1,
          updated_at: 1,
        })
        .execute();
      expect(await t.segments.get('seg_rfm_x')).toMatchObject({ kind: 'rfm', rule: null });
      expect(await t.segments.refresh('seg_rfm_x', fixture.now)).toEqual({ status: 'not_rule_based' });
      const rule = parseContractRule({ trait: 'plan', op: 'exists' });
      expect(await t.segments.update('seg_rfm_x', { rule }, 2)).toEqual({ status: 'not_rule_based' });
      expect(
        await t.segments.update('seg_rfm_x', { description: 'kept up by the RFM job' }, 2),
      ).toMatchObject({ status: 'ok' });
    });

    it('refresh applies a diff: members keep their since, entrants get now, leavers go; one size row per day', async () => {
      const segment = await create('diff: plan pro', { trait: 'plan', op: 'eq', value: 'pro' });
      const t1 = fixture.now;
      await t.segments.refresh(segment.id, t1);
      const before = await allMembers(segment.id);
      const [leaver, stayer] = before;
      const entrant = fixture.profiles.find((p) => p.traits.plan === 'free');
      if (!leaver || !stayer || !entrant) throw new Error('fixture too small');
      await setTrait(leaver.customerId, 'plan', 'free');
      await setTrait(entrant.customerId, 'plan', 'pro');
      const t2 = t1 + 60_000;
      expect(await t.segments.refresh(segment.id, t2)).toEqual({
        status: 'refreshed',
        added: 1,
        removed: 1,
        size: before.length,
      });
      const after = new Map((await allMembers(segment.id)).map((m) => [m.customerId, m.since]));
      expect(after.has(leaver.customerId)).toBe(false);
      expect(after.get(entrant.customerId)).toBe(t2);
      expect(after.get(stayer.customerId)).toBe(t1);
      expect(await t.segments.refresh(segment.id, t2 + 1)).toMatchObject({ added: 0, removed: 0 });
      expect((await t.segments.get(segment.id))?.refreshedAt).toBe(t2 + 1);
      const day = Math.floor(t1 / 86_400_000) * 86_400_000;
      expect(await t.segments.sizes(segment.id)).toEqual([{ at: day, size: before.length }]);
      await t.segments.refresh(segment.id, t1 + 86_400_000);
      expect((await t.segments.sizes(segment.id)).map((s) => s.at)).toEqual([day, day + 86_400_000]);
      await setTrait(leaver.customerId, 'plan', 'pro');
      await setTrait(entrant.customerId, 'plan', 'free');
    });

    it("membershipsOf lists a customer's segments by name with their since", async () => {
      const pro = await create('memberships: pro', { trait: 'plan', op: 'eq', value: 'pro' });
      const any = await create('memberships: any plan', { trait: 'plan', op: 'exists' });
      await t.segments.refresh(pro.id, fixture.now);
      await t.segments.refresh(any.id, fixture.now + 1);
      const [member] = await allMembers(pro.id);
      if (!member) throw new Error('fixture too small');
      const mine = (await t.segments.membershipsOf(member.customerId)).filter((m) =>
        m.name.startsWith('memberships: '),
      );
      expect(mine).toEqual([
        { id: any.id, name: 'memberships: any plan', kind: 'rule', since: fixture.now + 1 },
        { id: pro.id, name: 'memberships: pro', kind: 'rule', since: fixture.now },
      ]);
      expect(await t.segments.membershipsOf('cus_nobody')).toEqual([]);
      await t.segments.delete(pro.id);
      await t.segments.delete(any.id);
    });

    it('refreshForCustomers touches only the named customers', async () => {
      const segment = await create('incremental: plan gold', { trait: 'plan', op: 'eq', value: 'gold' });
      const t1 = fixture.now;
      await t.segments.refresh(segment.id, t1);
      const outsiders = fixture.profiles.filter((p) => p.traits.plan !== 'gold');
      const [named, unnamed] = outsiders;
      if (!named || !unnamed) throw new Error('fixture too small');
      const original = [named.traits.plan, unnamed.traits.plan];
      await setTrait(named.customerId, 'plan', 'gold');
      await setTrait(unnamed.customerId, 'plan', 'gold');
      const size = (await t.segments.get(segment.id))?.memberCount ?? -1;
      const result = await t.segments.refreshForCustomers(
        segment.id,
        [named.customerId, named.customerId, 'cus_unknown'],
        t1 + 5,
      );
      expect(result).toEqual({ status: 'refreshed', added: 1, removed: 0, size: size + 1 });
      const members = new Map((await allMembers(segment.id)).map((m) => [m.customerId, m.since]));
      expect(members.get(named.customerId)).toBe(t1 + 5);
      expect(members.has(unnamed.customerId)).toBe(false);
      const stored = await t.segments.get(segment.id);
      expect(stored).toMatchObject({ memberCount: size + 1, refreshedAt: t1 });
      await setTrait(named.customerId, 'plan', original[0]);
      expect(await t.segments.refreshForCustomers(segment.id, [named.customerId], t1 + 6)).toMatchObject({
        removed: 1,
        size,
      });
      await setTrait(unnamed.customerId, 'plan', original[1]);
      expect(await t.segments.refreshForCustomers(segment.id, [], t1 + 7)).toMatchObject({
        added: 0,
        removed: 0,
        size,
      });
    });

    /** Changes one trait in the database and in the fixture, so the reference stays in step. */
    async function setTrait(customerId: string, key: string, value: unknown) {
      const profile = fixture.profiles.find((p) => p.customerId === customerId);
      if (!profile) throw new Error(customerId);
      profile.traits = { ...profile.traits, [key]: value };
      await t.db
        .updateTable('profiles')
        .set({ traits: JSON.stringify(profile.traits) })
        .where('customer_id', '=', customerId)
        .execute();
    }
  });
}
