import { ASPECT_LEXICON, type AspectDictionary } from './aspect-lexicon.js';
import { scoreSentiment, sentimentLabel, type SentimentLabel } from './lexicon-sentiment.js';
import { cutText } from './normalize.js';
import { tokenize } from './tokenize.js';

/**
 * Aspect extraction: which product or service aspects a text talks about ("delivery", "price", "quality"), each
 * with the lexicon sentiment of the clauses that mention it.
 */

export interface AspectMention {
  aspect: string;
  /** Mean lexicon score (-1..1) of the clauses mentioning the aspect. */
  sentiment: number;
  label: SentimentLabel;
  /** The trigger terms found, as written in the normalized text, in order of first appearance. */
  mentions: string[];
}

export interface AspectOptions {
  /** Aspect → trigger terms; replaces the built-in `ASPECT_LEXICON` (spread it in to extend it). */
  dictionary?: AspectDictionary;
}

interface Trigger {
  aspect: string;
  tokens: string[];
  /** The last token matches as a prefix. */
  prefix: boolean;
}

interface Matcher {
  byFirst: Map<string, Trigger[]>;
  prefixed: Trigger[];
}

const PART_BREAK = /[,:()[\]{}"“”„«»—–]+/u;
const SENTENCE = /[^.!?…。！？;\n]+[.!?…。！？;]*/gu;
const CLAUSE_BREAK =
  /(?<![\p{L}\p{N}'])(?:but|however|although|though|whereas|yet|aber|jedoch|allerdings|obwohl|sondern)(?![\p{L}\p{N}'])/iu;

/** Sentences split further at contrast conjunctions, on the raw text (so emphasis survives for scoring). */
export function splitClauses(text: string): string[] {
  const clauses: string[] = [];
  for (const [sentence] of cutText(text).matchAll(SENTENCE))
    for (const clause of sentence.split(CLAUSE_BREAK))
      if (/[\p{L}\p{N}\p{Extended_Pictographic}]/u.test(clause)) clauses.push(clause.trim());
  return clauses;
}

const compiled = new WeakMap<AspectDictionary, Matcher>();

function compile(dictionary: AspectDictionary): Matcher {
  const cached = compiled.get(dictionary);
  if (cached !== undefined) return cached;
  const matcher: Matcher = { byFirst: new Map(), prefixed: [] };
  const seen = new Set<string>();
  for (const [aspect, terms] of Object.entries(dictionary))
    for (const term of terms) {
      const prefix = term.trimEnd().endsWith('*');
      const tokens = tokenize(term);
      const first = tokens[0];
      const key = `${aspect}\u0000${tokens.join(' ')}\u0000${prefix}`;
      if (first === undefined || seen.has(key)) continue;
      seen.add(key);
      const trigger = { aspect, tokens, prefix };
      if (prefix && tokens.length === 1) matcher.prefixed.push(trigger);
      else matcher.byFirst.set(first, [...(matcher.byFirst.get(first) ?? []), trigger]);
    }
  compiled.set(dictionary, matcher);
  return matcher;
}

function matchesAt(tokens: readonly string[], i: number, trigger: Trigger): boolean {
  const last = trigger.tokens.length - 1;
  return trigger.tokens.every((t, k) => {
    const token = tokens[i + k];
    return token !== undefined && (trigger.prefix && k === last ? token.startsWith(t) : token === t);
  });
}

/** Aspect hits in a token list: the longest trigger wins at each position (all aspects sharing that length). */
function findAspects(tokens: readonly string[], matcher: Matcher): { aspect: string; mention: string }[] {
  const hits: { aspect: string; mention: string }[] = [];
  for (let i = 0; i < tokens.length;) {
    const candidates = [...(matcher.byFirst.get(tokens[i] ?? '') ?? []), ...matcher.prefixed].filter((t) =>
      matchesAt(tokens, i, t),
    );
    const longest = Math.max(0, ...candidates.map((t) => t.tokens.length));
    for (const t of candidates)
      if (t.tokens.length === longest)
        hits.push({ aspect: t.aspect, mention: tokens.slice(i, i + longest).join(' ') });
    i += Math.max(1, longest);
  }
  return hits;
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/** The aspects `text` mentions, in order of first mention, each with the sentiment of its clauses. */
export function extractAspects(text: string, options: AspectOptions = {}): AspectMention[] {
  const matcher = compile(options.dictionary ?? ASPECT_LEXICON);
  const found = new Map<string, { scores: number[]; mentions: string[] }>();
  for (const clause of splitClauses(text)) {
    let clauseScore: number | undefined;
    for (const part of clause.split(PART_BREAK)) {
      const hits = findAspects(tokenize(part), matcher);
      if (hits.length === 0) continue;
      // A comma-separated part without sentiment of its own ("The battery, sadly, died") takes its clause's.
      let { score } = scoreSentiment(part);
      if (score === 0) score = clauseScore ??= scoreSentiment(clause).score;
      const scored = new Set<string>();
      for (const { aspect, mention } of hits) {
        const entry = found.get(aspect) ?? { scores: [], mentions: [] };
        found.set(aspect, entry);
        if (!entry.mentions.includes(mention)) entry.mentions.push(mention);
        if (!scored.has(aspect)) entry.scores.push(score);
        scored.add(aspect);
      }
    }
  }
  return [...found].map(([aspect, { scores, mentions }]) => {
    const sentiment = round(scores.reduce((a, b) => a + b, 0) / scores.length);
    return { aspect, sentiment, label: sentimentLabel(sentiment), mentions };
  });
}

export interface AspectSummary {
  aspect: string;
  /** Number of items mentioning the aspect. */
  count: number;
  /** Mean of the items' aspect sentiment (-1..1). */
  meanSentiment: number;
  positiveShare: number;
  negativeShare: number;
  neutralShare: number;
  /** Earliest and latest valid `at` among the items mentioning the aspect, as ISO strings. */
  firstAt?: string;
  lastAt?: string;
}

export interface AspectItem {
  text: string;
  /** When the text was written: a Date, epoch milliseconds or an ISO string; invalid values are ignored. */
  at?: Date | number | string;
}

function epochOf(at: AspectItem['at']): number | undefined {
  if (at === undefined) return undefined;
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? ms : undefined;
}

/** Aspect counts, mean sentiment and label shares over many texts; most mentioned first, ties by name. */
export function summarizeAspects(items: readonly AspectItem[], options: AspectOptions = {}): AspectSummary[] {
  const totals = new Map<
    string,
    { count: number; sum: number; pos: number; neg: number; first: number; last: number }
  >();
  for (const item of items) {
    const at = epochOf(item.at);
    for (const { aspect, sentiment, label } of extractAspects(item.text, options)) {
      const t = totals.get(aspect) ?? { count: 0, sum: 0, pos: 0, neg: 0, first: Infinity, last: -Infinity };
      totals.set(aspect, t);
      t.count++;
      t.sum += sentiment;
      if (label === 'positive') t.pos++;
      if (label === 'negative') t.neg++;
      if (at !== undefined) [t.first, t.last] = [Math.min(t.first, at), Math.max(t.last, at)];
    }
  }
  return [...totals]
    .map(([aspect, t]): AspectSummary => ({
      aspect,
      count: t.count,
      meanSentiment: round(t.sum / t.count),
      positiveShare: round(t.pos / t.count),
      negativeShare: round(t.neg / t.count),
      neutralShare: round((t.count - t.pos - t.neg) / t.count),
      ...(Number.isFinite(t.first)
        ? { firstAt: new Date(t.first).toISOString(), lastAt: new Date(t.last).toISOString() }
        : {}),
    }))
    .sort((a, b) => b.count - a.count || (a.aspect < b.aspect ? -1 : a.aspect > b.aspect ? 1 : 0));
}
