import { createHash } from 'node:crypto';
import type { OrderWithLines, ProductRecord } from '../../commerce/ports.js';
import type { EventRecord } from '../../ingest/event-types.js';
import type { EventTouch } from '../../ingest/event-touches.js';
import type { ModelVersion } from '../../models/ports.js';
import { AppError, type Clock } from '../../shared/index.js';
import { activityFrom, activityOf, createActivityBuffer, type Activity } from './activity.js';
import { parseRecommenderArtifact } from './artifact.js';
import { coldNeighbours, findColdItems, productText, scoreColdItems, type ColdItems } from './cold-items.js';
import { parseRecommendQuery } from './request.js';
import { applyRules } from './rules.js';
import { createScorer, type HistoryEntry, type RecommenderScorer } from './scorer.js';
import { RECOMMENDER_NAME } from './train-recommender.js';
import type { CatalogueItem, Reason, RecommendRules, ScoredCandidate } from './types.js';

/** What serving reads; a composition root wires it to the stores, the registry and the profiles. */
export interface RecommendationServiceDeps {
  /** The active version of a model name with its artifact; throws `model_not_found` when there is none. */
  activeModel(name: string): Promise<{ model: ModelVersion; artifact: unknown }>;
  /** The id of the active version (cheap: no artifact), or null. */
  activeVersionId(name: string): Promise<string | null>;
  /** Every product, paged by id. */
  products(query: { limit: number; afterId?: string }): Promise<ProductRecord[]>;
  /** A customer by customer id, userId or anonymousId: their id, userId and favourite category, or null. */
  customer(id: string): Promise<CustomerRef | null>;
  /** The userIds and anonymousIds linked to a customer, anonymousIds most recently linked first. */
  identifiers(customerId: string): Promise<{ userIds: string[]; anonymousIds: string[] }>;
  personalizationAllowed(customerId: string): Promise<boolean>;
  /** The ids of the segments a customer is a member of (read only for customers without history). */
  segmentsOf?(customerId: string): Promise<string[]>;
  /**
   * The customer's orders, newest first: those stored under the profile's id and under the ids its userIds were
   * imported with (a merged profile keeps orders under the merged customers' ids).
   */
  orders(
    customer: { customerId: string; userIds: readonly string[] },
    limit: number,
  ): Promise<OrderWithLines[]>;
  /** Track events of one identifier from `since` on, newest first. */
  events(query: {
    userId?: string;
    anonymousId?: string;
    since: number;
    limit: number;
  }): Promise<EventRecord[]>;
  rules: RecommendRules;
  clock: Clock;
}

export interface CustomerRef {
  customerId: string;
  userId: string | null;
  favouriteCategory: string | null;
}

export interface RecommendationServiceOptions {
  /** How long a computed list is served from cache unless the customer's events invalidate it (default 60 s). */
  cacheTtlMs?: number;
  /** Lists kept in cache (default 20,000). */
  cacheEntries?: number;
  /** How often the active version is checked for a change (default 5 s); the catalogue reloads with it or each minute. */
  modelCheckMs?: number;
  catalogueTtlMs?: number;
}

export interface RecommendedItem {
  id: string;
  name: string | null;
  category: string | null;
  price: number | null;
  score: number;
  reason: Reason;
}

export interface HistoryItem {
  id: string;
  name: string | null;
  category: string | null;
  /** Distinct orders that held it. */
  bought: number;
  /** Views and cart additions. */
  looked: number;
  lastAt: string;
}

export type Strategy = 'personalized' | 'new_customer' | 'not_personalized';

export interface Recommendations {
  customerId: string;
  model: { name: string; version: number; type: string };
  /** personalized: from the customer's history; new_customer: no history yet; not_personalized: no consent. */
  strategy: Strategy;
  items: RecommendedItem[];
  /** The history the list was computed from (most recent first, at most 20); empty when not personalized. */
  history: HistoryItem[];
  generatedAt: string;
  cached: boolean;
}

export interface SimilarItems {
  item: { id: string; name: string | null; category: string | null };
  model: { name: string; version: number };
  items: (Omit<RecommendedItem, 'reason' | 'score'> & {
    similarity: number;
    /** co_purchase: bought together; content: described alike (items the model has no purchases of); same_category: filler. */
    basis: 'co_purchase' | 'content' | 'same_category';
  })[];
}

const HISTORY_ORDERS = 200;
/** Product views and cart additions of this many days count as what the customer looks at now. */
const RECENT_DAYS = 30;
const HISTORY_EVENTS = 300;
const ANONYMOUS_IDS = 5;
const SHOWN_HISTORY = 20;
/** Interest of a viewed / carted item the customer never bought, against 1 for a purchase (per event, capped at 1). */
const INTEREST: Record<'carted' | 'viewed', number> = { carted: 0.5, viewed: 0.25 };
/** How long after an event with consent choices its customer's lists are not cached (the choices are being recorded). */
const CONSENT_SETTLE_MS = 10_000;
/** The reason of a candidate the rules did not place: its own comes from the model's explanation. */
const PENDING: Reason = { code: 'popular', text: '' };
/** Items of one category count at least this similar for diversity. */
const SAME_CATEGORY = 0.5;

interface Loaded {
  id: string;
  model: ModelVersion;
  scorer: RecommenderScorer;
  /** The model's items (indexes below `scorer.items.length`), then the products it never saw, by id. */
  catalogue: CatalogueItem[];
  /** Catalogue index by item id. */
  index: Map<string, number>;
  cold: ColdItems;
  /** A digest of the catalogue's ids and texts the cold items were found from. */
  coldKey: string;
  names: Map<string, string | null>;
  /**
   * One candidate per catalogue item, reused by every request and never written: the scores go to the rules by
   * position, and only the candidates picked come back as new objects. 5,000 fresh objects a request were most of
   * what the collector had to chase, and writing 5,000 scores into the shared ones still cost a cache miss each.
   */
  candidates: ScoredCandidate[];
  checkedAt: number;
  catalogueAt: number;
}

type Catalogue = Pick<Loaded, 'catalogue' | 'index' | 'cold' | 'coldKey' | 'names' | 'candidates'>;

/**
 * The serving catalogue: the model's items with their current name, category, price and stock, then the products
 * added since it was trained; the cold items among them (see cold-items.ts) are found again only when products change.
 */
function catalogueOf(
  scorer: RecommenderScorer,
  products: Map<string, ProductRecord>,
  previous: Catalogue | null,
): Catalogue {
  const ids = [...scorer.items];
  const known = new Set(ids);
  for (const id of [...products.keys()].filter((x) => !known.has(x)).sort()) ids.push(id);
  const catalogue = ids.map((id): CatalogueItem => {
    const p = products.get(id);
    return {
      id,
      name: p?.name ?? null,
      category: p?.category ?? null,
      price: p?.price ?? null,
      stock: p?.stock ?? null,
      createdAt: p?.createdAt ?? 0,
    };
  });
  // Cold items are found again only when the catalogue's ids or texts change (not on price or stock updates).
  const texts = ids.map((id) => {
    const p = products.get(id);
    return p ? productText(p) : '';
  });
  const digest = createHash('sha256');
  for (let i = 0; i < ids.length; i++) digest.update(`${ids[i]}\u0000${texts[i]}\u0000`);
  const coldKey = digest.digest('base64');
  const n = scorer.items.length;
  const cold =
    previous !== null && previous.coldKey === coldKey
      ? previous.cold
      : findColdItems(texts, (i) => i < n && scorer.similar(i, 1).length > 0);
  return {
    catalogue,
    index: new Map(ids.map((id, i) => [id, i])),
    cold,
    coldKey,
    names: new Map([...products.values()].map((p) => [p.id, p.name])),
    candidates: catalogue.map((item, index) => ({ index, item, score: 0, reason: PENDING })),
  };
}

/**
 * Recommendation serving: the active `recommendations` version scores the customer's history as it is now (orders,
 * and the views, cart additions and purchases since training, including events not yet indexed: fold-in, no
 * retraining), the shop's rules shape the list, and each item carries its reason. Lists are cached per customer and
 * request, and dropped when the customer's events arrive (`observe`). Customers without `personalization` consent
 * get popular items without their history being read; customers without history get what is popular in their
 * favourite category, or overall.
 *
 * @example
 * const service = createRecommendationService(deps);
 * bus.subscribe('events.accepted', async (chunks) => chunks.forEach((c) => service.observe(chunkTouches(c))));
 * const list = await service.recommend('u_42', { k: '5', exclude: 'purchased' });
 */
export function createRecommendationService(
  deps: RecommendationServiceDeps,
  options: RecommendationServiceOptions = {},
) {
  const ttl = options.cacheTtlMs ?? 60_000;
  const maxEntries = options.cacheEntries ?? 20_000;
  const checkEvery = options.modelCheckMs ?? 5_000;
  const catalogueTtl = options.catalogueTtlMs ?? 60_000;
  const activity = createActivityBuffer();
  /** `hit` is what every hit returns: one frozen object, so the route can serialize it once. */
  const cache = new Map<
    string,
    { at: number; generation: number; customerId: string; hit: Readonly<Recommendations> }
  >();
  /** Identifiers whose events carried consent choices, until when: their lists are not cached meanwhile. */
  const consentPending = new Map<string, number>();
  const keysOf = new Map<string, Set<string>>();
  const customerOfIdentifier = new Map<string, string>();
  /** Per customer: events observed, so a list computed while one arrived is not cached. */
  const touched = new Map<string, number>();
  /** Bumped by every reload of the model: a list computed across one is not cached, and older lists are not served. */
  let generation = 0;
  let loaded: Loaded | null = null;
  let loading: Promise<Loaded> | null = null;
  const stats = { hits: 0, misses: 0, invalidated: 0 };

  /** Maps identifiers to their customer, so their events drop the customer's lists. */
  function remember(identifiers: readonly string[], customerId: string) {
    // Past this many identifiers the map starts over; the cache goes with it, so no list outlives its invalidation.
    if (customerOfIdentifier.size > 200_000) {
      customerOfIdentifier.clear();
      touched.clear();
      clearCache();
    }
    for (const id of identifiers) customerOfIdentifier.set(id, customerId);
  }

  function forget(customerId: string) {
    const keys = keysOf.get(customerId);
    if (!keys) return;
    for (const key of keys) if (cache.delete(key)) stats.invalidated++;
    keysOf.delete(customerId);
  }

  function clearCache() {
    cache.clear();
    keysOf.clear();
    generation++;
  }

  function drop(key: string) {
    const entry = cache.get(key);
    if (!entry) return;
    cache.delete(key);
    const keys = keysOf.get(entry.customerId);
    keys?.delete(key);
    if (keys?.size === 0) keysOf.delete(entry.customerId);
  }

  async function readProducts(): Promise<Map<string, ProductRecord>> {
    const out = new Map<string, ProductRecord>();
    let afterId: string | undefined;
    for (;;) {
      const page = await deps.products({ limit: 1000, ...(afterId === undefined ? {} : { afterId }) });
      for (const p of page) out.set(p.id, p);
      if (page.length < 1000) return out;
      afterId = page[page.length - 1]?.id;
    }
  }

  async function load(): Promise<Loaded> {
    let active;
    try {
      active = await deps.activeModel(RECOMMENDER_NAME);
    } catch (error) {
      if (error instanceof AppError && error.code === 'model_not_found')
        throw new AppError('recommender_not_trained');
      throw error;
    }
    const scorer = createScorer(parseRecommenderArtifact(active.artifact));
    const products = await readProducts();
    const now = deps.clock.now();
    clearCache();
    return {
      id: active.model.id,
      model: active.model,
      scorer,
      ...catalogueOf(scorer, products, null),
      checkedAt: now,
      catalogueAt: now,
    };
  }

  /** The active version, reloaded when another went live; the catalogue (stock, prices) refreshed each minute. */
  async function current(): Promise<Loaded> {
    const now = deps.clock.now();
    if (loaded && now - loaded.checkedAt < checkEvery) return loaded;
    if (loading) return loading;
    loading = (async () => {
      try {
        if (loaded) {
          const id = await deps.activeVersionId(RECOMMENDER_NAME);
          if (id === loaded.id) {
            loaded.checkedAt = now;
            // Prices and stock refresh in place; lists cached before keep theirs until their TTL.
            if (now - loaded.catalogueAt >= catalogueTtl) {
              // A new object: requests under way keep the catalogue they started with.
              const products = await readProducts();
              loaded = { ...loaded, ...catalogueOf(loaded.scorer, products, loaded), catalogueAt: now };
            }
            return loaded;
          }
        }
        loaded = await load();
        return loaded;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  const modelOf = (l: Loaded) => ({ name: l.model.name, version: l.model.version, type: l.model.modelType });

  /** The customer's history: orders, then the product events since training (store and bus, deduplicated). */
  async function historyOf(l: Loaded, customer: CustomerRef, requestedId: string) {
    const customerId = customer.customerId;
    const ids = await deps.identifiers(customerId);
    // A profile's own userId, and the anonymousId it was asked by, may have no identity row (never linked).
    if (customer.userId !== null && !ids.userIds.includes(customer.userId)) ids.userIds.push(customer.userId);
    const anonymous = ids.anonymousIds.slice(0, ANONYMOUS_IDS);
    if (requestedId !== customerId && !ids.userIds.includes(requestedId) && !anonymous.includes(requestedId))
      anonymous.push(requestedId);
    remember([...ids.userIds, ...anonymous], customerId);
    // Views and cart additions of the last RECENT_DAYS count even from before the version's training end (it trained
    // on orders only); purchases before it are the orders it saw.
    const trainedTo = l.model.dataWindow.to;
    const since = Math.min(trainedTo, deps.clock.now() - RECENT_DAYS * 86_400_000);
    const [orders, ...eventLists] = await Promise.all([
      deps.orders({ customerId, userIds: ids.userIds }, HISTORY_ORDERS),
      ...ids.userIds.map((userId) => deps.events({ userId, since, limit: HISTORY_EVENTS })),
      ...anonymous.map((anonymousId) => deps.events({ anonymousId, since, limit: HISTORY_EVENTS })),
    ]);
    const seen = new Set<string>();
    const activities: Activity[] = [];
    const take = (a: Activity | null) => {
      if (!a || seen.has(a.messageId) || (a.kind === 'bought' && a.at <= trainedTo)) return;
      seen.add(a.messageId);
      activities.push(a);
    };
    for (const list of eventLists) for (const e of list) take(activityOf(e));
    for (const a of activity.of([...ids.userIds, ...anonymous], deps.clock.now())) take(a);

    const per = new Map<string, { orders: Set<string>; interest: number; looked: number; lastAt: number }>();
    const entry = (id: string) => {
      let e = per.get(id);
      if (!e) per.set(id, (e = { orders: new Set(), interest: 0, looked: 0, lastAt: -Infinity }));
      return e;
    };
    for (const o of orders) {
      if (o.kind !== 'order') continue;
      for (const line of o.lines) {
        if (!(line.quantity > 0)) continue;
        const e = entry(line.productId);
        e.orders.add(o.id);
        e.lastAt = Math.max(e.lastAt, o.placedAt);
      }
    }
    for (const a of activities)
      for (const id of a.itemIds) {
        const e = entry(id);
        if (a.kind === 'bought') e.orders.add(a.orderId ?? a.messageId);
        else {
          e.looked++;
          e.interest += INTEREST[a.kind];
        }
        e.lastAt = Math.max(e.lastAt, a.at);
      }
    const history: HistoryEntry[] = [];
    const purchased = new Set<string>();
    for (const [id, e] of per) {
      if (e.orders.size > 0) purchased.add(id);
      const index = l.scorer.indexOf(id);
      if (index === undefined) continue;
      history.push({
        index,
        bought: e.orders.size,
        interest: e.orders.size > 0 ? 1 : Math.min(1, e.interest),
      });
    }
    const shown: HistoryItem[] = [...per.entries()]
      .sort((a, b) => b[1].lastAt - a[1].lastAt || (a[0] < b[0] ? -1 : 1))
      .slice(0, SHOWN_HISTORY)
      .map(([id, e]) => {
        const i = l.index.get(id);
        const item = i === undefined ? null : l.catalogue[i];
        return {
          id,
          name: item?.name ?? l.names.get(id) ?? null,
          category: item?.category ?? null,
          bought: e.orders.size,
          looked: e.looked,
          lastAt: new Date(e.lastAt).toISOString(),
        };
      });
    return { history, purchased, shown };
  }

  const nameOf = (l: Loaded, index: number) => l.catalogue[index]?.name ?? l.catalogue[index]?.id ?? '';

  async function compute(
    l: Loaded,
    customer: CustomerRef,
    requestedId: string,
    query: Record<string, unknown>,
    allowed: boolean,
  ): Promise<Recommendations> {
    const request = parseRecommendQuery(query, deps.rules);
    const { scorer, catalogue, cold } = l;
    const n = scorer.items.length;
    const popularReason: Reason = { code: 'popular', text: 'Popular with our customers' };
    let strategy: Strategy;
    let scores: Float32Array;
    let explain: ((i: number) => Reason) | null = null;
    /** The model's scores over the whole catalogue: products it never saw start at 0, then cold items are scored. */
    let lender: Int32Array = new Int32Array(0);
    const withColdItems = (modelScores: Float32Array) => {
      const out = new Float32Array(catalogue.length);
      out.set(modelScores.subarray(0, Math.min(n, out.length)));
      lender = scoreColdItems(cold, out);
      return out;
    };
    let purchased: ReadonlySet<string> = new Set();
    let shown: HistoryItem[] = [];
    const favourite = allowed ? customer.favouriteCategory : null;
    if (!allowed) {
      strategy = 'not_personalized';
      scores = withColdItems(scorer.popularity);
    } else {
      const h = await historyOf(l, customer, requestedId);
      purchased = h.purchased;
      shown = h.shown;
      if (h.history.length === 0) {
        strategy = 'new_customer';
        // Popular in the customer's segment: of the kept segments they are in, the most specific (fewest buyers;
        // every kept one has enough, and its popularity is smoothed toward the shop's). Segment names are the shop's
        // own words, not shown to customers.
        const memberOf =
          scorer.segments.size > 0 && deps.segmentsOf ? await deps.segmentsOf(customer.customerId) : [];
        const segment = memberOf
          .map((id) => scorer.segments.get(id))
          .filter((g) => g !== undefined)
          .sort((a, b) => a.buyers - b.buyers)[0];
        scores = withColdItems(segment?.popularity ?? scorer.popularity);
        if (segment) {
          const inSegment: Reason = {
            code: 'popular_in_your_segment',
            text: 'Popular with customers like you',
          };
          explain = () => inSegment;
        }
        if (favourite !== null) {
          scores = scores.map((s, i) => (catalogue[i]?.category === favourite ? 0.5 + s / 2 : s / 2));
          const inFavourite: Reason = {
            code: 'popular_in_your_favourite_category',
            text: `Popular in your favourite category, ${favourite}`,
          };
          const otherwise = explain ?? (() => popularReason);
          explain = (i) => (catalogue[i]?.category === favourite ? inFavourite : otherwise(i));
        }
      } else {
        strategy = 'personalized';
        const scored = scorer.score(h.history, { discovery: request.excludePurchased });
        scores = withColdItems(scored.scores);
        const boughtIndex = new Set(h.history.filter((e) => e.bought > 0).map((e) => e.index));
        explain = (i) => {
          if (i >= n) return popularReason;
          const x = scored.explain(i);
          switch (x.kind) {
            case 'buy_again':
              return { code: 'buy_again', text: 'You bought this before' };
            case 'item': {
              const from = catalogue[x.from]?.id ?? '';
              return boughtIndex.has(x.from)
                ? {
                    code: 'because_you_bought',
                    text: `Because you bought ${nameOf(l, x.from)}`,
                    itemId: from,
                  }
                : {
                    code: 'because_you_viewed',
                    text: `Because you looked at ${nameOf(l, x.from)}`,
                    itemId: from,
                  };
            }
            case 'latent':
              return { code: 'popular_with_customers_like_you', text: 'Popular with customers like you' };
            case 'popular':
              return popularReason;
          }
        };
      }
    }
    const resembles = (i: number): Reason | null => {
      const from = lender[i] ?? -1;
      if (from < 0) return null;
      const isNew = (catalogue[i]?.createdAt ?? 0) > l.model.dataWindow.to;
      return {
        code: 'resembles',
        text: `${isNew ? 'New, and like' : 'Like'} ${nameOf(l, from)}`,
        itemId: catalogue[from]?.id ?? '',
      };
    };
    // The shared candidates keep score 0 and reason PENDING: the scores go in by position.
    const picked = applyRules(
      l.candidates,
      request,
      deps.rules,
      {
        now: deps.clock.now(),
        purchased,
        favouriteCategory: favourite,
        similarity: (a, b) =>
          Math.max(
            a < n && b < n ? scorer.similarity(a, b) : 0,
            catalogue[a]?.category !== null && catalogue[a]?.category === catalogue[b]?.category
              ? SAME_CATEGORY
              : 0,
          ),
      },
      scores,
    );
    return {
      customerId: customer.customerId,
      model: modelOf(l),
      strategy,
      items: picked.map((c) => ({
        id: c.item.id,
        name: c.item.name,
        category: c.item.category,
        price: c.item.price,
        score: Number(c.score.toFixed(6)),
        reason:
          c.reason === PENDING
            ? (resembles(c.index) ?? (explain ? explain(c.index) : popularReason))
            : c.reason,
      })),
      history: shown,
      generatedAt: new Date(deps.clock.now()).toISOString(),
      cached: false,
    };
  }

  return {
    /**
     * A customer's list. Throws `profile_not_found` for an unknown customer, `invalid_query` for a bad parameter,
     * `recommender_not_trained` before the pipeline trained a recommender. Every hit on a cached list returns the
     * same frozen object (`cached: true`).
     */
    async recommend(id: string, query: Record<string, unknown>): Promise<Readonly<Recommendations>> {
      const l = await current();
      parseRecommendQuery(query, deps.rules);
      // Keyed by the id asked with (an anonymousId not linked yet adds its own history) and the parameters. A hit
      // reads nothing: the customer's events, consent changes (API or events) and a new model version drop lists.
      const params = JSON.stringify(Object.entries(query).sort(([a], [b]) => (a < b ? -1 : 1)));
      const key = `${id}\u0000${params}`;
      const now = deps.clock.now();
      const hit = cache.get(key);
      if (hit && now - hit.at < ttl && hit.generation === generation) {
        stats.hits++;
        return hit.hit;
      }
      if (hit) drop(key);
      const customer = await deps.customer(id);
      if (!customer)
        throw new AppError('profile_not_found', `No customer ${id.slice(0, 100)}.`, { id: id.slice(0, 100) });
      const allowed = await deps.personalizationAllowed(customer.customerId);
      remember([id, ...(customer.userId === null ? [] : [customer.userId])], customer.customerId);
      stats.misses++;
      const epoch = touched.get(customer.customerId) ?? 0;
      const born = generation;
      const value = await compute(l, customer, id, query, allowed);
      const settling = [id, customer.userId].some(
        (x) => x !== null && (consentPending.get(x) ?? 0) > deps.clock.now(),
      );
      if (ttl > 0 && !settling && generation === born && (touched.get(customer.customerId) ?? 0) === epoch) {
        const frozen = Object.freeze({ ...value, cached: true });
        cache.set(key, { at: now, generation: born, customerId: customer.customerId, hit: frozen });
        if (cache.size > maxEntries) drop(cache.keys().next().value as string);
        const keys = keysOf.get(customer.customerId) ?? new Set<string>();
        keys.add(key);
        keysOf.set(customer.customerId, keys);
      }
      return value;
    },

    /**
     * Items bought together with `id`; for a product the model has no purchases of, the known items described like it;
     * same-category best sellers when these are too few.
     */
    async similar(id: string, query: Record<string, unknown>): Promise<SimilarItems> {
      const l = await current();
      const k = parseSimilarK(query);
      const index = l.index.get(id);
      if (index === undefined)
        throw new AppError('item_not_found', `No product ${id.slice(0, 100)} in the catalogue.`, {
          id: id.slice(0, 100),
        });
      const n = l.scorer.items.length;
      const item = l.catalogue[index] as CatalogueItem;
      const present = (i: number) => {
        const c = l.catalogue[i] as CatalogueItem;
        return { id: c.id, name: c.name, category: c.category, price: c.price };
      };
      const banned = new Set(deps.rules.banned);
      const taken = new Set([index]);
      const items: SimilarItems['items'] = [];
      const add = (list: { index: number; similarity: number }[], basis: 'co_purchase' | 'content') => {
        for (const s of list) {
          if (items.length >= k) return;
          const c = l.catalogue[s.index] as CatalogueItem;
          if (banned.has(c.id) || taken.has(s.index)) continue;
          taken.add(s.index);
          items.push({ ...present(s.index), similarity: Number(s.similarity.toFixed(6)), basis });
        }
      };
      if (index < n) add(l.scorer.similar(index, k + banned.size), 'co_purchase');
      add(coldNeighbours(l.cold, index), 'content');
      if (items.length < k && item.category !== null) {
        const popularity = (i: number) => (i < n ? (l.scorer.popularity[i] as number) : 0);
        const fill = l.catalogue
          .map((c, i) => ({ c, i }))
          .filter(({ c, i }) => c.category === item.category && !taken.has(i) && !banned.has(c.id))
          .sort((a, b) => popularity(b.i) - popularity(a.i) || a.i - b.i)
          .slice(0, k - items.length);
        for (const { i } of fill) items.push({ ...present(i), similarity: 0, basis: 'same_category' });
      }
      return {
        item: { id: item.id, name: item.name, category: item.category },
        model: { name: l.model.name, version: l.model.version },
        items,
      };
    },

    /** Feeds accepted events: product activity is kept for fold-in, and the lists of the customers they touch dropped. */
    observe(touches: readonly EventTouch[]): void {
      const now = deps.clock.now();
      for (const t of touches) {
        const a = activityFrom(t.products);
        for (const id of [t.userId, t.anonymousId]) {
          if (id === null) continue;
          if (a) activity.add(id, a, now);
          // Consent in an event is recorded by the profile updater a moment later: lists wait for it.
          if (t.consent) {
            if (consentPending.size > 100_000)
              for (const [k, until] of consentPending) if (until <= now) consentPending.delete(k);
            consentPending.set(id, now + CONSENT_SETTLE_MS);
          }
          const customerId = customerOfIdentifier.get(id);
          if (customerId === undefined) continue;
          forget(customerId);
          touched.set(customerId, (touched.get(customerId) ?? 0) + 1);
        }
      }
    },

    /** Drops a customer's cached lists (e.g. their consent changed). */
    forgetCustomer(customerId: string): void {
      forget(customerId);
      touched.set(customerId, (touched.get(customerId) ?? 0) + 1);
    },

    /** Cache hits, lists computed and dropped since start; lists cached and identifiers with recent activity now. */
    stats: () => ({ ...stats, cached: cache.size, recentIdentifiers: activity.size }),
  };
}

export type RecommendationService = ReturnType<typeof createRecommendationService>;

function parseSimilarK(query: Record<string, unknown>): number {
  for (const key of Object.keys(query))
    if (key !== 'k')
      throw new AppError('invalid_query', `Unknown query parameter ${key.slice(0, 50)}; only k is allowed.`, {
        parameter: key.slice(0, 50),
      });
  if (query.k === undefined) return 10;
  const text = query.k;
  if (typeof text !== 'string' || !/^[0-9]{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 100)
    throw new AppError(
      'invalid_query',
      `k must be a whole number from 1 to 100, not ${JSON.stringify(String(text)).slice(0, 60)}.`,
      {
        parameter: 'k',
      },
    );
  return Number(text);
}
