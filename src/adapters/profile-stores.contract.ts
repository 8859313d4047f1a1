import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../ingest/event-types.js';
import type { ConsentDecision } from '../profiles/consent.js';
import type {
  IdentityKind,
  IdentityLink,
  ProfileEventRow,
  ProfileMergeRecord,
  ProfileRecord,
  StoredIdentityEdge,
} from '../profiles/ports.js';
import type { Stores } from './open-stores.js';
import { makeEvent } from './stores.contract.js';

const HOSTILE = "Robert'); DROP TABLE profiles;-- \" $1 ? ' OR 1=1 🎉 naïve \u200b 名前";
/** Every profile of this suite is built at or after this, except the ones `deleteBuiltBefore` is meant to drop. */
const BUILT = 1_000_000;

function profile(customerId: string, overrides: Partial<ProfileRecord> = {}): ProfileRecord {
  return {
    customerId,
    userId: `user-${customerId}`,
    traits: { plan: 'gold', note: HOSTILE, tags: ['a', 'é'], nested: { deep: [1, null, 'x'] } },
    pii: `sealed:${customerId}`,
    emailHash: `eh-${customerId}`,
    firstSeenAt: Date.UTC(2026, 0, 1, 8),
    lastSeenAt: Date.UTC(2026, 2, 1, 9),
    eventCount: 42,
    computed: { orders_90d: 3, favourite_category: 'garden' },
    features: { spend_90d: 120.5, top_categories: ['garden', 'toys'], channel: null },
    rfm: { recency: 12.5, frequency: 3, monetary: 120.25, r: 4, f: 3, m: 5, segment: "Can't Lose" },
    state: { v: 2, counts: [1, 2, 3], nested: { ok: true, s: HOSTILE } },
    builtAt: BUILT,
    updatedAt: BUILT + 1,
    ...overrides,
  };
}

type Node = [IdentityKind, string];

const edge = (a: Node, b: Node, firstAt: number, evidence = 'identify', messageId = `m-${firstAt}`) =>
  ({
    aKind: a[0],
    aValue: a[1],
    bKind: b[0],
    bValue: b[1],
    evidence,
    firstAt,
    messageId,
  }) satisfies StoredIdentityEdge;

const link = (node: Node, customerId: string, createdAt: number): IdentityLink => ({
  kind: node[0],
  value: node[1],
  customerId,
  createdAt,
});

const edgeOrder = (x: StoredIdentityEdge, y: StoredIdentityEdge) => {
  const kx = `${x.aKind}:${x.aValue}|${x.bKind}:${x.bValue}`;
  const ky = `${y.aKind}:${y.aValue}|${y.bKind}:${y.bValue}`;
  return kx < ky ? -1 : kx > ky ? 1 : 0;
};
const sortedEdges = (edges: readonly StoredIdentityEdge[]) => [...edges].sort(edgeOrder);
const sortedMap = (map: Map<string, unknown>) =>
  Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)));

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

/**
 * The behaviour every database adapter of the profile ports (ProfileStore, ConsentStore, ProfileSource) must show.
 * Run by the SQLite and the PostgreSQL test files, each on a database of its own.
 */
export function runProfileStoresContract(
  name: string,
  open: () => Promise<{ stores: Stores; cleanup(): Promise<void> }>,
): void {
  describe(`profile stores contract: ${name}`, () => {
    let stores: Stores;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ stores, cleanup } = await open());
    });
    afterAll(async () => {
      await stores.close();
      await cleanup();
    });

    describe('profiles', () => {
      it('round-trips every field of a profile through put, get and getMany', async () => {
        const withRfm = profile('cus_rt_1');
        const withoutRfm = profile('cus_rt_2', {
          userId: null,
          pii: null,
          emailHash: null,
          firstSeenAt: null,
          lastSeenAt: null,
          eventCount: 0,
          traits: {},
          computed: {},
          features: {},
          rfm: null,
          state: null,
        });
        await stores.profiles.put([withRfm, withoutRfm]);
        expect(await stores.profiles.get('cus_rt_1')).toEqual(withRfm);
        expect(await stores.profiles.get('cus_rt_2')).toEqual(withoutRfm);
        expect(await stores.profiles.get('cus_rt_nobody')).toBeNull();
        const many = await stores.profiles.getMany(['cus_rt_2', 'cus_rt_1']);
        expect(many.sort((a, b) => (a.customerId < b.customerId ? -1 : 1))).toEqual([withRfm, withoutRfm]);
        await stores.profiles.put([]);
        expect(await stores.profiles.get('cus_rt_1')).toEqual(withRfm);
      });

      it('getCore reads a profile’s ids and computed traits only', async () => {
        const full = profile('cus_core_1');
        await stores.profiles.put([full, profile('cus_core_2', { userId: null, computed: {} })]);
        expect(await stores.profiles.getCore('cus_core_1')).toEqual({
          customerId: 'cus_core_1',
          userId: full.userId,
          computed: full.computed,
        });
        expect(await stores.profiles.getCore('cus_core_2')).toEqual({
          customerId: 'cus_core_2',
          userId: null,
          computed: {},
        });
        expect(await stores.profiles.getCore('cus_core_nobody')).toBeNull();
      });

      it('put replaces a stored profile whole', async () => {
        await stores.profiles.put([profile('cus_up_1')]);
        const replaced = profile('cus_up_1', {
          userId: 'other',
          traits: { plan: 'silver' },
          rfm: null,
          state: [HOSTILE],
          eventCount: 7,
          builtAt: BUILT + 10,
          updatedAt: BUILT + 11,
        });
        await stores.profiles.put([replaced]);
        expect(await stores.profiles.get('cus_up_1')).toEqual(replaced);
        const back = { ...replaced, eventCount: 8, rfm: profile('x').rfm, state: { n: 1 } };
        await stores.profiles.put([back, profile('cus_up_2')]);
        expect(await stores.profiles.getMany(['cus_up_1'])).toEqual([back]);
      });

      it('getMany leaves out unknown ids and returns each profile once', async () => {
        await stores.profiles.put([profile('cus_gm_1'), profile('cus_gm_2'), profile('cus_gm_3')]);
        const got = await stores.profiles.getMany([
          'cus_gm_3',
          'cus_gm_nobody',
          'cus_gm_1',
          'cus_gm_3',
          'cus_gm_1',
        ]);
        expect(got.map((p) => p.customerId).sort()).toEqual(['cus_gm_1', 'cus_gm_3']);
        expect(got.find((p) => p.customerId === 'cus_gm_3')).toEqual(profile('cus_gm_3'));
        expect(await stores.profiles.getMany([])).toEqual([]);
        expect(await stores.profiles.getMany(['cus_gm_nobody'])).toEqual([]);
      });

      it('lists by customer id with a cursor and a prefix filter, counts, and finds by email hash', async () => {
        const before = await stores.profiles.count();
        await stores.profiles.put([
          profile('cus_ls_b', { userId: 'ls_%_user', emailHash: 'eh-shared' }),
          profile('cus_ls_a', { userId: 'plain', emailHash: 'eh-shared' }),
          profile('cus_ls_c', { userId: null }),
        ]);
        expect(await stores.profiles.count()).toBe(before + 3);
        const page = await stores.profiles.list({ limit: 2, q: 'cus_ls_' });
        expect(page.map((p) => p.customerId)).toEqual(['cus_ls_a', 'cus_ls_b']);
        expect(page[0]).toEqual(profile('cus_ls_a', { userId: 'plain', emailHash: 'eh-shared' }));
        const next = await stores.profiles.list({ limit: 2, q: 'cus_ls_', afterId: 'cus_ls_b' });
        expect(next.map((p) => p.customerId)).toEqual(['cus_ls_c']);
        // LIKE wildcards in the prefix are literal: `ls_%` matches only the user id that has them.
        expect((await stores.profiles.list({ limit: 10, q: 'ls_%' })).map((p) => p.customerId)).toEqual([
          'cus_ls_b',
        ]);
        expect(await stores.profiles.list({ limit: 10, q: 'ls%' })).toEqual([]);
        expect(await stores.profiles.findByEmailHash('eh-shared')).toBe('cus_ls_a');
        expect(await stores.profiles.findByEmailHash('eh-nobody')).toBeNull();
      });

      it('deleteBuiltBefore removes exactly the profiles built before the given build', async () => {
        const before = await stores.profiles.count();
        await stores.profiles.put([
          profile('cus_old_1', { builtAt: 10 }),
          profile('cus_old_2', { builtAt: BUILT - 1 }),
          profile('cus_new_1', { builtAt: BUILT }),
        ]);
        expect(await stores.profiles.deleteBuiltBefore(BUILT)).toBe(2);
        expect(await stores.profiles.get('cus_old_1')).toBeNull();
        expect(await stores.profiles.get('cus_old_2')).toBeNull();
        expect(await stores.profiles.get('cus_new_1')).toEqual(profile('cus_new_1'));
        expect(await stores.profiles.count()).toBe(before + 1);
        expect(await stores.profiles.deleteBuiltBefore(BUILT)).toBe(0);
      });

      it('generation grows with a rebuild’s writes and stays put through incremental ones', async () => {
        const g0 = await stores.profiles.generation();
        await stores.profiles.put([profile('cus_gen_1')]);
        await stores.profiles.applyIdentityChanges({
          edges: [],
          identities: [{ kind: 'user_id', value: 'gen-user', customerId: 'cus_gen_1', createdAt: 1 }],
          merges: [],
          deleteProfiles: [],
        });
        expect(await stores.profiles.generation()).toBe(g0);
        await stores.profiles.deleteBuiltBefore(0);
        const g1 = await stores.profiles.generation();
        expect(g1).toBeGreaterThan(g0);
        await stores.profiles.replaceIdentityGraph({ edges: [], identities: [], merges: [] });
        expect(await stores.profiles.generation()).toBeGreaterThan(g1);
      });
    });

    describe('identity graph', () => {
      const anon1: Node = ['anonymous_id', 'anon-1'];
      const anon2: Node = ['anonymous_id', 'anon-2'];
      const anon3: Node = ['anonymous_id', 'anon-3 🎉'];
      const email1: Node = ['email_hash', 'eh-1'];
      const user1: Node = ['user_id', "ü'1; --"];
      const user2: Node = ['user_id', 'u-2'];
      const chain = [
        edge(anon1, user1, 100),
        edge(email1, user1, 110, 'email'),
        edge(anon3, user1, 120, 'event'),
      ];
      const other = [edge(anon2, user2, 200)];
      const firstMerge: ProfileMergeRecord = {
        keptCustomerId: 'cus_A',
        mergedCustomerId: 'cus_Z',
        reason: 'identify',
        evidenceAt: 5,
        messageId: 'm-merge-1',
      };
      const seedGraph = () =>
        stores.profiles.replaceIdentityGraph({
          edges: [...chain, ...other],
          // anon-3 has an edge but no identity row: it has no first-seen time.
          identities: [
            link(anon1, 'cus_A', 10),
            link(user1, 'cus_A', 11),
            link(email1, 'cus_A', 12),
            link(anon2, 'cus_B', 20),
            link(user2, 'cus_B', 21),
          ],
          merges: [firstMerge],
        });

      it('resolves identifiers one at a time and in bulk, by kind', async () => {
        await seedGraph();
        expect(await stores.profiles.resolve('user_id', user1[1])).toBe('cus_A');
        expect(await stores.profiles.resolve('anonymous_id', 'anon-2')).toBe('cus_B');
        expect(await stores.profiles.resolve('user_id', 'anon-1')).toBeNull();
        expect(await stores.profiles.resolve('anonymous_id', anon3[1])).toBeNull();
        const resolved = await stores.profiles.resolveMany([
          { kind: 'user_id', value: user1[1] },
          { kind: 'anonymous_id', value: 'anon-1' },
          { kind: 'email_hash', value: 'eh-1' },
          { kind: 'user_id', value: 'u-2' },
          { kind: 'user_id', value: 'anon-2' },
          { kind: 'anonymous_id', value: 'nobody' },
          { kind: 'user_id', value: user1[1] },
        ]);
        expect(sortedMap(resolved)).toEqual({
          'a:anon-1': 'cus_A',
          'e:eh-1': 'cus_A',
          [`u:${user1[1]}`]: 'cus_A',
          'u:u-2': 'cus_B',
        });
        expect((await stores.profiles.resolveMany([])).size).toBe(0);
      });

      it('lists the merges a customer took part in', async () => {
        await seedGraph();
        expect(await stores.profiles.mergesOf('cus_A')).toEqual([firstMerge]);
        expect(await stores.profiles.mergesOf('cus_Z')).toEqual([firstMerge]);
        expect(await stores.profiles.mergesOf('cus_B')).toEqual([]);
      });

      it('identityComponent returns exactly the connected edges and the first-seen times of its nodes', async () => {
        await seedGraph();
        for (const seeds of [[email1], [anon3], [user1, anon1], [email1, email1]]) {
          const component = await stores.profiles.identityComponent(
            seeds.map(([kind, value]) => ({ kind, value })),
            100,
          );
          expect(sortedEdges(component.edges)).toEqual(sortedEdges(chain));
          expect(sortedMap(component.firstSeen)).toEqual({
            'a:anon-1': 10,
            'e:eh-1': 12,
            [`u:${user1[1]}`]: 11,
          });
          expect(component.truncated).toBe(false);
        }
        const two = await stores.profiles.identityComponent(
          [
            { kind: 'user_id', value: 'u-2' },
            { kind: 'email_hash', value: 'eh-1' },
          ],
          100,
        );
        expect(sortedEdges(two.edges)).toEqual(sortedEdges([...chain, ...other]));
        expect(two.firstSeen.size).toBe(5);
        const lonely = await stores.profiles.identityComponent([{ kind: 'user_id', value: 'nobody' }], 100);
        expect(lonely).toEqual({ edges: [], firstSeen: new Map(), truncated: false });
      });

      it('identityComponent says when it stopped at maxEdges', async () => {
        await seedGraph();
        const seeds = [{ kind: 'email_hash' as const, value: 'eh-1' }];
        const exact = await stores.profiles.identityComponent(seeds, chain.length);
        expect(exact.truncated).toBe(false);
        expect(sortedEdges(exact.edges)).toEqual(sortedEdges(chain));
        const cut = await stores.profiles.identityComponent(seeds, 1);
        expect(cut.truncated).toBe(true);
        expect(cut.edges.length).toBeGreaterThan(1);
        for (const e of cut.edges) expect(chain).toContainEqual(e);
      });

      it('applyIdentityChanges upserts edges, re-points identifiers, records merges and deletes profiles', async () => {
        await seedGraph();
        await stores.profiles.put([profile('cus_A'), profile('cus_B')]);
        const earlier = edge(anon1, user1, 50, 'alias', 'm-alias');
        const bridge = edge(anon2, user1, 300, 'event', 'm-bridge');
        const join: ProfileMergeRecord = {
          keptCustomerId: 'cus_A',
          mergedCustomerId: 'cus_B',
          reason: 'event',
          evidenceAt: 300,
          messageId: 'm-bridge',
        };
        const external: Node = ['external_id', 'x-1'];
        await stores.profiles.applyIdentityChanges({
          edges: [earlier, bridge],
          identities: [link(anon2, 'cus_A', 999), link(user2, 'cus_A', 999), link(external, 'cus_A', 40)],
          merges: [join],
          deleteProfiles: ['cus_B', 'cus_nobody'],
        });
        const component = await stores.profiles.identityComponent([{ kind: 'user_id', value: 'u-2' }], 100);
        // One row per pair: the anon-1 edge now carries the new evidence, time and message.
        expect(sortedEdges(component.edges)).toEqual(
          sortedEdges([earlier, chain[1]!, chain[2]!, bridge, ...other]),
        );
        // Re-pointing changes the customer, not when the identifier was first seen.
        expect(sortedMap(component.firstSeen)).toEqual({
          'a:anon-1': 10,
          'a:anon-2': 20,
          'e:eh-1': 12,
          [`u:${user1[1]}`]: 11,
          'u:u-2': 21,
        });
        expect(await stores.profiles.resolve('user_id', 'u-2')).toBe('cus_A');
        expect(await stores.profiles.resolve('anonymous_id', 'anon-2')).toBe('cus_A');
        expect(sortedMap(await stores.profiles.resolveMany([{ kind: 'external_id', value: 'x-1' }]))).toEqual(
          {
            'x:x-1': 'cus_A',
          },
        );
        expect(await stores.profiles.mergesOf('cus_A')).toEqual([firstMerge, join]);
        expect(await stores.profiles.mergesOf('cus_B')).toEqual([join]);
        expect(await stores.profiles.get('cus_B')).toBeNull();
        expect(await stores.profiles.get('cus_A')).toEqual(profile('cus_A'));

        // The same evidence again keeps one row per pair.
        await stores.profiles.applyIdentityChanges({
          edges: [earlier, bridge],
          identities: [],
          merges: [],
          deleteProfiles: [],
        });
        const again = await stores.profiles.identityComponent([{ kind: 'user_id', value: 'u-2' }], 100);
        expect(again.edges).toHaveLength(5);
        // Nothing to do is fine.
        await stores.profiles.applyIdentityChanges({
          edges: [],
          identities: [],
          merges: [],
          deleteProfiles: [],
        });
        expect(await stores.profiles.mergesOf('cus_A')).toHaveLength(2);
      });

      it('replaceIdentityGraph drops everything from before', async () => {
        await seedGraph();
        const fresh = edge(['anonymous_id', 'anon-9'], ['user_id', 'u-9'], 900);
        const merge: ProfileMergeRecord = {
          keptCustomerId: 'cus_9',
          mergedCustomerId: 'cus_8',
          reason: 'alias',
          evidenceAt: 900,
          messageId: 'm-9',
        };
        await stores.profiles.replaceIdentityGraph({
          edges: [fresh],
          identities: [link(['user_id', 'u-9'], 'cus_9', 901)],
          merges: [merge],
        });
        expect(await stores.profiles.resolve('user_id', user1[1])).toBeNull();
        expect((await stores.profiles.resolveMany([{ kind: 'anonymous_id', value: 'anon-2' }])).size).toBe(0);
        expect(await stores.profiles.mergesOf('cus_A')).toEqual([]);
        expect(await stores.profiles.mergesOf('cus_9')).toEqual([merge]);
        expect(
          await stores.profiles.identityComponent(
            [
              { kind: 'email_hash', value: 'eh-1' },
              { kind: 'user_id', value: 'u-2' },
            ],
            100,
          ),
        ).toEqual({ edges: [], firstSeen: new Map(), truncated: false });
        const nine = await stores.profiles.identityComponent(
          [{ kind: 'anonymous_id', value: 'anon-9' }],
          100,
        );
        expect(nine.edges).toEqual([fresh]);
        expect(sortedMap(nine.firstSeen)).toEqual({ 'u:u-9': 901 });
        await stores.profiles.replaceIdentityGraph({ edges: [], identities: [], merges: [] });
        expect(await stores.profiles.resolve('user_id', 'u-9')).toBeNull();
        expect(await stores.profiles.mergesOf('cus_9')).toEqual([]);
      });
    });

    describe('consents', () => {
      const decision = (overrides: Partial<ConsentDecision>): ConsentDecision => ({
        customerId: 'cus_consent',
        purpose: 'analytics',
        granted: true,
        source: 'context',
        at: 1_000,
        ...overrides,
      });

      it('keeps the decision with the latest time and a history of changes', async () => {
        const t0 = Date.now();
        expect(await stores.consents.record([])).toBe(0);
        expect(
          await stores.consents.record([
            decision({}),
            decision({ purpose: 'marketing_email', granted: false, source: 'api' }),
            decision({ customerId: "cus_other'; --", purpose: 'analytics', granted: false }),
          ]),
        ).toBe(3);
        // The same choice later: no change, no history, but the current time and source move on.
        expect(await stores.consents.record([decision({ at: 2_000, source: 'import' })])).toBe(0);
        // An older decision arriving late changes nothing.
        expect(await stores.consents.record([decision({ granted: false, at: 1_500, source: 'api' })])).toBe(
          0,
        );
        expect(await stores.consents.current('cus_consent')).toEqual([
          decision({ at: 2_000, source: 'import' }),
          decision({ purpose: 'marketing_email', granted: false, source: 'api' }),
        ]);
        // Within one call, in order: a withdrawal, an older grant that loses, a newer grant that wins.
        expect(
          await stores.consents.record([
            decision({ granted: false, at: 3_000, source: 'api' }),
            decision({ granted: true, at: 2_500 }),
            decision({ purpose: 'marketing_email', granted: true, at: 3_100 }),
          ]),
        ).toBe(2);
        const t1 = Date.now();
        expect(await stores.consents.current('cus_consent')).toEqual([
          decision({ granted: false, at: 3_000, source: 'api' }),
          decision({ purpose: 'marketing_email', granted: true, at: 3_100 }),
        ]);
        const history = await stores.consents.history('cus_consent', { limit: 10 });
        expect(history.map(({ recordedAt: _, ...d }) => d)).toEqual([
          decision({ purpose: 'marketing_email', granted: true, at: 3_100 }),
          decision({ granted: false, at: 3_000, source: 'api' }),
          decision({ purpose: 'marketing_email', granted: false, source: 'api' }),
          decision({}),
        ]);
        for (const h of history) {
          expect(h.recordedAt).toBeGreaterThanOrEqual(t0);
          expect(h.recordedAt).toBeLessThanOrEqual(t1);
        }
        expect((await stores.consents.history('cus_consent', { limit: 1 })).map((h) => h.at)).toEqual([
          3_100,
        ]);
        expect(await stores.consents.current("cus_other'; --")).toEqual([
          decision({ customerId: "cus_other'; --", granted: false }),
        ]);
        expect(await stores.consents.current('cus_nobody')).toEqual([]);
        expect(await stores.consents.history('cus_nobody', { limit: 10 })).toEqual([]);
      });
    });

    describe('profile source', () => {
      const t0 = Date.UTC(2026, 3, 1);
      const ev = (id: string, overrides: Partial<EventRecord>) =>
        makeEvent({ messageId: `src-${id}`, userId: null, properties: {}, context: {}, ...overrides });
      // Appended in two calls; timestamps out of insertion order, with a tie between viewed and ordered.
      const viewed = ev('viewed', {
        event: 'Product Viewed',
        userId: 'ü-src',
        timestamp: t0 + 2_000,
        properties: {
          category: 'garden',
          price: 9.5,
          note: HOSTILE,
          count: 0,
          empty: '',
          nested: { a: 1 },
          list: [1, 2],
          nothing: null,
          flag: true,
        },
        context: {
          device: { type: 'mobile' },
          consent: { categoryPreferences: { Analytics: true, Advertising: false, [HOSTILE]: true } },
        },
        traits: { ignored: true },
        pii: 'sealed-on-track',
      });
      const identified = ev('identified', {
        type: 'identify',
        event: null,
        userId: 'ü-src',
        anonymousId: 'anon-src',
        timestamp: t0 + 1_000,
        traits: { plan: 'gold', 名前: HOSTILE },
        pii: 'sealed-pii',
        emailHash: 'eh-src',
        context: { device: { type: 7 } },
      });
      const ordered = ev('ordered', {
        event: 'Order Completed',
        timestamp: t0 + 2_000,
        emailHash: 'eh-ordered',
        properties: { category: 12, price: '19.90' },
        context: { device: { type: 'désktop"; --' }, consent: { other: true } },
      });
      const paged = ev('paged', {
        type: 'page',
        event: null,
        name: 'Home',
        anonymousId: 'anon-src',
        timestamp: t0 + 3_000,
        properties: { category: 'toys' },
        traits: { ignored: true },
      });
      const late = ev('late', { userId: 'ü-src', timestamp: t0 + 3_001 });
      const aliased = ev('aliased', {
        type: 'alias',
        event: null,
        userId: 'ü-src',
        previousId: 'anon-old',
        timestamp: t0 + 500,
      });
      let appended = false;
      const appendOnce = async () => {
        if (appended) return;
        appended = true;
        await stores.events.append([viewed, identified, ordered]);
        await stores.events.append([paged, late, aliased]);
        await stores.events.settle();
      };
      const ours = <T extends { messageId: string }>(rows: T[]) =>
        rows.filter((r) => r.messageId.startsWith('src-'));
      const normalised = (row: ProfileEventRow) => ({
        ...row,
        consent: typeof row.consent === 'string' ? (JSON.parse(row.consent) as unknown) : row.consent,
        traits: row.traits === null ? null : (JSON.parse(row.traits) as unknown),
      });
      const base = (e: EventRecord) => ({
        type: e.type,
        event: e.event,
        userId: e.userId,
        anonymousId: e.anonymousId,
        timestamp: e.timestamp,
        messageId: e.messageId,
        emailHash: e.emailHash,
      });

      it('streams events up to `until` in time order, ties in insertion order, with the fields extracted', async () => {
        await appendOnce();
        const rows = ours(
          await collect(
            stores.profileSource.events(
              ['price', 'category', 'note', 'count', 'empty', 'missing'],
              t0 + 3_000,
            ),
          ),
        );
        expect(rows.map((r) => r.messageId)).toEqual([
          'src-aliased',
          'src-identified',
          'src-viewed',
          'src-ordered',
          'src-paged',
        ]);
        expect(rows.map(normalised)).toEqual([
          {
            ...base(aliased),
            category: null,
            deviceType: null,
            traits: null,
            pii: null,
            consent: null,
            props: [null, null, null, null, null, null],
          },
          {
            ...base(identified),
            category: null,
            deviceType: null,
            traits: { plan: 'gold', 名前: HOSTILE },
            pii: 'sealed-pii',
            consent: null,
            props: [null, null, null, null, null, null],
          },
          {
            ...base(viewed),
            category: 'garden',
            deviceType: 'mobile',
            traits: null,
            pii: null,
            consent: { Analytics: true, Advertising: false, [HOSTILE]: true },
            props: [9.5, 'garden', HOSTILE, 0, '', null],
          },
          {
            ...base(ordered),
            category: null,
            deviceType: 'désktop"; --',
            traits: null,
            pii: null,
            consent: null,
            props: ['19.90', 12, null, null, null, null],
          },
          {
            ...base(paged),
            category: 'toys',
            deviceType: null,
            traits: null,
            pii: null,
            consent: null,
            props: [null, 'toys', null, null, null, null],
          },
        ]);
        expect(
          ours(await collect(stores.profileSource.events([], t0 + 999))).map((r) => [r.messageId, r.props]),
        ).toEqual([['src-aliased', []]]);
        expect(ours(await collect(stores.profileSource.events(['price'], t0 - 1)))).toEqual([]);
      });

      // As the live updater reads events (profile-updater.ts `toRow`), so a rebuild and live updates agree.
      it('extracts only scalar values: objects and arrays as null, booleans as booleans', async () => {
        await appendOnce();
        const odd = makeEvent({
          messageId: 'odd-structured',
          userId: 'odd',
          timestamp: t0 + 10_000,
          properties: {
            category: { name: 'garden' },
            list: [1, 2],
            flag: true,
            off: false,
            nested: { a: 1 },
          },
          context: { device: { type: ['mobile'] } },
        });
        await stores.events.append([odd]);
        await stores.events.settle();
        const rows = (
          await collect(
            stores.profileSource.events(['nested', 'list', 'flag', 'off', 'category'], t0 + 10_000),
          )
        ).filter((r) => r.messageId === odd.messageId);
        expect(rows.map((r) => [r.category, r.deviceType, r.props])).toEqual([
          [null, null, [null, null, true, false, null]],
        ]);
      });

      it('lastEventAt gives the latest event timestamp up to `until`', async () => {
        await appendOnce();
        expect(await stores.profileSource.lastEventAt(t0 + 2_999)).toBe(t0 + 2_000);
        expect(await stores.profileSource.lastEventAt(t0 + 3_001)).toBe(t0 + 3_001);
        expect(await stores.profileSource.lastEventAt(t0 + 3_000)).toBe(t0 + 3_000);
        // Before this suite's events: another test's, or none at all.
        expect((await stores.profileSource.lastEventAt(t0 + 499)) ?? -Infinity).toBeLessThan(t0);
      });

      it('identityEvidence returns exactly the identity-bearing events, in insertion order', async () => {
        await appendOnce();
        expect(ours(await collect(stores.profileSource.identityEvidence()))).toEqual(
          [identified, ordered, aliased].map((e) => ({
            type: e.type,
            userId: e.userId,
            anonymousId: e.anonymousId,
            emailHash: e.emailHash,
            previousId: e.previousId,
            timestamp: e.timestamp,
            messageId: e.messageId,
          })),
        );
      });
    });
  });
}
