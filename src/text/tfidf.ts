import { hashString } from '../shared/index.js';
import { normalizeText } from './normalize.js';
import { createRowBuilder, type SparseRows } from './sparse.js';
import { tokensOf } from './tokenize.js';

/**
 * TF-IDF features of short texts in up to two blocks, each l2-normalized on its own and laid side by side
 * (scikit-learn's FeatureUnion of two TfidfVectorizers):
 * - `word`: n-grams of the tokens of `tokenize.ts`;
 * - `char`: character n-grams inside each whitespace-separated chunk of the normalized text, padded with a space on
 *   both sides (scikit-learn's `char_wb`), so punctuation and spelling variants count.
 * Term frequency is raw or sublinear (1 + ln tf); idf is smooth, ln((1 + n) / (1 + df)) + 1. Terms come from a
 * vocabulary learned in `fitTfidf` (terms in fewer than `minDf` texts are dropped) or from feature hashing into
 * 2^hashBits columns per block, which needs no vocabulary and bounds memory on huge corpora.
 */

export interface NgramRange {
  min: number;
  max: number;
}

export interface TfidfConfig {
  word: NgramRange | null;
  char: NgramRange | null;
  sublinearTf: boolean;
  /** Word n-grams use tokens of at least this many characters (scikit-learn's default pattern: 2). */
  minTokenLength: number;
  minDf: number;
  /** Hash terms into 2^hashBits columns per block instead of learning a vocabulary. */
  hashBits: number | null;
}

export const defaultTfidfConfig: TfidfConfig = {
  word: { min: 1, max: 2 },
  char: { min: 2, max: 5 },
  sublinearTf: true,
  minTokenLength: 1,
  minDf: 1,
  hashBits: null,
};

type BlockKind = 'word' | 'char';

export interface TfidfBlock {
  kind: BlockKind;
  /** First column of the block. */
  offset: number;
  size: number;
  /** Column (within the block) → term; empty with hashing. */
  terms: string[];
  idf: Float32Array;
}

export interface TfidfModel {
  config: TfidfConfig;
  blocks: TfidfBlock[];
  cols: number;
}

/** Word n-grams of one text's tokens. */
export function wordNgrams(tokens: readonly string[], range: NgramRange, out: string[] = []): string[] {
  for (let n = range.min; n <= range.max; n++)
    for (let i = 0; i + n <= tokens.length; i++)
      out.push(n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join(' '));
  return out;
}

/** `char_wb` n-grams of one normalized text. */
export function charNgrams(normalized: string, range: NgramRange, out: string[] = []): string[] {
  for (const chunk of normalized.split(' ')) {
    if (chunk === '') continue;
    // n counts characters, not UTF-16 units: an emoji or a rare CJK character is one character.
    const padded = ` ${chunk} `;
    const w: string | string[] = /[\u{10000}-\u{10FFFF}]/u.test(padded) ? Array.from(padded) : padded;
    for (let n = range.min; n <= range.max; n++) {
      if (w.length <= n) {
        out.push(padded);
        break;
      }
      for (let i = 0; i + n <= w.length; i++)
        out.push(typeof w === 'string' ? w.slice(i, i + n) : w.slice(i, i + n).join(''));
    }
  }
  return out;
}

/** The terms of each block for one text (duplicates kept: they are the term frequencies). */
export function termsOf(text: string, config: TfidfConfig): { word: string[]; char: string[] } {
  const normalized = normalizeText(text);
  const word: string[] = [];
  const char: string[] = [];
  if (config.word) {
    const tokens = tokensOf(normalized)
      .map((t) => t.text)
      .filter((t) => t.length >= config.minTokenLength);
    wordNgrams(tokens, config.word, word);
  }
  if (config.char) charNgrams(normalized, config.char, char);
  return { word, char };
}

const kinds = (config: TfidfConfig): BlockKind[] =>
  (['word', 'char'] as const).filter((k) => config[k] !== null);

function counts(terms: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of terms) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/** Column of `term` in a block, or -1 when the vocabulary does not hold it. */
type Lookup = (term: string) => number;

function lookupOf(block: TfidfBlock, config: TfidfConfig): Lookup {
  if (config.hashBits !== null) {
    const mask = (1 << config.hashBits) - 1;
    return (term) => hashString(term) & mask;
  }
  const index = new Map(block.terms.map((t, i) => [t, i]));
  return (term) => index.get(term) ?? -1;
}

/** Learns the vocabulary and idf of each block from `texts`. */
export function fitTfidf(texts: readonly string[], config: TfidfConfig = defaultTfidfConfig): TfidfModel {
  if (
    config.hashBits !== null &&
    !(Number.isInteger(config.hashBits) && config.hashBits >= 8 && config.hashBits <= 24)
  )
    throw new RangeError('hashBits must be an integer from 8 to 24');
  const perText = texts.map((t) => termsOf(t, config));
  const blocks: TfidfBlock[] = [];
  let offset = 0;
  for (const kind of kinds(config)) {
    let terms: string[] = [];
    let size: number;
    let df: Float64Array;
    if (config.hashBits !== null) {
      size = 1 << config.hashBits;
      df = new Float64Array(size);
      const mask = size - 1;
      for (const t of perText) for (const term of new Set(t[kind])) df[hashString(term) & mask]!++;
    } else {
      const seen = new Map<string, number>();
      for (const t of perText) for (const term of new Set(t[kind])) seen.set(term, (seen.get(term) ?? 0) + 1);
      terms = [...seen].filter(([, n]) => n >= config.minDf).map(([t]) => t);
      terms.sort();
      size = terms.length;
      df = Float64Array.from(terms, (t) => seen.get(t) as number);
    }
    const n = texts.length;
    const idf = Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
    blocks.push({ kind, offset, size, terms, idf });
    offset += size;
  }
  return { config, blocks, cols: offset };
}

/** One term of a text's vector: its block, column (global) and l2-normalized TF-IDF value. */
export interface TermValue {
  block: BlockKind;
  term: string;
  col: number;
  value: number;
}

const lookupCache = new WeakMap<TfidfModel, Lookup[]>();

/** The term → column lookups of a model, built once per model (a vocabulary map has tens of thousands of terms). */
function lookups(model: TfidfModel): Lookup[] {
  let look = lookupCache.get(model);
  if (look === undefined) {
    look = model.blocks.map((b) => lookupOf(b, model.config));
    lookupCache.set(model, look);
  }
  return look;
}

function vectorOf(model: TfidfModel, look: readonly Lookup[], text: string): TermValue[] {
  const terms = termsOf(text, model.config);
  const out: TermValue[] = [];
  model.blocks.forEach((block, b) => {
    const lookup = look[b] as Lookup;
    const byCol = new Map<number, { term: string; tf: number }>();
    for (const [term, tf] of counts(terms[block.kind])) {
      const col = lookup(term);
      if (col < 0) continue;
      const seen = byCol.get(col);
      if (seen) seen.tf += tf;
      else byCol.set(col, { term, tf });
    }
    const start = out.length;
    let norm = 0;
    for (const [col, { term, tf }] of byCol) {
      const value = (model.config.sublinearTf ? 1 + Math.log(tf) : tf) * (block.idf[col] as number);
      out.push({ block: block.kind, term, col: block.offset + col, value });
      norm += value * value;
    }
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let k = start; k < out.length; k++) (out[k] as TermValue).value *= scale;
  });
  return out;
}

/** The terms of one text with their TF-IDF values (for explanations); unknown terms are left out. */
export function termValues(model: TfidfModel, text: string): TermValue[] {
  return vectorOf(model, lookups(model), text);
}

/** Block-wise l2-normalized TF-IDF rows of `texts` under a fitted model; unknown terms are ignored. */
export function transformTfidf(model: TfidfModel, texts: readonly string[]): SparseRows {
  const look = lookups(model);
  const builder = createRowBuilder(model.cols);
  for (const text of texts) {
    for (const t of vectorOf(model, look, text)) builder.add(t.col, t.value);
    builder.endRow();
  }
  return builder.finish();
}
