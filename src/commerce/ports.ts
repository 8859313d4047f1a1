export interface ProductRecord {
  /** The shop's SKU or stock code. */
  id: string;
  name: string | null;
  description: string | null;
  category: string | null;
  price: number | null;
  currency: string | null;
  stock: number | null;
  attributes: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export type OrderKind = 'order' | 'cancellation' | 'adjustment';

export interface OrderLineRecord {
  orderId: string;
  lineNo: number;
  productId: string;
  description: string | null;
  quantity: number;
  unitPrice: number;
}

export interface OrderRecord {
  id: string;
  /** Rapport customer id; null for an anonymous order. */
  customerId: string | null;
  kind: OrderKind;
  placedAt: number;
  currency: string | null;
  country: string | null;
  /** Sum of quantity × unit price over the lines, as imported. */
  total: number;
  discount: number;
  channel: string | null;
  source: string;
}

export interface OrderWithLines extends OrderRecord {
  lines: OrderLineRecord[];
}

export interface ReviewRecord {
  id: string;
  customerId: string | null;
  productId: string | null;
  rating: number | null;
  title: string | null;
  body: string;
  createdAt: number;
  source: string;
  /** The text engine's analysis, made at import (text/review-analysis.ts); absent or null: made when read. */
  analysis?: ReviewAnalysis | null;
}

/**
 * A review's text analysis (title and body together): lexicon sentiment (null without text) and each aspect
 * mentioned with its sentiment, tagged with the version of the lexicon and dictionary it was made with.
 */
export interface ReviewAnalysis {
  v: number;
  sentiment: { score: number; negative: boolean } | null;
  aspects: { aspect: string; sentiment: number }[];
}

export interface ConversationMessage {
  seq: number;
  role: 'customer' | 'agent' | 'bot';
  body: string;
  createdAt: number;
}

export interface ConversationRecord {
  id: string;
  customerId: string | null;
  channel: string;
  subject: string | null;
  status: 'open' | 'resolved';
  startedAt: number;
  /** The help desk's own label of the conversation (an agent's ticket type or tag), when it has one. */
  topic?: string | null;
  messages: ConversationMessage[];
  /** The support-intent model's reading of the conversation (read-only: the pipeline writes it). */
  intent?: ConversationIntent | null;
  /** Read-only: the content version `setIntents` checks (changes whenever an import changes the conversation). */
  version?: string;
}

/** A model's reading of a conversation, as the conversation was at `version`. */
export interface IntentUpdate {
  /** The conversation's content version as read (`ConversationSourceRow.version`): a changed one is left alone. */
  version: string;
  /** The model version that read it (e.g. `support_intent v3`); null clears the reading. */
  model: string | null;
  /** Null: read as out of scope (no intent), or cleared. */
  intent: { intent: string; confidence: number } | null;
}

export interface ConversationIntent {
  intent: string;
  confidence: number;
  /** The model version that predicted it, e.g. `support_intent v3`. */
  model: string;
}

export interface KnowledgeDocRecord {
  id: string;
  title: string;
  body: string;
  tags: string[];
  updatedAt: number;
}

export interface UpsertResult {
  inserted: number;
  updated: number;
}

export interface ProductStore {
  /** Insert or update; an unchanged record changes nothing. With `onConflict: 'keep'` existing rows are left alone. */
  upsert(
    products: readonly ProductRecord[],
    options?: { onConflict?: 'update' | 'keep' },
  ): Promise<UpsertResult>;
  get(id: string): Promise<ProductRecord | null>;
  list(query: { limit: number; afterId?: string; category?: string }): Promise<ProductRecord[]>;
  count(): Promise<number>;
}

/** One customer's orders summed up for RFM (docs/rfm.md). */
export interface CustomerOrderSummary {
  /** Rapport customer id. */
  customerId: string;
  /** The shop's customer id (`customers.external_id`), when known. */
  externalId: string | null;
  /** Epoch ms of the customer's last order. */
  lastOrderAt: number;
  /** Distinct orders. */
  frequency: number;
  /** Σ quantity × unit price over the order lines with positive quantity and positive price. */
  monetary: number;
}

export interface OrderSummaries {
  /** Customers with at least one order, by Rapport customer id. */
  customers: CustomerOrderSummary[];
  /** Epoch ms of the last of these orders (the latest `lastOrderAt` above), or null when there is none. */
  lastOrderAt: number | null;
}

export interface OrderStore {
  /** Orders keyed by id, lines by (orderId, lineNo); re-importing the same data changes nothing. */
  upsert(orders: readonly OrderWithLines[]): Promise<UpsertResult>;
  get(id: string): Promise<OrderWithLines | null>;
  listByCustomer(customerId: string, query: { limit: number }): Promise<OrderWithLines[]>;
  count(filter?: { kind?: OrderKind }): Promise<number>;
  countLines(): Promise<number>;
  /**
   * RFM inputs, in one aggregate query. Orders here are `kind = 'order'` with a known customer (cancellations,
   * adjustments and anonymous orders do not count); with `placedBefore`, only those placed before that epoch ms.
   */
  rfmInputs(query?: { placedBefore?: number }): Promise<OrderSummaries>;
}

export interface ReviewStore {
  upsert(reviews: readonly ReviewRecord[]): Promise<UpsertResult>;
  listByProduct(productId: string, query: { limit: number }): Promise<ReviewRecord[]>;
  listByCustomer(customerId: string, query: { limit: number }): Promise<ReviewRecord[]>;
  count(): Promise<number>;
}

export interface ConversationStore {
  upsert(conversations: readonly ConversationRecord[]): Promise<UpsertResult>;
  get(id: string): Promise<ConversationRecord | null>;
  listByCustomer(customerId: string, query: { limit: number }): Promise<ConversationRecord[]>;
  count(): Promise<number>;
  /**
   * Records predicted intents (conversation id → update). Ids that are not stored, and conversations changed since
   * the version the intent was read from, are left alone; returns how many conversations were written.
   */
  setIntents(updates: ReadonlyMap<string, IntentUpdate>): Promise<number>;
}

export interface KnowledgeBaseStore {
  upsert(docs: readonly KnowledgeDocRecord[]): Promise<UpsertResult>;
  get(id: string): Promise<KnowledgeDocRecord | null>;
  list(query: { limit: number; afterId?: string }): Promise<KnowledgeDocRecord[]>;
  count(): Promise<number>;
}
