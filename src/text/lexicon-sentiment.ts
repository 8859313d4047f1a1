import { cutText, normalizeText } from './normalize.js';
import {
  BOOSTERS,
  CONTRAST_AFTER,
  CONTRAST_SUBORDINATE,
  EMOJI_VALENCE,
  EMOTICONS,
  NEGATORS,
  PHRASE_VALENCE,
  WEAK_NEGATORS,
  WORD_VALENCE,
} from './sentiment-lexicon.js';
import { tokenize, tokensOf } from './tokenize.js';

/**
 * Lexicon-based sentiment: the fallback when no labelled data exists to train a classifier. Rules in the spirit of
 * rule-based scorers such as VADER (Hutto & Gilbert, 2014), with Rapport's own lexicon and weights: negation flips
 * and damps the next few tokens, boosters scale the next sentiment word, the clause after "but" weighs more, and
 * exclamation marks and ALL-CAPS words add emphasis. The sum is squashed to -1..1 by x / sqrt(x² + α).
 */

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export interface SentimentEvidence {
  /** The word, phrase, emoji or emoticon that carried sentiment. */
  token: string;
  /** Its contribution after negation, boosters, contrast and emphasis. */
  weight: number;
}

export interface SentimentScore {
  label: SentimentLabel;
  /** -1..1. */
  score: number;
  /** Sum of positive contributions (≥ 0). */
  positive: number;
  /** Sum of the magnitudes of negative contributions (≥ 0). */
  negative: number;
  evidence: SentimentEvidence[];
}

const ALPHA = 15;
/** Scores within ±NEUTRAL_BAND are neutral. */
export const NEUTRAL_BAND = 0.05;
const NEGATION_SCOPE = 3;
const BOOST_SCOPE = 2;
const CAPS_EMPHASIS = 1.4;
const EXCLAMATION_STEP = 0.15;
const EXCLAMATION_MAX = 3;
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
const SUBORDINATE = 0.5;

const SENTENCE = /[^.!?…。！？;]+[.!?…。！？;]*/gu;
const CHUNK_BREAK = /[,:()[\]{}"“”„«»—–]+/u;
const EMOJI_MODIFIERS = /\uFE0F|\p{Emoji_Modifier}/gu;

interface Phrase {
  tokens: string[];
  text: string;
  value: number;
  negated: boolean;
}

const PHRASES: ReadonlyMap<string, Phrase[]> = (() => {
  const index = new Map<string, Phrase[]>();
  for (const [text, value] of PHRASE_VALENCE) {
    const tokens = tokenize(text);
    const first = tokens[0];
    if (first === undefined) continue;
    const phrase = { tokens, text, value, negated: isNegator(first) };
    index.set(
      first,
      [...(index.get(first) ?? []), phrase].sort((a, b) => b.tokens.length - a.tokens.length),
    );
  }
  return index;
})();

const EMOTICON_PATTERNS = EMOTICONS.map(
  ([source, valence]) => [new RegExp(`(?<=^|\\s)(?:${source})(?=$|\\s|[.,!?])`, 'gu'), valence] as const,
);

function isNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't");
}

/** The valence of one token, trying light variants (elongation, plural, possessive, emoji modifiers). */
export function valenceOf(token: string): number | undefined {
  const direct = WORD_VALENCE.get(token) ?? EMOJI_VALENCE.get(token);
  if (direct !== undefined) return direct;
  const emoji = token.replace(EMOJI_MODIFIERS, '');
  if (emoji !== token || emoji.includes('\u200D'))
    return EMOJI_VALENCE.get(emoji) ?? EMOJI_VALENCE.get(emoji.split('\u200D')[0] ?? '');
  const variants = [
    token.replace(/(.)\1{2,}/gu, '$1$1'),
    token.replace(/(.)\1{2,}/gu, '$1'),
    token.endsWith("'s") ? token.slice(0, -2) : '',
    token.length > 3 && token.endsWith('s') ? token.slice(0, -1) : '',
  ];
  for (const v of variants) {
    const value = v === '' || v === token ? undefined : WORD_VALENCE.get(v);
    if (value !== undefined) return value;
  }
  return undefined;
}

export function sentimentLabel(score: number): SentimentLabel {
  return score >= NEUTRAL_BAND ? 'positive' : score <= -NEUTRAL_BAND ? 'negative' : 'neutral';
}

/** Words written in capitals for emphasis; empty when the whole text is in capitals (no contrast to read). */
function shoutedWords(text: string): Set<string> {
  const shouted = new Set<string>();
  let words = 0;
  for (const t of tokensOf(cutText(text).normalize('NFKC'))) {
    if (t.kind !== 'word' || !/\p{L}/u.test(t.text)) continue;
    words++;
    if (t.text.length >= 2 && t.text === t.text.toUpperCase() && t.text !== t.text.toLowerCase())
      shouted.add(normalizeText(t.text));
  }
  return shouted.size > 0 && shouted.size < words ? shouted : new Set();
}

interface Hit {
  token: string;
  weight: number;
}

/** Hits of one sentence (contrast, subordination and exclamation applied) and whether it opens with "but". */
function scoreSentence(
  sentence: string,
  shouted: ReadonlySet<string>,
): { hits: Hit[]; opensWithContrast: boolean } {
  const tokens: string[] = [];
  const breaks = new Set<number>();
  for (const chunk of sentence.split(CHUNK_BREAK)) {
    breaks.add(tokens.length);
    for (const t of tokensOf(chunk)) tokens.push(t.text);
  }
  const sameChunk = (from: number, to: number): boolean => {
    for (let k = from + 1; k <= to; k++) if (breaks.has(k)) return false;
    return to < tokens.length;
  };
  const phraseAt = (i: number): Phrase | undefined =>
    PHRASES.get(tokens[i] ?? '')?.find(
      (p) => sameChunk(i, i + p.tokens.length - 1) && p.tokens.every((t, k) => tokens[i + k] === t),
    );
  const carries = (k: number): boolean => {
    const t = tokens[k];
    return t !== undefined && (valenceOf(t) !== undefined || BOOSTERS.has(t) || PHRASES.has(t));
  };

  const hits: (Hit & { subordinate: boolean })[] = [];
  let contrastAt = -1;
  let subordinate = false;
  let negation = 0;
  let weakNegation = false;
  let boost = 1;
  let boostLeft = 0;
  for (let i = 0; i < tokens.length;) {
    if (breaks.has(i)) [negation, boost, boostLeft, subordinate] = [0, 1, 0, false];
    const token = tokens[i] as string;
    const phrase = phraseAt(i);
    let consumed = 1;
    let value: number | undefined;
    let label = token;
    if (phrase !== undefined) {
      [consumed, value, label] = [phrase.tokens.length, phrase.value, phrase.text];
      if (phrase.negated) negation = 0;
    } else if (CONTRAST_AFTER.has(token) && tokens[i + 1] !== 'also') {
      [contrastAt, negation, boost, boostLeft] = [hits.length, 0, 1, 0];
    } else if (CONTRAST_SUBORDINATE.has(token)) {
      [subordinate, negation] = [true, 0];
    } else if (isNegator(token) || WEAK_NEGATORS.has(token)) {
      [negation, weakNegation] = [NEGATION_SCOPE + 1, WEAK_NEGATORS.has(token)];
    } else if (BOOSTERS.has(token) && sameChunk(i, i + 1) && (carries(i + 1) || carries(i + 2))) {
      [boost, boostLeft] = [boost * (BOOSTERS.get(token) ?? 1), BOOST_SCOPE + 1];
    } else value = valenceOf(token);

    if (value !== undefined && value !== 0) {
      let weight = value * (boostLeft > 0 ? boost : 1);
      if (tokens.slice(i, i + consumed).some((t) => shouted.has(t))) weight *= CAPS_EMPHASIS;
      if (negation > 0) weight *= weakNegation || weight < 0 ? -0.5 : -0.75; // "not bad" is milder than "good"
      hits.push({ token: label, weight, subordinate });
      [boost, boostLeft] = [1, 0];
    }
    i += consumed;
    negation = Math.max(0, negation - consumed);
    boostLeft = Math.max(0, boostLeft - consumed);
    if (boostLeft === 0) boost = 1;
  }

  const exclamations = Math.min(EXCLAMATION_MAX, (sentence.match(/[!！]/gu) ?? []).length);
  const emphasis = 1 + EXCLAMATION_STEP * exclamations;
  return {
    opensWithContrast: contrastAt === 0 && CONTRAST_AFTER.has(tokens[0] ?? ''),
    hits: hits.map((h, j) => ({
      token: h.token,
      weight:
        h.weight *
        emphasis *
        (h.subordinate ? SUBORDINATE : 1) *
        (contrastAt < 0 ? 1 : j < contrastAt ? BEFORE_CONTRAST : AFTER_CONTRAST),
    })),
  };
}

/** Emoticons (":)", ":-(", "<3") found between spaces, and the text with them blanked out. */
function takeEmoticons(normalized: string): { hits: Hit[]; rest: string } {
  const found: (Hit & { at: number })[] = [];
  let rest = normalized;
  for (const [pattern, valence] of EMOTICON_PATTERNS)
    rest = rest.replace(pattern, (match: string, at: number) => {
      found.push({ token: match, weight: valence, at });
      return ' '.repeat(match.length);
    });
  found.sort((a, b) => a.at - b.at);
  return { hits: found.map(({ token, weight }) => ({ token, weight })), rest };
}

const round = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * The lexicon sentiment of an English (or, roughly, German) text. Pure and bounded: the text is cut to
 * `MAX_TEXT_CHARS` first.
 */
export function scoreSentiment(text: string): SentimentScore {
  const normalized = normalizeText(text);
  const shouted = shoutedWords(text);
  const { hits: emoticons, rest } = takeEmoticons(normalized);
  const sentences: Hit[][] = [];
  for (const [sentence] of rest.matchAll(SENTENCE)) {
    const { hits, opensWithContrast } = scoreSentence(sentence, shouted);
    const previous = sentences[sentences.length - 1];
    if (opensWithContrast && previous !== undefined)
      sentences[sentences.length - 1] = previous.map((h) => ({ ...h, weight: h.weight * BEFORE_CONTRAST }));
    sentences.push(hits);
  }
  const evidence = [...sentences.flat(), ...emoticons].map((h) => ({
    token: h.token,
    weight: round(h.weight),
  }));
  let positive = 0;
  let negative = 0;
  for (const { weight } of evidence) {
    if (weight > 0) positive += weight;
    else negative -= weight;
  }
  const total = positive - negative;
  const score = total === 0 ? 0 : round(total / Math.sqrt(total * total + ALPHA));
  return {
    label: sentimentLabel(score),
    score,
    positive: round(positive),
    negative: round(negative),
    evidence,
  };
}
