import { describe, expect, it } from 'vitest';
import {
  analyzeReview,
  REVIEW_ANALYSIS_VERSION,
  reviewText,
  storedReviewAnalysis,
} from './review-analysis.js';

describe('review analysis', () => {
  it('reads title and body as one text: sentiment and the aspects with theirs', () => {
    const a = analyzeReview('Fast delivery', 'but terrible quality, broke after a day');
    expect(a.v).toBe(REVIEW_ANALYSIS_VERSION);
    expect(a.sentiment?.negative).toBe(true);
    expect(a.aspects.map((x) => x.aspect).sort()).toEqual(['delivery', 'quality']);
    expect(a.aspects.find((x) => x.aspect === 'delivery')!.sentiment).toBeGreaterThan(0);
    expect(a.aspects.find((x) => x.aspect === 'quality')!.sentiment).toBeLessThan(0);
    expect(analyzeReview(null, '   ')).toEqual({ v: REVIEW_ANALYSIS_VERSION, sentiment: null, aspects: [] });
    expect(reviewText('Wow!', 'love it')).toBe('Wow! love it');
  });

  it('takes back a stored analysis of this version, as JSON text or parsed, and nothing else', () => {
    const a = analyzeReview('Great price', 'love it');
    expect(storedReviewAnalysis(JSON.stringify(a))).toEqual(a);
    expect(storedReviewAnalysis(a)).toEqual(a);
    for (const bad of [
      null,
      undefined,
      '',
      'not json',
      '[]',
      JSON.stringify({ ...a, v: REVIEW_ANALYSIS_VERSION + 1 }),
      JSON.stringify({ ...a, v: 0 }),
      JSON.stringify({ ...a, sentiment: { score: 'high', negative: false } }),
      JSON.stringify({ ...a, aspects: [{ aspect: 'price', sentiment: null }] }),
      JSON.stringify({ ...a, aspects: 'price' }),
      { ...a, sentiment: { score: Infinity, negative: false } },
    ])
      expect(storedReviewAnalysis(bad)).toBeNull();
  });
});
