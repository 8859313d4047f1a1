/** What `generateShop` is asked for. Same options, byte-identical shop. */
export interface DemoOptions {
  customers: number;
  days: number;
  seed: number;
  /** Epoch ms of the last instant of the window: nothing generated is later. */
  endDate: number;
  /** Catalog size; 300 when omitted. */
  products?: number;
}

/** A JSON value, the only kind of thing that goes into event properties and traits. */
export type DemoJson = string | number | boolean | null | DemoJson[] | { [key: string]: DemoJson };
export type DemoJsonObject = { [key: string]: DemoJson };

export type DemoPlan = 'plus' | 'vip';
export type DemoPlatform = 'web' | 'app';
export type DemoDeviceType = 'desktop' | 'mobile' | 'tablet';

/** Flat rows in the bulk importer's canonical field names. */
export interface DemoProductRow {
  id: string;
  name: string;
  /** Missing for a few products (planted dirt). */
  description: string | null;
  category: string;
  /** Extra column: the importer keeps unknown columns as attributes. */
  subcategory: string;
  price: number;
  currency: 'EUR';
  /** 0 means out of stock. */
  stock: number;
  brand: string;
  created_at: string;
}

export interface DemoCustomerRow {
  user_id: string;
  /** Sometimes malformed or in mixed case with stray whitespace (planted dirt). */
  email: string;
  /** Missing (null or '') or malformed for some customers. */
  phone: string | null;
  first_name: string;
  last_name: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  city: string | null;
  /** YYYY-MM-DD. */
  birthday: string;
  created_at: string;
  plan?: DemoPlan;
}

/**
 * One row per order line, Online-Retail style: order-level fields (user, time, country, kind, discount, channel)
 * are repeated on every line. A cancellation is its own document `C<order_id>` with negative quantities.
 */
export interface DemoOrderLineRow {
  order_id: string;
  user_id: string;
  placed_at: string;
  product_id: string;
  /** The product name at the time of the order. */
  description: string;
  quantity: number;
  unit_price: number;
  currency: 'EUR';
  country: string;
  kind: 'order' | 'cancellation';
  /** Order-level discount in EUR; the order total is Σ quantity × unit_price − discount. */
  discount: number;
  channel: DemoPlatform;
}

export interface DemoReviewRow {
  id: string;
  user_id: string;
  product_id: string;
  rating: number;
  title: string;
  body: string;
  created_at: string;
}

export interface DemoConversationMessage {
  seq: number;
  role: 'customer' | 'agent' | 'bot';
  body: string;
  created_at: string;
}

export interface DemoConversation {
  id: string;
  user_id: string;
  channel: 'chat' | 'email';
  subject: string;
  status: 'open' | 'resolved';
  started_at: string;
  /** The agent's tag (the true intent) on conversations an agent handled. */
  topic?: string;
  messages: DemoConversationMessage[];
}

export interface DemoKbRow {
  id: string;
  title: string;
  body: string;
  /** Pipe-separated. */
  tags: string;
  updated_at: string;
}

export type SegmentMessageType = 'track' | 'identify' | 'page' | 'screen' | 'alias';

export interface SegmentContext {
  ip?: string;
  userAgent?: string;
  device?: { type: DemoDeviceType };
  page?: { url: string; referrer: string };
  campaign?: { source: string; medium: string; name: string };
  locale: string;
}

/** A raw Segment HTTP API message, as a client library would send it. */
export interface SegmentMessage {
  type: SegmentMessageType;
  messageId: string;
  userId?: string;
  anonymousId?: string;
  event?: string;
  name?: string;
  properties?: DemoJsonObject;
  traits?: DemoJsonObject;
  previousId?: string;
  context: SegmentContext;
  timestamp: string;
}

/** One delivery to the batch endpoint, in the order the server receives them. */
export interface DemoEventBatch {
  sentAt: string;
  batch: SegmentMessage[];
}

export interface DemoCustomerTruth {
  affinities: Record<string, number>;
  /** 0 (indifferent to price) … 1 (buys the cheapest thing that will do). */
  priceSensitivity: number;
  /** Expected sessions per day on an ordinary day. */
  activityRate: number;
  /** Daily probability of leaving for good. */
  churnHazard: number;
  churnDate: string | null;
  churned: boolean;
  /** The taste segment the campaign-effect table is keyed by. */
  segment: string;
  /** Every anonymousId this customer's devices used. */
  anonymousIds: string[];
  /** The customer's email as it really is, before any planted dirt. */
  email: string;
}

/** The true effect of one discount email on one taste segment; for evaluating experiments later. */
export interface DemoCampaignEffect {
  segment: string;
  topCategory: string;
  priceBand: 'bargain' | 'premium';
  customers: number;
  /** Probability of an order within 14 days without the email. */
  baselineRate: number;
  /** Added probability of an order within 14 days when the email is sent (may be negative). */
  uplift: number;
}

export interface DemoLineRef {
  order_id: string;
  product_id: string;
}

export interface DemoPlanted {
  duplicateMessageIds: string[];
  malformedEmails: string[];
  /** user_ids whose email is valid once trimmed and lower-cased. */
  messyEmailUserIds: string[];
  malformedPhones: string[];
  missingPhoneUserIds: string[];
  missingCityUserIds: string[];
  productsWithoutDescription: string[];
  quantityOutliers: DemoLineRef[];
  priceOutliers: DemoLineRef[];
  lateMessageIds: string[];
  /** Index into `events` and the offset added to that batch's sentAt and timestamps. */
  skewedBatches: { index: number; offsetMs: number }[];
  counts: Record<string, number>;
}

export interface DemoReviewTruth {
  experience: 'late_delivery' | 'wrong_size' | 'damaged' | 'poor_quality' | 'great_quality' | 'as_expected';
  /** Sentiment of each aspect the text talks about. */
  aspects: Record<string, 'positive' | 'negative' | 'neutral'>;
}

export interface DemoTruth {
  seed: number;
  generatedWith: { generator: string; version: number; options: Required<DemoOptions> };
  customers: Record<string, DemoCustomerTruth>;
  /** anonymousId → user_id, or null for visitors who never became customers. */
  identities: Record<string, string | null>;
  products: Record<string, { quality: number; popularity: number }>;
  reviews: Record<string, DemoReviewTruth>;
  /** conversation id → intent. */
  conversations: Record<string, string>;
  campaignEffects: { definition: string; horizonDays: number; segments: DemoCampaignEffect[] };
  planted: DemoPlanted;
  /** When the server receives each batch (parallel to `events`): drive a fixed clock with it to replay history. */
  receivedAt: string[];
}

export interface DemoShop {
  products: DemoProductRow[];
  customers: DemoCustomerRow[];
  orderLines: DemoOrderLineRow[];
  reviews: DemoReviewRow[];
  conversations: DemoConversation[];
  kb: DemoKbRow[];
  events: DemoEventBatch[];
  truth: DemoTruth;
  summary: Record<string, number>;
}
