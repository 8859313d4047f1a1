import { AppError } from '../shared/index.js';
import type { FittedRecommender, TrainInput } from './types.js';
import { checkCount, checkScoresLength, checkUser, recommendInputError } from './validate.js';

/**
 * Content-based recommendations from item text. Each item's text becomes a TF-IDF vector (raw term counts times
 * smooth idf = ln((1 + n) / (1 + df)) + 1, l2-normalised: scikit-learn's TfidfVectorizer defaults); a user's
 * profile is the sum of the vectors of the items they interacted with, weighted by the interaction weight, and an
 * item's score is its cosine with the profile.
 */

export interface ContentParams {
  /** Keep terms found in at least this many items; default 1. */
  readonly minDf?: number;
  /** Keep at most this many terms, the most frequent over the catalogue (ties: alphabetical); default all. */
  readonly maxFeatures?: number;
  /** Keep terms found in at most this many items (words nearly every item has say little); default all. */
  readonly maxDf?: number;
}

/** Rows of sparse vectors in CSR form; column indexes ascend within a row. */
export interface SparseRows {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export interface FittedContent extends FittedRecommender {
  /** Term id → term, alphabetical. */
  readonly vocabulary: readonly string[];
  /** Per term: its idf. */
  readonly idf: Float32Array;
  /** items × terms, each row l2-normalised (empty for an item none of whose terms were kept). */
  readonly itemVectors: SparseRows;
  /** terms × items: the transpose of `itemVectors`. */
  readonly termPostings: SparseRows;
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** One token per run of letters, marks and digits, after NFKC and lower-casing; 1-character tokens are dropped. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const [token] of text.normalize('NFKC').toLowerCase().matchAll(WORD)) {
    // One code point may take two UTF-16 units.
    if (token.length > 2 || (token.length === 2 && token.codePointAt(0)! <= 0xffff)) tokens.push(token);
  }
  return tokens;
}

function itemTextOf(input: TrainInput): readonly string[] {
  const { itemText, matrix } = input;
  if (itemText === undefined) {
    const message = 'the content-based recommender needs itemText (one string per item)';
    throw new AppError('invalid_training_data', message, { reason: 'missing_input' });
  }
  if (itemText.length !== matrix.items) {
    throw new AppError(
      'invalid_training_data',
      `itemText has ${itemText.length} entries, the matrix has ${matrix.items} items`,
      { reason: 'length_mismatch', lengths: [itemText.length, matrix.items] },
    );
  }
  return itemText;
}

/** The kept terms, alphabetical, with their document frequencies. */
function vocabularyOf(
  counts: readonly Map<string, number>[],
  minDf: number,
  maxFeatures: number,
  maxDf: number,
): { terms: string[]; df: Int32Array } {
  const stats = new Map<string, { df: number; total: number }>();
  for (const row of counts) {
    for (const [term, tf] of row) {
      const s = stats.get(term);
      if (s) {
        s.df++;
        s.total += tf;
      } else stats.set(term, { df: 1, total: tf });
    }
  }
  const byTerm = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  let kept = [...stats].filter(([, s]) => s.df >= minDf && s.df <= maxDf);
  if (kept.length > maxFeatures) {
    kept.sort(([ta, a], [tb, b]) => b.total - a.total || byTerm(ta, tb));
    kept = kept.slice(0, maxFeatures);
  }
  kept.sort(([ta], [tb]) => byTerm(ta, tb));
  return { terms: kept.map(([term]) => term), df: Int32Array.from(kept, ([, s]) => s.df) };
}

function transpose(rows: SparseRows, columns: number): SparseRows {
  const { indptr, indices, values } = rows;
  const nnz = indices.length;
  const tIndptr = new Int32Array(columns + 1);
  for (let n = 0; n < nnz; n++) tIndptr[indices[n]! + 1]!++;
  for (let c = 0; c < columns; c++) tIndptr[c + 1]! += tIndptr[c]!;
  const next = tIndptr.slice(0, columns);
  const tIndices = new Int32Array(nnz);
  const tValues = new Float32Array(nnz);
  for (let r = 0; r + 1 < indptr.length; r++) {
    for (let n = indptr[r]!; n < indptr[r + 1]!; n++) {
      const at = next[indices[n]!]!++;
      tIndices[at] = r;
      tValues[at] = values[n]!;
    }
  }
  return { indptr: tIndptr, indices: tIndices, values: tValues };
}

/**
 * Fits TF-IDF item vectors from `input.itemText` (required, one string per item: name, description, category).
 *
 * `scoreUser(u)` writes the cosine between u's profile and every item. Items without any kept term get -Infinity
 * (there is nothing to compare); so does every item for a user whose interactions carry no terms, or who has none:
 * callers fall back, e.g. to popularity. Items the user already has are scored like the rest; excluding them is
 * the caller's choice.
 */
export function fitContent(input: TrainInput, params: ContentParams = {}): FittedContent {
  const text = itemTextOf(input);
  const { matrix } = input;
  const items = matrix.items;
  const { vocabulary: terms, idf, itemVectors, termPostings } = tfidfVectors(text, params);
  const { indptr } = itemVectors;

  // Per-call scratch, reused: the profile over terms and the terms it touches.
  const profile = new Float64Array(terms.length);
  const inProfile = new Uint8Array(terms.length);
  const touched = new Int32Array(terms.length);
  const baseline = new Float32Array(items);
  for (let i = 0; i < items; i++) baseline[i] = indptr[i] === indptr[i + 1] ? -Infinity : 0;

  return {
    vocabulary: terms,
    idf,
    itemVectors,
    termPostings,
    scoreUser(user: number, out: Float32Array): void {
      checkUser(user, matrix.users);
      checkScoresLength(out, items);
      let count = 0;
      for (let n = matrix.indptr[user]!; n < matrix.indptr[user + 1]!; n++) {
        const item = matrix.indices[n]!;
        const w = matrix.weights[n]!;
        for (let e = indptr[item]!; e < indptr[item + 1]!; e++) {
          const t = itemVectors.indices[e]!;
          if (inProfile[t] === 0) {
            inProfile[t] = 1;
            touched[count++] = t;
          }
          profile[t]! += w * itemVectors.values[e]!;
        }
      }
      let norm = 0;
      for (let j = 0; j < count; j++) norm += profile[touched[j]!]! ** 2;
      norm = Math.sqrt(norm);
      if (norm > 0) out.set(baseline);
      else out.fill(-Infinity);
      for (let j = 0; j < count; j++) {
        const t = touched[j]!;
        const w = profile[t]! / norm;
        profile[t] = 0;
        inProfile[t] = 0;
        if (norm > 0) {
          for (let e = termPostings.indptr[t]!; e < termPostings.indptr[t + 1]!; e++) {
            out[termPostings.indices[e]!]! += w * termPostings.values[e]!;
          }
        }
      }
    },
  };
}

/** TF-IDF vectors of texts, one row per text, with the vocabulary, idf and the term → texts postings. */
export type TfidfVectors = Pick<FittedContent, 'vocabulary' | 'idf' | 'itemVectors' | 'termPostings'>;

/**
 * TF-IDF vectors of `text` (one string per item), as `fitContent` computes them: the training-free part of the
 * content model, which serving also uses to place items the models never saw beside ones they did.
 */
export function tfidfVectors(text: readonly string[], params: ContentParams = {}): TfidfVectors {
  const { minDf = 1, maxFeatures = Number.MAX_SAFE_INTEGER, maxDf = Number.MAX_SAFE_INTEGER } = params;
  checkCount('minDf', minDf, 1);
  checkCount('maxFeatures', maxFeatures, 1);
  checkCount('maxDf', maxDf, 1);
  const items = text.length;
  const counts = text.map((t) => {
    const row = new Map<string, number>();
    for (const token of tokenize(t)) row.set(token, (row.get(token) ?? 0) + 1);
    return row;
  });
  const { terms, df } = vocabularyOf(counts, minDf, maxFeatures, maxDf);
  const termId = new Map(terms.map((term, id) => [term, id]));
  const idf = Float32Array.from(df, (d) => Math.log((1 + items) / (1 + d)) + 1);

  const indptr = new Int32Array(items + 1);
  const indices: number[] = [];
  const values: number[] = [];
  counts.forEach((row, item) => {
    const entries: [number, number][] = [];
    for (const [term, tf] of row) {
      const id = termId.get(term);
      if (id !== undefined) entries.push([id, tf * idf[id]!]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    let norm = 0;
    for (const [, v] of entries) norm += v * v;
    norm = Math.sqrt(norm);
    for (const [id, v] of entries) {
      indices.push(id);
      values.push(v / norm);
    }
    indptr[item + 1] = indices.length;
  });
  const itemVectors: SparseRows = {
    indptr,
    indices: Int32Array.from(indices),
    values: Float32Array.from(values),
  };
  const termPostings = transpose(itemVectors, terms.length);
  return { vocabulary: terms, idf, itemVectors, termPostings };
}

/**
 * The k items most like `item` by the cosine of their text vectors, best first (ties: lower index first). Only
 * items sharing at least one term qualify, so fewer than k may come back; the item itself is left out.
 */
export function similarItems(
  model: Pick<TfidfVectors, 'itemVectors' | 'termPostings'>,
  item: number,
  k: number,
): { items: Int32Array; scores: Float32Array } {
  const { itemVectors: rows, termPostings: postings } = model;
  const items = rows.indptr.length - 1;
  if (!Number.isInteger(item) || item < 0 || item >= items) {
    throw recommendInputError('out_of_range', `item ${item} is outside 0..${items - 1}`, { item, items });
  }
  checkCount('k', k, 0);
  const scores = new Float32Array(items);
  const candidates: number[] = [];
  for (let e = rows.indptr[item]!; e < rows.indptr[item + 1]!; e++) {
    const t = rows.indices[e]!;
    const v = rows.values[e]!;
    for (let n = postings.indptr[t]!; n < postings.indptr[t + 1]!; n++) {
      const other = postings.indices[n]!;
      if (other === item) continue;
      if (scores[other] === 0) candidates.push(other);
      scores[other]! += v * postings.values[n]!;
    }
  }
  // Keep the k best in order by insertion: candidates run into the thousands, k is small.
  const best: number[] = [];
  const better = (a: number, b: number) => scores[a]! > scores[b]! || (scores[a] === scores[b] && a < b);
  for (const candidate of candidates) {
    if (!(scores[candidate]! > 0) || k === 0) continue;
    if (best.length === k && !better(candidate, best[k - 1]!)) continue;
    let at = best.length === k ? k - 1 : best.length;
    while (at > 0 && better(candidate, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = candidate;
  }
  return { items: Int32Array.from(best), scores: Float32Array.from(best, (i) => scores[i]!) };
}
