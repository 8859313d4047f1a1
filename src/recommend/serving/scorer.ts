import { simdRowDots, type SimdRowDots } from '../simd-row-dots.js';
import { smoothGroupCounts } from '../popularity.js';
import { popularityRankScores } from '../repeat.js';
import { normaliseScores } from '../eval/blend.js';
import type {
  AlsPart,
  ItemItemPart,
  PopularityPart,
  RecommenderArtifact,
  SegmentsPopularity,
  SparseRows,
} from './artifact.js';

/** One catalogue item in a customer's history. */
export interface HistoryEntry {
  /** The item's index in the artifact's catalogue. */
  index: number;
  /** Distinct orders that held it (0: never bought). */
  bought: number;
  /**
   * How strongly the history points at it, in (0, 1]: 1 for a purchase; less for views and cart additions, which the
   * models never trained on but which say what the customer is looking at now.
   */
  interest: number;
}

/** What made an item score: its strongest part, and for item-to-item parts the history item that lent the most. */
export type Explanation =
  { kind: 'buy_again' } | { kind: 'item'; from: number } | { kind: 'latent' } | { kind: 'popular' };

export interface ScoredHistory {
  /** Per catalogue item: the blended score in [0, 1] plus a popularity tie-break below 1e-6. */
  scores: Float32Array;
  explain(item: number): Explanation;
}

export interface RecommenderScorer {
  readonly items: readonly string[];
  indexOf(id: string): number | undefined;
  /**
   * Scores the whole catalogue for a history (fold-in: nothing is retrained). An empty history scores popularity.
   * With `discovery` (the customer's purchases are left out of the list anyway) the repeat part, which only ranks
   * what was bought before and then popularity, is dropped from the blend; popularity stands in if nothing is left.
   */
  score(history: readonly HistoryEntry[], options?: { discovery?: boolean }): ScoredHistory;
  /** Popularity normalised to [0, 1]. */
  readonly popularity: Float32Array;
  /** Popularity within each segment the artifact kept, by segment id, normalised to [0, 1]. */
  readonly segments: ReadonlyMap<string, { name: string; buyers: number; popularity: Float32Array }>;
  /** An item's most similar items by co-purchase, best first (cosine in (0, 1]). */
  similar(item: number, k: number): { index: number; similarity: number }[];
  /** Co-purchase cosine of two items, 0 when neither lists the other. */
  similarity(a: number, b: number): number;
}

/** The share of an item's blended score personal parts must lend for it to be explained by them, not by popularity. */
const PERSONAL_SHARE = 0.3;

interface CompiledRows {
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** A part as the scorer keeps it: typed arrays only. */
interface CompiledItemItem {
  kind: ItemItemPart['kind'];
  weight: number;
  compiled: CompiledRows;
}
interface CompiledAls extends Omit<AlsPart, 'itemFactors'> {
  /** items × factors, row-major (in WebAssembly memory when `rowDots` is set). */
  y: Float32Array;
  /** x · y_i for every item with WebAssembly SIMD, the same bits as `dotRows`; null where it is unavailable. */
  rowDots: SimdRowDots | null;
  /** YᵀY + λI, lower triangle. */
  gram: Float64Array;
}
type Compiled = CompiledItemItem | CompiledAls | PopularityPart;

const compileRows = (r: SparseRows): CompiledRows => ({
  indptr: Int32Array.from(r.indptr),
  indices: Int32Array.from(r.indices),
  values: Float32Array.from(r.values),
});

/**
 * out[i] = x · y_i for the n rows of y (row-major, f wide). A function of its own over plain locals: inside the
 * scoring loop the part objects differ in shape, and property reads there made this loop 5× slower.
 */
function dotRows(x: Float64Array, y: Float32Array, f: number, n: number, out: Float32Array): void {
  const xs = Float32Array.from(x);
  for (let i = 0, o = 0; i < n; i++, o += f) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let r = 0;
    for (; r + 3 < f; r += 4) {
      s0 += (xs[r] as number) * (y[o + r] as number);
      s1 += (xs[r + 1] as number) * (y[o + r + 1] as number);
      s2 += (xs[r + 2] as number) * (y[o + r + 2] as number);
      s3 += (xs[r + 3] as number) * (y[o + r + 3] as number);
    }
    for (; r < f; r++) s0 += (xs[r] as number) * (y[o + r] as number);
    out[i] = s0 + s1 + (s2 + s3);
  }
}

/** total += weight · part. Over plain locals, like `dotRows`. */
function addWeighted(weight: number, part: Float32Array, total: Float32Array): void {
  for (let i = 0; i < part.length; i++) total[i] = (total[i] as number) + weight * (part[i] as number);
}

/** `addWeighted` for a personal part, also keeping per item what personal parts lent and which lent the most. */
function addPersonal(
  weight: number,
  p: number,
  part: Float32Array,
  total: Float32Array,
  personal: Float32Array,
  strength: Float32Array,
  strongest: Int32Array,
): void {
  for (let i = 0; i < part.length; i++) {
    const v = weight * (part[i] as number);
    total[i] = (total[i] as number) + v;
    personal[i] = (personal[i] as number) + v;
    if (v > (strength[i] as number)) {
      strength[i] = v;
      strongest[i] = p;
    }
  }
}

/** A purchase count's level: how many of the training weights (ascending) it reaches; the count without them. */
function levelOf(levels: readonly number[] | undefined, count: number): number {
  if (levels === undefined) return count;
  let lo = 0;
  let hi = levels.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((levels[mid] as number) <= count) lo = mid + 1;
    else hi = mid;
  }
  return Math.max(lo, 1);
}

/** Position of `col` in a row whose indices ascend, or -1. */
function findInRow(rows: CompiledRows, row: number, col: number): number {
  let lo = rows.indptr[row] as number;
  let hi = (rows.indptr[row + 1] as number) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = rows.indices[mid] as number;
    if (c === col) return mid;
    if (c < col) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The ALS fold-in (Hu, Koren & Volinsky 2008, eq. 4 with the item factors fixed): x = (YᵀY + λI + Σ α·r_i y_i y_iᵀ)⁻¹
 * Σ (1 + α·r_i) y_i over the history items i, with r_i the item's interest. Exact, O(|history|·f² + f³).
 */
function alsFoldIn(part: CompiledAls, history: readonly HistoryEntry[]) {
  const f = part.factors;
  const y = part.y;
  const a = part.gram.slice();
  const b = new Float64Array(f);
  for (const h of history) {
    const c1 = part.alpha * h.interest;
    const o = h.index * f;
    for (let r = 0; r < f; r++) {
      const yr = y[o + r] as number;
      b[r] = (b[r] as number) + (1 + c1) * yr;
      const cy = c1 * yr;
      for (let c = 0; c <= r; c++) a[r * f + c] = (a[r * f + c] as number) + cy * (y[o + c] as number);
    }
  }
  choleskySolve(a, b, f);
  return b;
}

/**
 * Solves A·x = b in place for a symmetric positive-definite f × f A (row-major; only its lower triangle is read):
 * A = L·Lᵀ into A's lower triangle, then L·y = b and Lᵀ·x = y into b. O(f³/6): a fold-in solves one small system per
 * request, where a full inverse (`invertSpd`) costs several times more.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, f: number): void {
  for (let j = 0; j < f; j++) {
    const rj = j * f;
    let d = a[rj + j] as number;
    for (let k = 0; k < j; k++) d -= (a[rj + k] as number) * (a[rj + k] as number);
    if (!(d > 0)) throw new Error('fold-in: the system is not positive definite');
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < f; i++) {
      const ri = i * f;
      let s = a[ri + j] as number;
      for (let k = 0; k < j; k++) s -= (a[ri + k] as number) * (a[rj + k] as number);
      a[ri + j] = s / ljj;
    }
  }
  for (let i = 0; i < f; i++) {
    const ri = i * f;
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (a[ri + k] as number) * (b[k] as number);
    b[i] = s / (a[ri + i] as number);
  }
  for (let i = f - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let k = i + 1; k < f; k++) s -= (a[k * f + i] as number) * (b[k] as number);
    b[i] = s / (a[i * f + i] as number);
  }
}

/**
 * Serving over a stored artifact: scores a customer's whole history (orders, views, cart additions, including what
 * arrived since training) against the blended parts, without retraining.
 *
 * @example
 * const scorer = createScorer(parseRecommenderArtifact(artifact));
 * const { scores, explain } = scorer.score([{ index: scorer.indexOf('p_12')!, bought: 2, interest: 1 }]);
 */
export function createScorer(artifact: RecommenderArtifact): RecommenderScorer {
  const n = artifact.items.length;
  const index = new Map(artifact.items.map((id, i) => [id, i]));
  const popularity = Float32Array.from(artifact.popularity);
  normaliseScores(popularity);
  const repeatBase = popularityRankScores(Float64Array.from(artifact.popularity));
  const similarRows = compileRows(artifact.similar);
  // The parts keep typed arrays only, not the artifact's JSON arrays: a serving process then holds a few MB of
  // buffers outside the heap instead of millions of boxed numbers that every major GC would walk.
  const parts = artifact.parts
    .filter((p) => p.weight > 0)
    .map((p): Compiled => {
      if (p.kind === 'itemknn' || p.kind === 'ease')
        return { kind: p.kind, weight: p.weight, compiled: compileRows(p.rows) };
      if (p.kind === 'als') {
        const y = Float32Array.from(p.itemFactors);
        const f = p.factors;
        const gram = new Float64Array(f * f);
        for (let i = 0; i < n; i++)
          for (let r = 0; r < f; r++) {
            const yr = y[i * f + r] as number;
            if (yr === 0) continue;
            for (let c = 0; c <= r; c++)
              gram[r * f + c] = (gram[r * f + c] as number) + yr * (y[i * f + c] as number);
          }
        for (let r = 0; r < f; r++) gram[r * f + r] = (gram[r * f + r] as number) + p.regularization;
        const { weight, factors, regularization, alpha } = p;
        // The factors then live once, in the kernel's memory; alsFoldIn reads them there too.
        const rowDots = y.length === n * f ? simdRowDots(y, f) : null;
        return { kind: 'als', weight, factors, regularization, alpha, y: rowDots?.rows ?? y, gram, rowDots };
      }
      return p as PopularityPart;
    });

  function itemItem(
    part: CompiledItemItem,
    history: readonly HistoryEntry[],
    out: Float32Array,
    best: Float32Array,
    from: Int32Array,
  ) {
    const { indptr, indices, values } = part.compiled;
    for (const h of history) {
      for (let e = indptr[h.index] as number; e < (indptr[h.index + 1] as number); e++) {
        const j = indices[e] as number;
        const v = h.interest * (values[e] as number);
        out[j] = (out[j] as number) + v;
        if (v > (best[j] as number)) {
          best[j] = v;
          from[j] = h.index;
        }
      }
    }
  }

  // Scratch of one `score` call, reused by the next: serving scores a few hundred customers a second, and fresh
  // buffers for each would be garbage the collector has to chase.
  const scratch = new Float32Array(n);
  const strength = new Float32Array(n);
  const personal = new Float32Array(n);
  const best = new Float32Array(n);

  const segments = new Map(
    (artifact.segments?.list ?? []).map((g) => {
      const { prior, shrinkage } = artifact.segments as SegmentsPopularity;
      const counts = new Float64Array(n);
      g.items.forEach((item, e) => (counts[item] = g.counts[e] as number));
      const scores = Float32Array.from(smoothGroupCounts(prior, counts, g.buyers, shrinkage));
      normaliseScores(scores);
      return [g.id, { name: g.name, buyers: g.buyers, popularity: scores }] as const;
    }),
  );

  return {
    items: artifact.items,
    indexOf: (id) => index.get(id),
    popularity,
    segments,
    score(history, options = {}) {
      const total = new Float32Array(n);
      // Per item: the personal part (item-to-item, latent) that lent it the most (index into `parts`, -1 none), what
      // the personal parts lent in all, and for item-to-item parts the history item behind the largest contribution.
      // `explain` reads `strongest`, `share` and `from` later, so they are the call's own; the rest is scratch.
      const strongest = new Int32Array(n).fill(-1);
      const from = new Int32Array(n).fill(-1);
      strength.fill(0);
      personal.fill(0);
      best.fill(0);
      const bought = new Map<number, number>();
      for (const h of history) if (h.bought > 0) bought.set(h.index, h.bought);
      let active =
        history.length === 0 ? [] : options.discovery ? parts.filter((p) => p.kind !== 'repeat') : parts;
      if (history.length > 0 && active.length === 0) active = [{ kind: 'pop', weight: 1 }];
      active.forEach((part, p) => {
        scratch.fill(0);
        switch (part.kind) {
          case 'pop':
            scratch.set(popularity);
            break;
          case 'repeat':
            scratch.set(repeatBase);
            for (const [i, count] of bought)
              scratch[i] = levelOf(part.levels, count) * n + (repeatBase[i] as number);
            break;
          case 'itemknn':
          case 'ease':
            itemItem(part, history, scratch, best, from);
            break;
          case 'als': {
            const x = alsFoldIn(part, history);
            if (part.rowDots) part.rowDots.dots(x, scratch);
            else dotRows(x, part.y, part.factors, n, scratch);
            break;
          }
        }
        normaliseScores(scratch);
        const isPersonal = part.kind !== 'pop' && part.kind !== 'repeat';
        if (isPersonal) addPersonal(part.weight, p, scratch, total, personal, strength, strongest);
        else addWeighted(part.weight, scratch, total);
      });
      // An item is explained by the personal parts when they lent at least this share of its blended score.
      const share = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const t = total[i] as number;
        share[i] = t > 0 ? (personal[i] as number) / t : 0;
      }
      if (active.length === 0) total.set(popularity);
      else normaliseScores(total);
      for (let i = 0; i < n; i++)
        total[i] = (total[i] as number) * (1 - 1e-6) + 1e-6 * (popularity[i] as number);
      return {
        scores: total,
        explain(item): Explanation {
          if (bought.has(item) && active.some((q) => q.kind === 'repeat')) return { kind: 'buy_again' };
          const part =
            (share[item] as number) >= PERSONAL_SHARE ? active[strongest[item] as number] : undefined;
          if (!part || part.kind === 'pop' || part.kind === 'repeat') return { kind: 'popular' };
          if (part.kind === 'als') return { kind: 'latent' };
          const f = from[item] as number;
          return f >= 0 ? { kind: 'item', from: f } : { kind: 'popular' };
        },
      };
    },
    similar(item, k) {
      const out: { index: number; similarity: number }[] = [];
      for (let e = similarRows.indptr[item] as number; e < (similarRows.indptr[item + 1] as number); e++)
        out.push({ index: similarRows.indices[e] as number, similarity: similarRows.values[e] as number });
      out.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
      return out.slice(0, k);
    },
    similarity(a, b) {
      const e = findInRow(similarRows, a, b);
      if (e >= 0) return similarRows.values[e] as number;
      const r = findInRow(similarRows, b, a);
      return r >= 0 ? (similarRows.values[r] as number) : 0;
    },
  };
}
