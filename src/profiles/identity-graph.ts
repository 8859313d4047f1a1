/**
 * Identity resolution: which identifiers (user ids, anonymous ids, email hashes) belong to one customer.
 *
 * The result is a pure function of the *set* of evidence: edges are applied in the order of their own time
 * (then messageId, then the identifiers), never in arrival order, so late or replayed events cannot change it.
 * Rules, as Segment's: a profile holds at most one userId unless an explicit `alias` merges two; evidence that
 * would join two profiles with different userIds otherwise is refused and reported as a conflict.
 */
export type IdentifierKind = 'user_id' | 'anonymous_id' | 'email_hash';

export interface IdentityNode {
  kind: IdentifierKind;
  value: string;
  /** Earliest time (epoch ms) the identifier was seen; decides which profile id survives a merge. */
  firstSeen: number;
}

export type EdgeEvidence = 'alias' | 'identify' | 'event' | 'import';

export interface IdentityEdge {
  a: { kind: IdentifierKind; value: string };
  b: { kind: IdentifierKind; value: string };
  evidence: EdgeEvidence;
  /** Time of the evidence (the event's timestamp). */
  at: number;
  messageId: string;
}

export interface ProfileMerge {
  kept: string;
  merged: string;
  reason: EdgeEvidence;
  at: number;
  messageId: string;
}

export interface IdentityConflict {
  edge: IdentityEdge;
  /** The userIds of the two profiles the refused edge would have joined. */
  userIds: [string, string];
}

export interface IdentityResolution {
  /** Identifier key (see `identifierKey`) → customer id, for every node. */
  customerOf: Map<string, string>;
  /** Customer id → its userId, when it has one (the primary one after an alias merge). */
  userIdOf: Map<string, string>;
  merges: ProfileMerge[];
  conflicts: IdentityConflict[];
}

export interface CustomerIdScheme {
  /** The customer id of a profile that has a userId (the importer's id, so orders line up). */
  forUserId(userId: string): string;
  /** The customer id of a profile known only by anonymous ids or emails. */
  forAnonymous(kind: IdentifierKind, value: string): string;
}

const kindTag: Record<IdentifierKind, string> = { user_id: 'u', anonymous_id: 'a', email_hash: 'e' };
const kindRank: Record<IdentifierKind, number> = { user_id: 0, anonymous_id: 1, email_hash: 2 };

/** A compact map key for an identifier. */
export function identifierKey(kind: IdentifierKind, value: string): string {
  return `${kindTag[kind]}:${value}`;
}

function compareNodes(x: IdentityNode, y: IdentityNode): number {
  if (x.firstSeen !== y.firstSeen) return x.firstSeen - y.firstSeen;
  if (x.kind !== y.kind) return kindRank[x.kind] - kindRank[y.kind];
  return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
}

function compareEdges(x: IdentityEdge, y: IdentityEdge): number {
  if (x.at !== y.at) return x.at - y.at;
  if (x.messageId !== y.messageId) return x.messageId < y.messageId ? -1 : 1;
  const kx = edgeKey(x);
  const ky = edgeKey(y);
  if (kx !== ky) return kx < ky ? -1 : 1;
  if (x.evidence !== y.evidence) return evidenceRank[x.evidence] - evidenceRank[y.evidence];
  // The same pair both ways at one moment (aliases naming each other): direction decides an alias's target, so it
  // is ordered too, or the input order would.
  const ax = identifierKey(x.a.kind, x.a.value);
  const ay = identifierKey(y.a.kind, y.a.value);
  return ax < ay ? -1 : ax > ay ? 1 : 0;
}

/** The last tie-break between two pieces of evidence for one pair at one moment: the strongest first. */
const evidenceRank: Record<EdgeEvidence, number> = { alias: 0, identify: 1, event: 2, import: 3 };

/** The key of the unordered pair of an edge's identifiers. */
export function edgeKey(edge: IdentityEdge): string {
  const a = identifierKey(edge.a.kind, edge.a.value);
  const b = identifierKey(edge.b.kind, edge.b.value);
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

interface Component {
  /** The node whose id the profile carries: its earliest userId, else its earliest identifier. */
  lead: IdentityNode;
  /** Earliest userId node, if any. */
  primaryUser: IdentityNode | null;
  userIds: Set<string>;
  /** Whether it holds a userId or anonymousId, i.e. a profile of its own (an email alone is only an identifier). */
  profiled: boolean;
}

/**
 * Resolves identities from nodes and edges. Edges between nodes not listed are ignored after adding their
 * endpoints as nodes seen at the edge's time.
 *
 * @example
 * const r = resolveIdentities(nodes, edges, scheme);
 * r.customerOf.get(identifierKey('anonymous_id', 'a-1')); // 'cus_…' of the user it was identified as
 */
export function resolveIdentities(
  nodes: Iterable<IdentityNode>,
  edges: Iterable<IdentityEdge>,
  scheme: CustomerIdScheme,
): IdentityResolution {
  const nodeByKey = new Map<string, IdentityNode>();
  const addNode = (node: IdentityNode) => {
    const key = identifierKey(node.kind, node.value);
    const known = nodeByKey.get(key);
    if (!known) nodeByKey.set(key, { ...node });
    else if (node.firstSeen < known.firstSeen) known.firstSeen = node.firstSeen;
  };
  for (const node of nodes) addNode(node);
  const sorted = [...edges];
  for (const edge of sorted) {
    addNode({ ...edge.a, firstSeen: edge.at });
    addNode({ ...edge.b, firstSeen: edge.at });
  }
  sorted.sort(compareEdges);

  const parent = new Map<string, string>();
  const component = new Map<string, Component>();
  for (const [key, node] of nodeByKey) {
    parent.set(key, key);
    component.set(key, {
      lead: node,
      primaryUser: node.kind === 'user_id' ? node : null,
      userIds: node.kind === 'user_id' ? new Set([node.value]) : new Set(),
      profiled: node.kind !== 'email_hash',
    });
  }
  const find = (key: string): string => {
    let root = key;
    for (let up = parent.get(root) as string; up !== root; up = parent.get(root) as string) root = up;
    for (let at = key; at !== root;) {
      const next = parent.get(at) as string;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const idOf = (c: Component): string =>
    c.primaryUser ? scheme.forUserId(c.primaryUser.value) : scheme.forAnonymous(c.lead.kind, c.lead.value);

  const merges: ProfileMerge[] = [];
  const conflicts: IdentityConflict[] = [];
  for (const edge of sorted) {
    const ra = find(identifierKey(edge.a.kind, edge.a.value));
    const rb = find(identifierKey(edge.b.kind, edge.b.value));
    if (ra === rb) continue;
    const ca = component.get(ra) as Component;
    const cb = component.get(rb) as Component;
    if (edge.evidence !== 'alias' && ca.primaryUser && cb.primaryUser) {
      // Two known customers: only an explicit alias may merge them.
      conflicts.push({ edge, userIds: [ca.primaryUser.value, cb.primaryUser.value] });
      continue;
    }
    // An alias of two known customers keeps its userId (Segment: previousId is merged into userId).
    const aliasTarget =
      edge.evidence === 'alias' && ca.primaryUser && cb.primaryUser && edge.a.kind === 'user_id'
        ? (nodeByKey.get(identifierKey(edge.a.kind, edge.a.value)) as IdentityNode)
        : null;
    const [keep, lose] = aliasTarget ? [ra, rb] : keeps(ca, cb) ? [ra, rb] : [rb, ra];
    const kept = component.get(keep) as Component;
    const lost = component.get(lose) as Component;
    const keptId = idOf(kept);
    const lostId = idOf(lost);
    const bothProfiles = kept.profiled && lost.profiled;
    parent.set(lose, keep);
    kept.profiled ||= lost.profiled;
    for (const u of lost.userIds) kept.userIds.add(u);
    if (aliasTarget) kept.primaryUser = aliasTarget;
    else if (lost.primaryUser && (!kept.primaryUser || compareNodes(lost.primaryUser, kept.primaryUser) < 0))
      kept.primaryUser = lost.primaryUser;
    if (compareNodes(lost.lead, kept.lead) < 0) kept.lead = lost.lead;
    component.delete(lose);
    const newId = idOf(kept);
    const mergedId = newId === keptId ? lostId : keptId;
    if (bothProfiles && mergedId !== newId)
      merges.push({
        kept: newId,
        merged: mergedId,
        reason: edge.evidence,
        at: edge.at,
        messageId: edge.messageId,
      });
  }

  const customerOf = new Map<string, string>();
  const userIdOf = new Map<string, string>();
  const idByRoot = new Map<string, string>();
  for (const key of nodeByKey.keys()) {
    const root = find(key);
    let id = idByRoot.get(root);
    if (id === undefined) {
      const c = component.get(root) as Component;
      id = idOf(c);
      idByRoot.set(root, id);
      if (c.primaryUser) userIdOf.set(id, c.primaryUser.value);
    }
    customerOf.set(key, id);
  }
  return { customerOf, userIdOf, merges, conflicts };
}

/**
 * Whether `a` survives a merge with `b` (other than an alias of two customers): a profile with a userId beats one
 * without, then the earliest.
 */
function keeps(a: Component, b: Component): boolean {
  if (a.primaryUser && b.primaryUser) return compareNodes(a.primaryUser, b.primaryUser) <= 0;
  if (a.primaryUser || b.primaryUser) return a.primaryUser !== null;
  return compareNodes(a.lead, b.lead) <= 0;
}
