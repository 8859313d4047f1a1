import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  identifierKey,
  resolveIdentities,
  type CustomerIdScheme,
  type IdentifierKind,
  type IdentityEdge,
  type IdentityNode,
} from './identity-graph.js';

const scheme: CustomerIdScheme = {
  forUserId: (u) => `cus_u_${u}`,
  forAnonymous: (kind, v) => `cus_${kind}_${v}`,
};
const user = (value: string) => ({ kind: 'user_id' as const, value });
const anon = (value: string) => ({ kind: 'anonymous_id' as const, value });
const email = (value: string) => ({ kind: 'email_hash' as const, value });
let counter = 0;
const edge = (
  a: IdentityEdge['a'],
  b: IdentityEdge['b'],
  at: number,
  evidence: IdentityEdge['evidence'] = 'identify',
): IdentityEdge => ({ a, b, at, evidence, messageId: `m${String(counter++).padStart(4, '0')}` });
const of = (r: ReturnType<typeof resolveIdentities>, kind: IdentifierKind, value: string) =>
  r.customerOf.get(identifierKey(kind, value));

describe('resolveIdentities', () => {
  it('attaches an anonymous session to the user it is later identified as, and records the merge', () => {
    const nodes: IdentityNode[] = [
      { ...anon('a1'), firstSeen: 100 },
      { ...user('u1'), firstSeen: 500 },
    ];
    const r = resolveIdentities(nodes, [edge(user('u1'), anon('a1'), 500)], scheme);
    expect(of(r, 'anonymous_id', 'a1')).toBe('cus_u_u1');
    expect(of(r, 'user_id', 'u1')).toBe('cus_u_u1');
    expect(r.merges).toEqual([
      expect.objectContaining({ kept: 'cus_u_u1', merged: 'cus_anonymous_id_a1', reason: 'identify' }),
    ]);
    expect(r.userIdOf.get('cus_u_u1')).toBe('u1');
  });

  it('never puts two userIds in one profile without an alias: a shared device stays with its first user', () => {
    const edges = [edge(user('u1'), anon('shared'), 100), edge(user('u2'), anon('shared'), 200)];
    const r = resolveIdentities([], edges, scheme);
    expect(of(r, 'anonymous_id', 'shared')).toBe('cus_u_u1');
    expect(of(r, 'user_id', 'u2')).toBe('cus_u_u2');
    expect(r.conflicts).toHaveLength(1);
    expect(r.conflicts[0]?.userIds.sort()).toEqual(['u1', 'u2']);
  });

  it('decides a conflict by the evidence time, not by the order the evidence arrived in', () => {
    const late = edge(user('u2'), anon('shared'), 50); // happened first, delivered last
    const r = resolveIdentities([], [edge(user('u1'), anon('shared'), 100), late], scheme);
    expect(of(r, 'anonymous_id', 'shared')).toBe('cus_u_u2');
  });

  it("lets an explicit alias merge two userIds into the alias's userId", () => {
    const nodes: IdentityNode[] = [
      { ...user('old'), firstSeen: 10 },
      { ...user('new'), firstSeen: 90 },
    ];
    const r = resolveIdentities(nodes, [edge(user('new'), user('old'), 100, 'alias')], scheme);
    expect(of(r, 'user_id', 'old')).toBe('cus_u_new');
    expect(r.userIdOf.get('cus_u_new')).toBe('new');
    expect(r.merges[0]).toMatchObject({ kept: 'cus_u_new', merged: 'cus_u_old', reason: 'alias' });
  });

  it('refuses to merge two customers through a shared email', () => {
    const edges = [edge(user('u1'), email('h'), 10, 'import'), edge(user('u2'), email('h'), 20)];
    const r = resolveIdentities([], edges, scheme);
    expect(of(r, 'email_hash', 'h')).toBe('cus_u_u1');
    expect(of(r, 'user_id', 'u2')).toBe('cus_u_u2');
    expect(r.conflicts).toHaveLength(1);
  });

  it('gives anonymous-only profiles the id of their earliest identifier', () => {
    const nodes: IdentityNode[] = [
      { ...anon('late'), firstSeen: 50 },
      { ...anon('early'), firstSeen: 5 },
    ];
    const r = resolveIdentities(nodes, [edge(anon('late'), email('e'), 60)], scheme);
    expect(of(r, 'anonymous_id', 'late')).toBe('cus_anonymous_id_late');
    expect(of(r, 'anonymous_id', 'early')).toBe('cus_anonymous_id_early');
    expect(of(r, 'email_hash', 'e')).toBe('cus_anonymous_id_late');
  });
});

const kinds: IdentifierKind[] = ['user_id', 'anonymous_id', 'email_hash'];
const identifierFields = {
  kind: fc.constantFrom(...kinds),
  value: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'),
};
const arbIdentifier = fc.record(identifierFields);
const arbEdge = fc.record({
  a: arbIdentifier,
  b: arbIdentifier,
  evidence: fc.constantFrom('alias', 'identify', 'event', 'import') as fc.Arbitrary<IdentityEdge['evidence']>,
  at: fc.integer({ min: 0, max: 20 }),
  messageId: fc.string({ maxLength: 3 }),
});
const arbNode = fc.record({ ...identifierFields, firstSeen: fc.integer({ min: 0, max: 20 }) });
const canonical = (r: ReturnType<typeof resolveIdentities>) => ({
  customerOf: [...r.customerOf].sort(),
  userIdOf: [...r.userIdOf].sort(),
  merges: r.merges.map((m) => JSON.stringify(m)).sort(),
  conflicts: r.conflicts
    .map((c) => JSON.stringify([c.edge.messageId, c.edge.at, [...c.userIds].sort()]))
    .sort(),
});

describe('resolveIdentities properties', () => {
  it('does not depend on the order of nodes or edges', () => {
    fc.assert(
      fc.property(
        fc.array(arbNode, { maxLength: 12 }),
        fc.array(arbEdge, { maxLength: 20 }),
        fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
        (nodes, edges, noise) => {
          const shuffle = <T>(xs: T[]) =>
            xs
              .map((x) => ({ x, k: noise.next().value as number }))
              .sort((p, q) => p.k - q.k)
              .map((p) => p.x);
          const first = resolveIdentities(nodes, edges, scheme);
          const second = resolveIdentities(shuffle(nodes), shuffle(edges), scheme);
          expect(canonical(second)).toEqual(canonical(first));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('orders two aliases naming each other at one moment whatever order they arrive in', () => {
    const alias = (a: string, b: string): IdentityEdge => ({
      a: { kind: 'user_id', value: a },
      b: { kind: 'user_id', value: b },
      evidence: 'alias',
      at: 18,
      messageId: '',
    });
    const edges = [alias('d', 'f'), alias('f', 'd')];
    expect(canonical(resolveIdentities([], [...edges].reverse(), scheme))).toEqual(
      canonical(resolveIdentities([], edges, scheme)),
    );
  });

  it('changes nothing when evidence is replayed', () => {
    fc.assert(
      fc.property(
        fc.array(arbNode, { maxLength: 12 }),
        fc.array(arbEdge, { maxLength: 20 }),
        (nodes, edges) => {
          const once = resolveIdentities(nodes, edges, scheme);
          const twice = resolveIdentities([...nodes, ...nodes], [...edges, ...edges], scheme);
          expect(canonical(twice).customerOf).toEqual(canonical(once).customerOf);
        },
      ),
    );
  });

  it('keeps at most one userId per profile unless an alias joined them', () => {
    fc.assert(
      fc.property(fc.array(arbEdge, { maxLength: 20 }), (edges) => {
        const noAlias = edges.filter((e) => e.evidence !== 'alias');
        const r = resolveIdentities([], noAlias, scheme);
        const users = new Map<string, Set<string>>();
        for (const [key, id] of r.customerOf)
          if (key.startsWith('u:')) users.set(id, (users.get(id) ?? new Set()).add(key));
        for (const set of users.values()) expect(set.size).toBe(1);
      }),
    );
  });
});
