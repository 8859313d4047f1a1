import type { ReviewAnalysis } from '../commerce/ports.js';
import { extractAspects } from './aspects.js';
import { scoreSentiment } from './lexicon-sentiment.js';

/**
 * The version of the lexicon sentiment and aspect dictionary an analysis was made with: bumped whenever either
 * changes, so that analyses stored with reviews are made again instead of being mixed with new ones.
 */
export const REVIEW_ANALYSIS_VERSION = 1;

export type { ReviewAnalysis };

/** Title and body as one text; a title without closing punctuation is ended as a sentence of its own. */
export function reviewText(title: string | null, body: string): string {
  const head = title?.trim() ?? '';
  const rest = body.trim();
  if (head === '') return rest;
  if (rest === '') return head;
  return /[.!?…]$/u.test(head) ? `${head} ${rest}` : `${head}. ${rest}`;
}

/**
 * The built-in text engine's reading of one review. Made once when the review is imported and stored with it, so
 * profile rebuilds and product aspects read it instead of analysing every review again.
 */
export function analyzeReview(title: string | null, body: string): ReviewAnalysis {
  const text = reviewText(title, body);
  if (text === '') return { v: REVIEW_ANALYSIS_VERSION, sentiment: null, aspects: [] };
  const { score, label } = scoreSentiment(text);
  return {
    v: REVIEW_ANALYSIS_VERSION,
    sentiment: { score, negative: label === 'negative' },
    aspects: extractAspects(text).map(({ aspect, sentiment }) => ({ aspect, sentiment })),
  };
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A stored analysis, if it is one of this version (parsed from JSON text or as it is); null for anything else (none
 * stored, an older version, a malformed value), which the reader then analyses afresh.
 */
export function storedReviewAnalysis(stored: unknown): ReviewAnalysis | null {
  let value = stored;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  if (!isRecord(value) || value.v !== REVIEW_ANALYSIS_VERSION || !Array.isArray(value.aspects)) return null;
  const s = value.sentiment;
  let sentiment: ReviewAnalysis['sentiment'] = null;
  if (s !== null) {
    if (!isRecord(s) || !finite(s.score) || typeof s.negative !== 'boolean') return null;
    sentiment = { score: s.score, negative: s.negative };
  }
  const aspects: ReviewAnalysis['aspects'] = [];
  for (const a of value.aspects) {
    if (!isRecord(a) || typeof a.aspect !== 'string' || !finite(a.sentiment)) return null;
    aspects.push({ aspect: a.aspect, sentiment: a.sentiment });
  }
  return { v: REVIEW_ANALYSIS_VERSION, sentiment, aspects };
}
