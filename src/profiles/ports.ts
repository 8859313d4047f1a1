/** How a customer is known: Segment ids, a keyed hash of the email, or an id in an external system. */
export type IdentityKind = 'user_id' | 'anonymous_id' | 'email_hash' | 'external_id';

export interface CustomerRecord {
  id: string;
  /** The shop's own customer id (Segment `userId`), when known. */
  externalId: string | null;
  /** Traits without PII. */
  traits: Record<string, unknown>;
  /** Sealed JSON of the PII traits. */
  pii: string | null;
  emailHash: string | null;
  /**
   * Write-only: a keyed hash of the PII plaintext. Sealed PII differs at every encryption, so this is how an upsert
   * notices that a phone number or name changed without decrypting. Not returned by reads.
   */
  piiDigest?: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface IdentityLink {
  customerId: string;
  kind: IdentityKind;
  value: string;
  createdAt: number;
}

export interface CustomerStore {
  /** Inserts new customers and updates changed ones; a record identical to the stored one changes nothing. */
  upsert(customers: readonly CustomerRecord[]): Promise<{ inserted: number; updated: number }>;
  get(id: string): Promise<CustomerRecord | null>;
  findByIdentity(kind: IdentityKind, value: string): Promise<CustomerRecord | null>;
  /** Links identities to customers; an identity already linked keeps its first customer. */
  link(links: readonly IdentityLink[]): Promise<{ inserted: number }>;
  identitiesOf(customerId: string): Promise<IdentityLink[]>;
  list(query: { limit: number; afterId?: string }): Promise<CustomerRecord[]>;
  count(): Promise<number>;
}
