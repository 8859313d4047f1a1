/**
 * The shop's rules applied to a customer's scored candidates: hard filters (banned, excluded, purchased, out of
 * stock, category, price band), the freshness boost, top-k ranking with optional diversity (maximal marginal
 * relevance), and pinned items at their positions. Pure: the inputs are never mutated.
 *
 * @example
 * const list = applyRules(candidates, parseRecommendQuery(query, rules), rules, {
 *   now: clock.now(),
 *   purchased: new Set(history.bought),
 *   favouriteCategory: profile.traits.favourite_category ?? null,
 *   similarity: (a, b) => model.similarity(a, b),
 * });
 * // at most request.k candidates, best first, pinned items at their places with reason code 'pinned'
 */
import type {
  CatalogueItem,
  Reason,
  RecommendRequest,
  RecommendRules,
  RuleContext,
  ScoredCandidate,
} from './types.js';

const DAY_MS = 86_400_000;
const PINNED: Reason = { code: 'pinned', text: 'Featured by the shop' };

/** The candidates the rules keep, in final order: at most `request.k` of them. */
export function applyRules(
  candidates: readonly ScoredCandidate[],
  request: RecommendRequest,
  rules: RecommendRules,
  ctx: RuleContext,
): ScoredCandidate[] {
  const k = Math.floor(request.k);
  if (!(k >= 1)) return [];
  const passes = hardFilter(request, rules, ctx);
  const boostOf = freshness(rules, ctx);

  // Effective scores by position; -Infinity marks a candidate the filters (or a non-finite score) leave out.
  const n = candidates.length;
  const scores = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const c = candidates[p]!;
    scores[p] = Number.isFinite(c.score) && passes(c.item) ? c.score + boostOf(c.item) : -Infinity;
  }

  // Step d's pins are chosen first and kept out of the ranking, so the ranked items fill the places around them.
  const claims = pinClaims(candidates, scores, rules, request.slot);
  if (claims.size > 0) {
    const pinnedIds = new Set<string>();
    for (const p of claims.values()) pinnedIds.add(candidates[p]!.item.id);
    for (let p = 0; p < n; p++) if (pinnedIds.has(candidates[p]!.item.id)) scores[p] = -Infinity;
  }

  const d = Math.min(1, request.diversity);
  const ranked =
    d > 0
      ? diversify(best(scores, candidates, Math.max(5 * k, k + 50)), scores, candidates, k, d, ctx.similarity)
      : best(scores, candidates, k);

  const present = (p: number): ScoredCandidate => {
    const c = candidates[p]!;
    const add = boostOf(c.item);
    if (!(add > 0)) return c;
    const favourite = ctx.favouriteCategory !== null && c.item.category === ctx.favouriteCategory;
    return {
      ...c,
      score: c.score + add,
      reason: favourite
        ? {
            code: 'new_in_your_favourite_category',
            text: `New in your favourite category, ${ctx.favouriteCategory}`,
          }
        : c.reason,
    };
  };
  const pinned = (p: number): ScoredCandidate => {
    const c = candidates[p]!;
    return { ...c, score: c.score + boostOf(c.item), reason: { ...PINNED } };
  };

  if (claims.size === 0) return Array.from(ranked, present);
  const out: ScoredCandidate[] = [];
  let r = 0;
  for (let position = 1; out.length < k; position++) {
    const pin = claims.get(position);
    if (pin !== undefined) {
      out.push(pinned(pin));
      claims.delete(position);
    } else if (r < ranked.length) {
      out.push(present(ranked[r++]!));
    } else break;
  }
  // Pins whose position lies beyond the list (too few other items) go at its end, in position order.
  const rest = [...claims].sort((a, b) => a[0] - b[0]);
  for (const [, pin] of rest) {
    if (out.length >= k) break;
    out.push(pinned(pin));
  }
  return out;
}

/** Step a: the hard filters on an item (a candidate's score is checked apart). */
function hardFilter(
  request: RecommendRequest,
  rules: RecommendRules,
  ctx: RuleContext,
): (item: CatalogueItem) => boolean {
  const banned = new Set(rules.banned);
  const excluded = new Set(request.excludeItems);
  const categories = request.categories === null ? null : new Set(request.categories);
  const band = request.minPrice !== null || request.maxPrice !== null;
  const lo = request.minPrice ?? -Infinity;
  const hi = request.maxPrice ?? Infinity;
  const { excludeOutOfStock } = request;
  // Empty sets are skipped rather than asked: this runs once per catalogue item per request.
  const anyBanned = banned.size > 0;
  const anyExcluded = excluded.size > 0;
  const excludePurchased = request.excludePurchased && ctx.purchased.size > 0;
  return (item) =>
    !(anyBanned && banned.has(item.id)) &&
    !(anyExcluded && excluded.has(item.id)) &&
    !(excludePurchased && ctx.purchased.has(item.id)) &&
    !(excludeOutOfStock && item.stock !== null && item.stock <= 0) &&
    (categories === null || (item.category !== null && categories.has(item.category))) &&
    // Written so that a NaN price fails the band too.
    (!band || (item.price !== null && item.price >= lo && item.price <= hi));
}

/** Step b: the freshness boost of an item, falling linearly from `boost` at age 0 to 0 at `days`. */
function freshness(rules: RecommendRules, ctx: RuleContext): (item: CatalogueItem) => number {
  const { boost } = rules.freshness;
  const window = rules.freshness.days * DAY_MS;
  return (item) => {
    const age = ctx.now - item.createdAt;
    // Also false for a NaN createdAt or a zero boost.
    return boost > 0 && age >= 0 && age < window ? boost * (1 - age / window) : 0;
  };
}

/**
 * Step c: the positions of the `m` best eligible candidates, best first, equal scores by ascending model index.
 * O(n log m): a min-heap of the best seen so far whose root is the worst of them.
 */
function best(scores: Float64Array, candidates: readonly ScoredCandidate[], m: number): Int32Array {
  const worse = (a: number, b: number): boolean => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa !== sb) return sa < sb;
    const ia = candidates[a]!.index;
    const ib = candidates[b]!.index;
    return ia !== ib ? ia > ib : a > b;
  };
  const heap = new Int32Array(Math.min(m, scores.length));
  let size = 0;
  for (let p = 0; p < scores.length; p++) {
    if (!(scores[p]! > -Infinity)) continue;
    if (size < heap.length) {
      // Sift up.
      let pos = size++;
      while (pos > 0) {
        const parent = (pos - 1) >> 1;
        if (!worse(p, heap[parent]!)) break;
        heap[pos] = heap[parent]!;
        pos = parent;
      }
      heap[pos] = p;
    } else if (size > 0 && worse(heap[0]!, p)) {
      siftDown(heap, size, p, worse);
    }
  }
  // Pop the worst first, filling from the back: the heap becomes the list, best first.
  for (let end = size - 1; end > 0; end--) {
    const worst = heap[0]!;
    siftDown(heap, end, heap[end]!, worse);
    heap[end] = worst;
  }
  return heap.subarray(0, size);
}

/** Puts `p` at the root of a heap of `size` and sinks it. */
function siftDown(heap: Int32Array, size: number, p: number, worse: (a: number, b: number) => boolean): void {
  let pos = 0;
  for (;;) {
    let child = 2 * pos + 1;
    if (child >= size) break;
    if (child + 1 < size && worse(heap[child + 1]!, heap[child]!)) child++;
    if (!worse(heap[child]!, p)) break;
    heap[pos] = heap[child]!;
    pos = child;
  }
  heap[pos] = p;
}

/**
 * Step c with diversity: greedy maximal marginal relevance over a pool sorted best first. Each pick maximises
 * (1 − d)·score − d·(its highest similarity to an item already picked); ties go to the earlier pool entry.
 */
function diversify(
  pool: Int32Array,
  scores: Float64Array,
  candidates: readonly ScoredCandidate[],
  k: number,
  d: number,
  similarity: RuleContext['similarity'],
): Int32Array {
  const m = pool.length;
  const out = new Int32Array(Math.min(k, m));
  const taken = new Uint8Array(m);
  const maxSim = new Float64Array(m);
  for (let t = 0; t < out.length; t++) {
    let pick = -1;
    let pickValue = -Infinity;
    for (let j = 0; j < m; j++) {
      if (taken[j] === 1) continue;
      const value = (1 - d) * scores[pool[j]!]! - d * maxSim[j]!;
      if (pick === -1 || value > pickValue) {
        pick = j;
        pickValue = value;
      }
    }
    taken[pick] = 1;
    out[t] = pool[pick]!;
    if (t === out.length - 1) break;
    const picked = candidates[pool[pick]!]!.index;
    for (let j = 0; j < m; j++) {
      if (taken[j] === 1) continue;
      const s = similarity(candidates[pool[j]!]!.index, picked);
      if (s > maxSim[j]!) maxSim[j] = s; // a NaN similarity counts as none
    }
  }
  return out;
}

/**
 * Step d: position → candidate position of each pin that applies to the slot, names a candidate that passes the
 * filters and is the first entry for its item. Entries claim positions in file order; a taken position passes the
 * later entry to the next free one.
 */
function pinClaims(
  candidates: readonly ScoredCandidate[],
  scores: Float64Array,
  rules: RecommendRules,
  slot: string | null,
): Map<number, number> {
  const claims = new Map<number, number>();
  const wanted = new Map<string, number>(); // item id → its first applicable entry's position
  for (const pin of rules.pinned) {
    if ((pin.slot === null || pin.slot === slot) && !wanted.has(pin.itemId))
      wanted.set(pin.itemId, pin.position);
  }
  if (wanted.size === 0) return claims;
  const found = new Map<string, number>(); // item id → the first eligible candidate's position
  for (let p = 0; p < candidates.length; p++) {
    const id = candidates[p]!.item.id;
    if (scores[p]! > -Infinity && wanted.has(id) && !found.has(id)) found.set(id, p);
  }
  for (const [id, position] of wanted) {
    const p = found.get(id);
    if (p === undefined) continue;
    let at = position;
    while (claims.has(at)) at++;
    claims.set(at, p);
  }
  return claims;
}
