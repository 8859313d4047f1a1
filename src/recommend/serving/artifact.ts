import { AppError } from '../../shared/index.js';
import type { InteractionMatrix } from '../types.js';

/** Sparse rows as JSON: row r's entries are at indptr[r] .. indptr[r+1]-1 of `indices` and `values`. */
export interface SparseRows {
  indptr: number[];
  indices: number[];
  values: number[];
}

/**
 * An item-to-item part: row h holds, for a history item h, the items it lends score to and how much
 * (score(j) = Σ_h x_h · value(h, j)). Item-kNN rows are its similarities; EASE rows are B's largest weights.
 */
export interface ItemItemPart {
  kind: 'itemknn' | 'ease';
  weight: number;
  rows: SparseRows;
}

/** Implicit ALS: the item factors; a customer's factors are solved from their history at request time (fold-in). */
export interface AlsPart {
  kind: 'als';
  weight: number;
  factors: number;
  regularization: number;
  alpha: number;
  /** items × factors, row-major. */
  itemFactors: number[];
}

/** Popularity, or the customer's own purchases first (repeat), both over the artifact's `popularity`. */
export interface PopularityPart {
  kind: 'pop' | 'repeat';
  weight: number;
  /**
   * Repeat: the distinct positive weights (orders per customer and item) of the training matrix, ascending. A
   * customer's count scores by its rank among them, as in training (`fitPersonalPopularity`), so the blend weights
   * learned there apply; absent: the count itself.
   */
  levels?: number[];
}

export type RecommenderPart = ItemItemPart | AlsPart | PopularityPart;

/** What a recommender version stores in the model registry: everything serving needs, as JSON. */
export interface RecommenderArtifact {
  format: 'rapport.recommender/1';
  /** Catalogue item ids, by index. */
  items: string[];
  /** Per item: distinct customers who bought it in the popularity window before the training end. */
  popularity: number[];
  /** Per item: its most similar items by co-purchase (cosine, descending), for `similar` and for diversity. */
  similar: SparseRows;
  /** Blended: each part's scores are normalised to [0, 1] per customer, then weighted and added. */
  parts: RecommenderPart[];
  /**
   * Time-decayed popularity within the shop's segments (`groupPopularity`), for customers without history who are
   * members: the segments with enough buyers, most buyers first. Absent in artifacts trained without segments.
   */
  segments?: SegmentsPopularity;
}

/** A segment's popularity is `smoothGroupCounts(prior, counts, buyers, shrinkage)`: stored sparse, rebuilt at load. */
export interface SegmentsPopularity {
  /** Per item: everyone's share weighted by the shrinkage. */
  prior: number[];
  shrinkage: number;
  list: SegmentPopularity[];
}

export interface SegmentPopularity {
  id: string;
  name: string;
  /** Members with purchases counted. */
  buyers: number;
  /** The items the members bought (ascending indexes) and their counts. */
  items: number[];
  counts: number[];
}

/** Numbers in artifacts keep 6 significant digits: scores do not need more, and the JSON stays small. */
export const compact = (x: number): number => (x === 0 ? 0 : Number(x.toPrecision(6)));

/** CSR rows as JSON (values rounded), optionally keeping only each row's `top` entries by absolute value. */
export function sparseRows(m: InteractionMatrix, top = Infinity): SparseRows {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < m.users; r++) {
    const from = m.indptr[r] as number;
    const to = m.indptr[r + 1] as number;
    const order: number[] = [];
    for (let e = from; e < to; e++) if ((m.weights[e] as number) !== 0) order.push(e);
    if (order.length > top) {
      order.sort((a, b) => Math.abs(m.weights[b] as number) - Math.abs(m.weights[a] as number) || a - b);
      order.length = top;
      order.sort((a, b) => a - b);
    }
    for (const e of order) {
      indices.push(m.indices[e] as number);
      values.push(compact(m.weights[e] as number));
    }
    indptr.push(indices.length);
  }
  return { indptr, indices, values };
}

/** The `top` largest-magnitude entries of each row of a dense n × n row-major matrix, diagonal left out. */
export function denseRows(weights: Float32Array, n: number, top: number): SparseRows {
  const indptr = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const order: number[] = [];
  for (let r = 0; r < n; r++) {
    order.length = 0;
    const base = r * n;
    for (let c = 0; c < n; c++) if (c !== r && (weights[base + c] as number) !== 0) order.push(c);
    if (order.length > top) {
      order.sort(
        (a, b) => Math.abs(weights[base + b] as number) - Math.abs(weights[base + a] as number) || a - b,
      );
      order.length = top;
      order.sort((a, b) => a - b);
    }
    for (const c of order) {
      indices.push(c);
      values.push(compact(weights[base + c] as number));
    }
    indptr.push(indices.length);
  }
  return { indptr, indices, values };
}

const broken = (problem: string) =>
  new AppError('invalid_model_artifact', `The recommender artifact is unusable: ${problem}.`, { problem });

const isNumberArray = (x: unknown): x is number[] =>
  Array.isArray(x) && x.every((v) => typeof v === 'number' && Number.isFinite(v));

function checkRows(rows: unknown, items: number, name: string): SparseRows {
  const r = rows as Partial<SparseRows> | null;
  if (!r || !isNumberArray(r.indptr) || !isNumberArray(r.indices) || !isNumberArray(r.values))
    throw broken(`${name} is not sparse rows of numbers`);
  const { indptr, indices, values } = r;
  if (indptr.length !== items + 1 || indptr[0] !== 0 || indptr[items] !== indices.length)
    throw broken(`${name}.indptr does not fit ${items} items`);
  if (values.length !== indices.length)
    throw broken(`${name} has ${values.length} values for ${indices.length} indices`);
  for (let i = 0; i < items; i++)
    if ((indptr[i + 1] as number) < (indptr[i] as number)) throw broken(`${name}.indptr decreases`);
  for (const c of indices)
    if (!Number.isInteger(c) || c < 0 || c >= items) throw broken(`${name} names an item out of range`);
  return { indptr, indices, values };
}

/**
 * Checks a stored artifact before serving from it, so a damaged one fails loudly at load instead of mid-request.
 *
 * @example
 * const artifact = parseRecommenderArtifact((await models.active('recommendations')).artifact);
 */
export function parseRecommenderArtifact(json: unknown): RecommenderArtifact {
  const a = json as Partial<RecommenderArtifact> | null;
  if (!a || typeof a !== 'object' || a.format !== 'rapport.recommender/1')
    throw broken('its format is not rapport.recommender/1');
  if (!Array.isArray(a.items) || !a.items.every((x) => typeof x === 'string'))
    throw broken('items is not a list of ids');
  const n = a.items.length;
  if (!isNumberArray(a.popularity) || a.popularity.length !== n)
    throw broken('popularity does not fit the items');
  const similar = checkRows(a.similar, n, 'similar');
  if (!Array.isArray(a.parts) || a.parts.length === 0) throw broken('it has no parts');
  const parts = a.parts.map((p, i): RecommenderPart => {
    if (!p || typeof p !== 'object' || typeof p.weight !== 'number' || !(p.weight >= 0))
      throw broken(`part ${i} has no weight ≥ 0`);
    switch (p.kind) {
      case 'pop':
        return { kind: p.kind, weight: p.weight };
      case 'repeat': {
        const levels = (p as PopularityPart).levels;
        if (levels === undefined) return { kind: p.kind, weight: p.weight };
        if (!isNumberArray(levels) || levels.some((x, j) => j > 0 && !(x > (levels[j - 1] as number))))
          throw broken(`part ${i} (repeat) levels do not ascend`);
        return { kind: p.kind, weight: p.weight, levels };
      }
      case 'itemknn':
      case 'ease':
        return { kind: p.kind, weight: p.weight, rows: checkRows(p.rows, n, `part ${i} (${p.kind})`) };
      case 'als': {
        const f = p.factors;
        if (!Number.isInteger(f) || f < 1 || !isNumberArray(p.itemFactors) || p.itemFactors.length !== n * f)
          throw broken(`part ${i} (als) has no items × factors matrix`);
        if (!(p.regularization >= 0) || !(p.alpha > 0))
          throw broken(`part ${i} (als) has bad regularization or alpha`);
        return { ...p };
      }
      default:
        throw broken(`part ${i} is of an unknown kind`);
    }
  });
  if (a.segments === undefined)
    return { format: a.format, items: a.items, popularity: a.popularity, similar, parts };
  const g = a.segments as Partial<SegmentsPopularity> | null;
  if (
    !g ||
    !isNumberArray(g.prior) ||
    g.prior.length !== n ||
    !(typeof g.shrinkage === 'number' && g.shrinkage >= 0)
  )
    throw broken('segments has no prior per item and shrinkage');
  if (!Array.isArray(g.list)) throw broken('segments.list is not a list');
  const list = g.list.map((x: Partial<SegmentPopularity> | null, i): SegmentPopularity => {
    if (
      !x ||
      typeof x.id !== 'string' ||
      typeof x.name !== 'string' ||
      !(typeof x.buyers === 'number' && x.buyers >= 0)
    )
      throw broken(`segment ${i} has no id, name and buyers`);
    if (!isNumberArray(x.items) || !isNumberArray(x.counts) || x.items.length !== x.counts.length)
      throw broken(`segment ${i} has no items with counts`);
    if (
      x.items.some(
        (c, j) => !Number.isInteger(c) || c < 0 || c >= n || (j > 0 && c <= (x.items![j - 1] as number)),
      )
    )
      throw broken(`segment ${i} names items out of range or out of order`);
    return { id: x.id, name: x.name, buyers: x.buyers, items: x.items, counts: x.counts };
  });
  const segments: SegmentsPopularity = { prior: g.prior, shrinkage: g.shrinkage, list };
  return { format: a.format, items: a.items, popularity: a.popularity, similar, parts, segments };
}
