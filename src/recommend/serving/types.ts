/**
 * The shapes of recommendation serving: what a request asks for, the shop's rules, the catalogue as rules see it,
 * and a scored candidate with its reason.
 */

/** Why an item is on a list. `text` is for people; `code` is stable. */
export type ReasonCode =
  /** An item-to-item model: similar to something the customer bought (`itemId`). */
  | 'because_you_bought'
  /** An item-to-item model: similar to something the customer viewed or put in a cart (`itemId`). */
  | 'because_you_viewed'
  /** The customer bought it before (re-buy). */
  | 'buy_again'
  /** A latent-factor model: customers with a history like this one's buy it. */
  | 'popular_with_customers_like_you'
  /** Popular in the customer's favourite category (customers without history, or without consent to personalize). */
  | 'popular_in_your_favourite_category'
  /** Popular in a segment the customer is a member of (customers without history). */
  | 'popular_in_your_segment'
  /** Popular with all customers. */
  | 'popular'
  /** Recently added to the catalogue, in the customer's favourite category (freshness boost). */
  | 'new_in_your_favourite_category'
  /**
   * An item the model has no purchases of (new, or never bought with anything), described like an item that scores
   * for the customer (`itemId`); see cold-items.ts.
   */
  | 'resembles'
  /** Placed by the shop's rules (`pinned`). */
  | 'pinned';

export interface Reason {
  code: ReasonCode;
  text: string;
  /** The history item behind the reason (`because_you_*`). */
  itemId?: string;
}

/** A catalogue item as serving sees it. */
export interface CatalogueItem {
  id: string;
  name: string | null;
  category: string | null;
  price: number | null;
  /** Units in stock; null when unknown (never treated as out of stock). */
  stock: number | null;
  /** When the item entered the catalogue (epoch ms): the freshness boost counts from it. */
  createdAt: number;
}

/** A request after parsing and the slot's defaults. */
export interface RecommendRequest {
  /** How many items, 1..100. */
  k: number;
  /** Only items in one of these categories (exact match); null: any. */
  categories: string[] | null;
  /** Price band, inclusive; null: open. Items without a price are left out when a band is given. */
  minPrice: number | null;
  maxPrice: number | null;
  excludePurchased: boolean;
  /** Leave out items whose stock is known and ≤ 0. */
  excludeOutOfStock: boolean;
  /** Item ids never to return. */
  excludeItems: string[];
  /** Maximal marginal relevance trade-off: 0 = by relevance only, 1 = by novelty against the items already picked. */
  diversity: number;
  /** The named placement (e.g. `email`, `homepage`) whose defaults and pinned items apply; null: none. */
  slot: string | null;
}

/** The request fields a slot may set (its defaults; the query string overrides them). */
export type SlotDefaults = Partial<Omit<RecommendRequest, 'slot'>>;

/** The shop's rules, from the rules file (`RAPPORT_RECOMMEND_RULES_FILE`). */
export interface RecommendRules {
  /** Items placed at a 1-based position, on every list or on one slot's lists. */
  pinned: { itemId: string; slot: string | null; position: number }[];
  /** Items never recommended. */
  banned: string[];
  /**
   * Items that entered the catalogue within `days` get up to `boost` added to their normalised [0, 1] score,
   * falling linearly to 0 at `days`. `boost` 0 turns it off.
   */
  freshness: { days: number; boost: number };
  /** The default diversity (see `RecommendRequest.diversity`). */
  diversity: number;
  /** Named placements and their defaults. */
  slots: Record<string, SlotDefaults>;
}

/** One catalogue item scored for a customer: `score` normalised to [0, 1] over the catalogue before the rules. */
export interface ScoredCandidate {
  /** The item's index in the model's catalogue. */
  index: number;
  item: CatalogueItem;
  score: number;
  reason: Reason;
}

/** What the rules need to know of the customer and the model. */
export interface RuleContext {
  now: number;
  /** Item ids the customer bought. */
  purchased: ReadonlySet<string>;
  /** The customer's favourite category, if known (freshness reasons). */
  favouriteCategory: string | null;
  /** Similarity of two items (model catalogue indexes), in [0, 1]: what diversity penalises. */
  similarity(a: number, b: number): number;
}
