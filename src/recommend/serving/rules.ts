/**
 * The shop's rules applied to a customer's scored candidates: hard filters (banned, excluded, purchased, out of
 * stock, category, price band), the freshness boost, top-k ranking with optional diversity (maximal marginal
 * relevance), and pinned items at their positions. Pure: the inputs are never mutated. What it reads of the
 * candidates' items is kept per candidate array (see `columnsOf`), so a caller must not change an array's items once
 * it has been ranked; the serving catalogue builds a new array when products change.
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

/**
 * What the rules read of every candidate on every request, as columns: a serving catalogue reuses one candidate
 * array for all requests, and walking 5,000 item objects for their dates and stock was most of the rules' time.
 * Kept per candidate array (the items of a candidate array are never changed once it is ranked).
 */
interface CandidateColumns {
  /** Item id → the positions holding it. */
  positions: Map<string, number[]>;
  createdAt: Float64Array;
  /** 1 where the stock is known and not above 0. */
  outOfStock: Uint8Array;
  index: Int32Array;
}

const columnsOf = (() => {
  const cache = new WeakMap<readonly ScoredCandidate[], CandidateColumns>();
  return (candidates: readonly ScoredCandidate[]): CandidateColumns => {
    let columns = cache.get(candidates);
    if (columns && columns.index.length === candidates.length) return columns;
    const n = candidates.length;
    columns = {
      positions: new Map(),
      createdAt: new Float64Array(n),
      outOfStock: new Uint8Array(n),
      index: new Int32Array(n),
    };
    for (let p = 0; p < n; p++) {
      const { item, index } = candidates[p]!;
      const at = columns.positions.get(item.id);
      if (at) at.push(p);
      else columns.positions.set(item.id, [p]);
      columns.createdAt[p] = item.createdAt;
      columns.outOfStock[p] = item.stock !== null && item.stock <= 0 ? 1 : 0;
      columns.index[p] = index;
    }
    cache.set(candidates, columns);
    return columns;
  };
})();

/**
 * The candidates the rules keep, in final order: at most `request.k` of them. `scores`, when given, holds the
 * candidates' scores by position (`candidate.score` is then not read, and every returned candidate is a fresh object
 * carrying its score), so that a caller reusing one candidate array need not write 5,000 scores into it per request.
 */
export function applyRules(
  candidates: readonly ScoredCandidate[],
  request: RecommendRequest,
  rules: RecommendRules,
  ctx: RuleContext,
  given?: ArrayLike<number>,
): ScoredCandidate[] {
  const k = Math.floor(request.k);
  if (!(k >= 1)) return [];
  const columns = columnsOf(candidates);
  const blocked = blockedPositions(request, rules, ctx, columns);
  const passes = itemFilter(request);
  const stockOut = request.excludeOutOfStock ? columns.outOfStock : null;
  const boostOf = freshness(rules, ctx);
  const { createdAt } = columns;
  const scoreOf = (p: number): number => (given ? (given[p] as number) : candidates[p]!.score);

  // Effective scores by position; -Infinity marks a candidate the filters (or a non-finite score) leave out.
  const n = candidates.length;
  const scores = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    const s = scoreOf(p);
    if (
      !Number.isFinite(s) ||
      (blocked !== null && blocked[p] === 1) ||
      (stockOut !== null && stockOut[p] === 1) ||
      (passes !== null && !passes(candidates[p]!.item))
    ) {
      scores[p] = -Infinity;
      continue;
    }
    scores[p] = s + boostOf(createdAt[p] as number);
  }

  // Step d's pins are chosen first and kept out of the ranking, so the ranked items fill the places around them.
  const claims = pinClaims(columns, scores, rules, request.slot);
  for (const pin of claims.values())
    for (const p of columns.positions.get(candidates[pin]!.item.id) ?? []) scores[p] = -Infinity;

  const d = Math.min(1, request.diversity);
  const ranked =
    d > 0
      ? diversify(
          best(scores, columns.index, Math.max(5 * k, k + 50)),
          scores,
          columns.index,
          k,
          d,
          ctx.similarity,
        )
      : best(scores, columns.index, k);

  const present = (p: number): ScoredCandidate => {
    const c = candidates[p]!;
    const add = boostOf(c.item.createdAt);
    if (!(add > 0)) return given ? { ...c, score: scoreOf(p) } : c;
    const favourite = ctx.favouriteCategory !== null && c.item.category === ctx.favouriteCategory;
    return {
      ...c,
      score: scoreOf(p) + add,
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
    return { ...c, score: scoreOf(p) + boostOf(c.item.createdAt), reason: { ...PINNED } };
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

/**
 * Step a, the hard filters by item id (banned, excluded, purchased): the positions they leave out, marked from the
 * ids' own positions rather than asked once per catalogue item; null when none applies.
 */
function blockedPositions(
  request: RecommendRequest,
  rules: RecommendRules,
  ctx: RuleContext,
  columns: CandidateColumns,
): Uint8Array | null {
  const lists: Iterable<string>[] = [rules.banned, request.excludeItems];
  if (request.excludePurchased) lists.push(ctx.purchased);
  let blocked: Uint8Array | null = null;
  for (const ids of lists)
    for (const id of ids) {
      const at = columns.positions.get(id);
      if (!at) continue;
      blocked ??= new Uint8Array(columns.index.length);
      for (const p of at) blocked[p] = 1;
    }
  return blocked;
}

/**
 * Step a, the hard filters on an item's category and price (out of stock is read from the columns); null when the
 * request asks for neither.
 */
function itemFilter(request: RecommendRequest): ((item: CatalogueItem) => boolean) | null {
  const categories = request.categories === null ? null : new Set(request.categories);
  const band = request.minPrice !== null || request.maxPrice !== null;
  if (categories === null && !band) return null;
  const lo = request.minPrice ?? -Infinity;
  const hi = request.maxPrice ?? Infinity;
  return (item) =>
    (categories === null || (item.category !== null && categories.has(item.category))) &&
    // Written so that a NaN price fails the band too.
    (!band || (item.price !== null && item.price >= lo && item.price <= hi));
}

/** Step b: the freshness boost of an item created at `createdAt`, falling linearly from `boost` at age 0 to 0 at `days`. */
function freshness(rules: RecommendRules, ctx: RuleContext): (createdAt: number) => number {
  const { boost } = rules.freshness;
  const window = rules.freshness.days * DAY_MS;
  return (createdAt) => {
    const age = ctx.now - createdAt;
    // Also false for a NaN createdAt or a zero boost.
    return boost > 0 && age >= 0 && age < window ? boost * (1 - age / window) : 0;
  };
}

/**
 * Step c: the positions of the `m` best eligible candidates, best first, equal scores by ascending model index.
 * O(n log m): a min-heap of the best seen so far whose root is the worst of them.
 */
function best(scores: Float64Array, index: Int32Array, m: number): Int32Array {
  const worse = (a: number, b: number): boolean => {
    const sa = scores[a]!;
    const sb = scores[b]!;
    if (sa !== sb) return sa < sb;
    const ia = index[a]!;
    const ib = index[b]!;
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
  index: Int32Array,
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
    const picked = index[pool[pick]!]!;
    for (let j = 0; j < m; j++) {
      if (taken[j] === 1) continue;
      const s = similarity(index[pool[j]!]!, picked);
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
  columns: CandidateColumns,
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
  for (const [id, position] of wanted) {
    // The first eligible candidate holding the item (positions ascend).
    const p = columns.positions.get(id)?.find((q) => scores[q]! > -Infinity);
    if (p === undefined) continue;
    let at = position;
    while (claims.has(at)) at++;
    claims.set(at, p);
  }
  return claims;
}
