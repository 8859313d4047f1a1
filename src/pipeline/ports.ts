/** One stored table summed up: its rows and a digest of every row's id and content hash, in id order. */
export interface TableFingerprint {
  rows: number;
  /** 16 hex digits of SHA-256. */
  digest: string;
}

/**
 * What the pipeline reads, summed up cheaply: equal fingerprints mean the same data. Events are append-only
 * (deduplicated by messageId, never updated), so their count and last sequence number say whether any arrived;
 * imported tables may change in place, so each is digested from the content hashes kept with its rows.
 */
export interface DataFingerprint {
  events: { rows: number; lastSeq: number | null; lastAt: number | null };
  customers: TableFingerprint;
  products: TableFingerprint;
  /** An order's content hash covers its lines. */
  orders: TableFingerprint;
  reviews: TableFingerprint;
  /** A conversation's content hash covers its messages and topic, not the intent the pipeline writes on it. */
  conversations: TableFingerprint;
  /** One digest of all of the above (16 hex digits). */
  digest: string;
}

export interface DataFingerprintReads {
  /** The fingerprint of what is stored now; read after `events.settle()` on stores that index behind a journal. */
  read(): Promise<DataFingerprint>;
}
