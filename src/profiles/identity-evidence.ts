import {
  edgeKey,
  identifierKey,
  type EdgeEvidence,
  type IdentifierKind,
  type IdentityEdge,
  type IdentityNode,
} from './identity-graph.js';
import type { CustomerSourceRow, IdentityEvidenceRow, StoredIdentityEdge } from './ports.js';

/** An identity edge as the profile store keeps it. */
export function toStoredEdge(e: IdentityEdge): StoredIdentityEdge {
  return {
    aKind: e.a.kind,
    aValue: e.a.value,
    bKind: e.b.kind,
    bValue: e.b.value,
    evidence: e.evidence,
    firstAt: e.at,
    messageId: e.messageId,
  };
}

/**
 * Collects identity evidence from events and imported customers into nodes and edges, keeping one edge per pair
 * of identifiers: the earliest (then smallest messageId), so the set does not depend on delivery order.
 */
export interface EvidenceCollector {
  addEvent(row: IdentityEvidenceRow): void;
  addCustomer(row: CustomerSourceRow): void;
  /** Ends collection: alias targets are typed now that every known userId has been seen. */
  finish(): { nodes: IdentityNode[]; edges: IdentityEdge[] };
}

function compareEvidence(x: IdentityEdge, y: IdentityEdge): number {
  const ax = x.evidence === 'alias' ? 0 : 1;
  const ay = y.evidence === 'alias' ? 0 : 1;
  if (ax !== ay) return ax - ay;
  if (x.at !== y.at) return x.at - y.at;
  return x.messageId < y.messageId ? -1 : x.messageId > y.messageId ? 1 : 0;
}

/**
 * What an alias's `previousId` is. Segment allows an anonymousId or a userId there; the call itself tells which
 * (a client aliasing its own anonymous id sends it as both `anonymousId` and `previousId`). Deciding from the event
 * alone keeps resolution independent of what other events have arrived yet.
 */
export function aliasTargetKind(row: {
  anonymousId: string | null;
  previousId: string | null;
}): IdentifierKind {
  return row.previousId !== null && row.previousId === row.anonymousId ? 'anonymous_id' : 'user_id';
}

export function createEvidenceCollector(): EvidenceCollector {
  const nodes = new Map<string, IdentityNode>();
  const edges = new Map<string, IdentityEdge>();
  const aliases: IdentityEvidenceRow[] = [];

  const node = (kind: IdentifierKind, value: string, at: number) => {
    const key = identifierKey(kind, value);
    const known = nodes.get(key);
    if (!known) nodes.set(key, { kind, value, firstSeen: at });
    else if (at < known.firstSeen) known.firstSeen = at;
  };
  const edge = (
    a: { kind: IdentifierKind; value: string },
    b: { kind: IdentifierKind; value: string },
    evidence: EdgeEvidence,
    at: number,
    messageId: string,
  ) => {
    if (a.kind === b.kind && a.value === b.value) return;
    const candidate: IdentityEdge = { a, b, evidence, at, messageId };
    const key = edgeKey(candidate);
    const known = edges.get(key);
    // One edge per pair: an alias first (only an alias may merge two userIds), then the earliest.
    const better = !known || compareEvidence(candidate, known) < 0;
    if (better) edges.set(key, candidate);
  };

  return {
    addEvent(row) {
      const user = row.userId;
      const anon = row.anonymousId;
      if (user !== null) node('user_id', user, row.timestamp);
      if (anon !== null) node('anonymous_id', anon, row.timestamp);
      const evidence: EdgeEvidence = row.type === 'identify' ? 'identify' : 'event';
      if (user !== null && anon !== null)
        edge(
          { kind: 'user_id', value: user },
          { kind: 'anonymous_id', value: anon },
          evidence,
          row.timestamp,
          row.messageId,
        );
      if (row.emailHash !== null) {
        node('email_hash', row.emailHash, row.timestamp);
        const owner =
          user !== null
            ? { kind: 'user_id' as const, value: user }
            : anon !== null
              ? { kind: 'anonymous_id' as const, value: anon }
              : null;
        if (owner)
          edge(owner, { kind: 'email_hash', value: row.emailHash }, evidence, row.timestamp, row.messageId);
      }
      if (row.type === 'alias' && row.previousId !== null && user !== null) aliases.push(row);
    },
    addCustomer(row) {
      if (row.externalId === null) return;
      node('user_id', row.externalId, row.createdAt);
      if (row.emailHash !== null) {
        node('email_hash', row.emailHash, row.createdAt);
        edge(
          { kind: 'user_id', value: row.externalId },
          { kind: 'email_hash', value: row.emailHash },
          'import',
          row.createdAt,
          `import:${row.id}`,
        );
      }
    },
    finish() {
      for (const row of aliases) {
        const previous = row.previousId as string;
        const kind = aliasTargetKind(row);
        node(kind, previous, row.timestamp);
        edge(
          { kind: 'user_id', value: row.userId as string },
          { kind, value: previous },
          'alias',
          row.timestamp,
          row.messageId,
        );
      }
      return { nodes: [...nodes.values()], edges: [...edges.values()] };
    },
  };
}
