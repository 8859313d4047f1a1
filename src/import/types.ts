import type {
  KnowledgeBaseStore,
  ConversationStore,
  OrderStore,
  ProductStore,
  ReviewStore,
} from '../commerce/ports.js';
import type { EventStore, Ingestor } from '../ingest/index.js';
import type { FieldCipher } from '../privacy/index.js';
import type { CustomerStore } from '../profiles/ports.js';
import type { Clock } from '../shared/index.js';

export const importTypes = [
  'events',
  'customers',
  'products',
  'orders',
  'reviews',
  'kb',
  'conversations',
] as const;
export type ImportType = (typeof importTypes)[number];

export const importFormats = ['csv', 'tsv', 'jsonl'] as const;
export type ImportFormat = (typeof importFormats)[number];

export interface ImportOptions {
  file: string;
  /** What the rows are; may be left out when a preset names it. */
  type?: ImportType;
  /** Inferred from the extension (also under `.gz`) when left out. */
  format?: ImportFormat;
  /** Source column → canonical field; applied on top of the preset's map. */
  map?: Readonly<Record<string, string>>;
  preset?: string;
  /** CSV field delimiter: `,` for csv and `\t` for tsv by default. */
  delimiter?: string;
  /** Where rejected rows go; default `<basename of file>.rejects.jsonl` in `rejectsDir`. */
  rejectsFile?: string;
  /** Directory of the default rejects file; the input file's directory when left out. */
  rejectsDir?: string;
  /** Rows per write; 1,000 by default. */
  batchSize?: number;
  /** Recorded on orders, reviews and events; `import` by default. */
  source?: string;
}

export interface ImportProgress {
  /** Bytes of the file as stored (compressed for .gz) read so far. */
  bytesRead: number;
  totalBytes: number;
  rows: number;
  accepted: number;
  rejected: number;
}

export interface ImportReport {
  file: string;
  type: ImportType;
  format: ImportFormat;
  preset: string | null;
  /** Data rows read (CSV records after the header, non-blank JSONL lines). */
  rows: number;
  /** rows − rejected. */
  accepted: number;
  rejected: number;
  /** Reject count per stable reason code (`missing_field`, `invalid_number`, …). */
  rejectsByReason: Record<string, number>;
  /** The rejects file, or null when no row was rejected (the file is then not created). */
  rejectsFile: string | null;
  /** Records of the imported type (orders for `orders`, events for `events`) new to the store. */
  inserted: number;
  /** Records that existed and changed. */
  updated: number;
  /** Records written again with identical content (nothing changed). */
  unchanged: number;
  seconds: number;
  /** Per-type counts, e.g. orders, cancellations, anonymousOrders, lines, customersCreated, productsCreated. */
  details: Record<string, number>;
}

/** The stores an import writes to: any `Stores` from `openStores` fits. */
export interface ImportStores {
  readonly events: EventStore;
  readonly customers: CustomerStore;
  readonly products: ProductStore;
  readonly orders: OrderStore;
  readonly reviews: ReviewStore;
  readonly conversations: ConversationStore;
  readonly knowledgeBase: KnowledgeBaseStore;
}

export interface ImportDeps {
  stores: ImportStores;
  ingestor: Ingestor;
  cipher: FieldCipher;
  clock: Clock;
}
