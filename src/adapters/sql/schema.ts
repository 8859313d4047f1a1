import type { Generated } from 'kysely';

/** Row types of the SQL schema shared by the SQLite and PostgreSQL adapters. Times are epoch ms. */
export interface EventsTable {
  seq: Generated<number>;
  id: string;
  message_id: string;
  type: string;
  event: string | null;
  name: string | null;
  user_id: string | null;
  anonymous_id: string | null;
  group_id: string | null;
  previous_id: string | null;
  timestamp: number;
  original_timestamp: number | null;
  sent_at: number | null;
  received_at: number;
  properties: string;
  traits: string;
  context: string;
  integrations: string;
  pii: string | null;
  email_hash: string | null;
  source: string;
}

export interface DeadLettersTable {
  seq: Generated<number>;
  id: string;
  received_at: number;
  source: string;
  code: string;
  message: string;
  details: string;
  payload: string;
}

export interface CustomersTable {
  id: string;
  external_id: string | null;
  traits: string;
  pii: string | null;
  email_hash: string | null;
  created_at: number;
  updated_at: number;
  row_hash: string;
}

export interface IdentitiesTable {
  kind: string;
  value: string;
  customer_id: string;
  created_at: number;
}

export interface ProductsTable {
  id: string;
  name: string | null;
  description: string | null;
  category: string | null;
  price: number | null;
  currency: string | null;
  stock: number | null;
  attributes: string;
  created_at: number;
  updated_at: number;
  row_hash: string;
}

export interface OrdersTable {
  id: string;
  customer_id: string | null;
  kind: string;
  placed_at: number;
  currency: string | null;
  country: string | null;
  total: number;
  discount: number;
  channel: string | null;
  source: string;
  row_hash: string;
}

export interface OrderLinesTable {
  order_id: string;
  line_no: number;
  product_id: string;
  description: string | null;
  quantity: number;
  unit_price: number;
}

export interface ReviewsTable {
  id: string;
  customer_id: string | null;
  product_id: string | null;
  rating: number | null;
  title: string | null;
  body: string;
  created_at: number;
  source: string;
  row_hash: string;
  /** JSON `ReviewAnalysis` made at import; not part of the content hash (it follows from the text). */
  analysis: string | null;
}

export interface ConversationsTable {
  id: string;
  customer_id: string | null;
  channel: string;
  subject: string | null;
  status: string;
  started_at: number;
  row_hash: string;
  /** The help desk's label (imported). */
  topic: string | null;
  /** Predicted by the support-intent model; cleared when the conversation changes. */
  intent: string | null;
  intent_confidence: number | null;
  intent_model: string | null;
}

export interface ConversationMessagesTable {
  conversation_id: string;
  seq: number;
  role: string;
  body: string;
  created_at: number;
}

export interface KbDocumentsTable {
  id: string;
  title: string;
  body: string;
  tags: string;
  updated_at: number;
  row_hash: string;
}

export interface ApiKeysTable {
  id: string;
  name: string | null;
  scope: string;
  hash: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
}

export interface AccessTokensTable {
  hash: string;
  kind: string;
  scope: string;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

export interface Database {
  events: EventsTable;
  dead_letters: DeadLettersTable;
  customers: CustomersTable;
  identities: IdentitiesTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_lines: OrderLinesTable;
  reviews: ReviewsTable;
  conversations: ConversationsTable;
  conversation_messages: ConversationMessagesTable;
  kb_documents: KbDocumentsTable;
  api_keys: ApiKeysTable;
  access_tokens: AccessTokensTable;
  event_index_checkpoints: EventIndexCheckpointsTable;
  identity_edges: IdentityEdgesTable;
  profiles: ProfilesTable;
  profile_merges: ProfileMergesTable;
  consents: ConsentsTable;
  consent_history: ConsentHistoryTable;
  segments: SegmentsTable;
  segment_members: SegmentMembersTable;
  segment_sizes: SegmentSizesTable;
  ingest_counters: IngestCountersTable;
  models: ModelsTable;
  model_events: ModelEventsTable;
  model_scores: ModelScoresTable;
}

export interface ModelScoresTable {
  model_id: string;
  customer_id: string;
  value: number;
  /** JSON: ScoreDetail. */
  detail: string;
}

export interface IdentityEdgesTable {
  a_kind: string;
  a_value: string;
  b_kind: string;
  b_value: string;
  evidence: string;
  first_at: number;
  message_id: string;
}

export interface ProfilesTable {
  customer_id: string;
  user_id: string | null;
  traits: string;
  pii: string | null;
  email_hash: string | null;
  first_seen_at: number | null;
  last_seen_at: number | null;
  event_count: number;
  computed: string;
  features: string;
  rfm_recency: number | null;
  rfm_frequency: number | null;
  rfm_monetary: number | null;
  rfm_r: number | null;
  rfm_f: number | null;
  rfm_m: number | null;
  rfm_segment: string | null;
  /** The builder's accumulator state (JSON), so incremental updates continue where the build left off. */
  state: string;
  built_at: number;
  updated_at: number;
}

export interface ProfileMergesTable {
  seq: Generated<number>;
  kept_customer_id: string;
  merged_customer_id: string;
  reason: string;
  evidence_at: number;
  message_id: string;
  recorded_at: number;
}

export interface ConsentsTable {
  customer_id: string;
  purpose: string;
  granted: number;
  source: string;
  at: number;
}

export interface ConsentHistoryTable {
  seq: Generated<number>;
  customer_id: string;
  purpose: string;
  granted: number;
  source: string;
  at: number;
  recorded_at: number;
}

export interface SegmentsTable {
  id: string;
  name: string;
  description: string | null;
  kind: string;
  /** The rule (JSON) for rule segments; the definition for RFM and cluster segments. */
  rule: string;
  member_count: number;
  refreshed_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface SegmentMembersTable {
  segment_id: string;
  customer_id: string;
  since: number;
}

export interface SegmentSizesTable {
  segment_id: string;
  at: number;
  size: number;
}

export interface EventIndexCheckpointsTable {
  journal_id: string;
  seq: number;
  updated_at: number;
}

/** Durable ingest tallies that no row records, e.g. retried events dropped by messageId deduplication. */
export interface IngestCountersTable {
  name: string;
  value: number;
}

/** One version of a named model: metadata columns, JSON as text, the fitted artifact as JSON text. */
export interface ModelsTable {
  id: string;
  name: string;
  version: number;
  status: string;
  status_reason: string;
  model_type: string;
  window_from: number;
  window_to: number;
  window_as_of: number;
  features: string;
  preprocessing: string;
  seed: string;
  params: string;
  metrics: string;
  primary_metric: string;
  higher_is_better: number;
  training_seconds: number;
  code_version: string;
  artifact: string;
  artifact_bytes: number;
  created_at: number;
  updated_at: number;
  /** JSON: the held-out evaluation (reports, importance); null when the version has none (migration 0007). */
  evaluation: string | null;
}

/** The promotion history: one row per status decision (`from_status` null when the version was registered). */
export interface ModelEventsTable {
  seq: Generated<number>;
  model_id: string;
  name: string;
  version: number;
  from_status: string | null;
  to_status: string;
  reason: string;
  actor: string;
  at: number;
}

export type SqlDialectName = 'sqlite' | 'postgres';
