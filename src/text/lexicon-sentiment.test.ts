import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreSentiment } from './lexicon-sentiment.js';
import {
  BOOSTERS,
  duplicateLexiconWords,
  NEGATORS,
  PHRASE_VALENCE,
  WORD_VALENCE,
} from './sentiment-lexicon.js';
import { tokenize } from './tokenize.js';

const score = (text: string): number => scoreSentiment(text).score;

describe('scoreSentiment', () => {
  it('leaves text without opinion neutral', () => {
    for (const text of ['', '   ', 'The parcel came on Tuesday.', 'Order 12345 for Berlin', '¿?!.,;'])
      expect(scoreSentiment(text)).toEqual({
        label: 'neutral',
        score: 0,
        positive: 0,
        negative: 0,
        evidence: [],
      });
  });

  it('reads polarity from words and multi-word phrases', () => {
    expect(scoreSentiment('I love this phone').label).toBe('positive');
    expect(scoreSentiment('It is a waste of money').evidence).toEqual([
      { token: 'waste of money', weight: -3.5 },
    ]);
    expect(score('It fell apart after a week')).toBeLessThan(0);
    expect(score('It stopped working')).toBeLessThan(0);
    expect(score('Works great')).toBeGreaterThan(0);
    expect(score('I would recommend it')).toBeGreaterThan(0);
  });

  it('flips and damps sentiment after a negator, within a short scope', () => {
    expect(score('The food was good')).toBeGreaterThan(0);
    for (const text of ['The food was not good', "The food isn't good", 'The food was never good', 'No good'])
      expect(score(text), text).toBeLessThan(0);
    expect(score('not good')).toBeGreaterThan(-score('good'));
    expect(score('Not bad at all')).toBeGreaterThan(0);
    expect(score('I was never disappointed')).toBeGreaterThan(0);
    expect(score('It arrived without problems')).toBeGreaterThan(0);
    expect(score("Don't waste your money")).toBeLessThan(0);
    expect(score('hardly any problems')).toBeGreaterThan(0);
    expect(score('hardly good')).toBeLessThan(0);
    expect(score('hardly good')).toBeGreaterThan(score('not good'));
    expect(score('Not worth it')).toBeLessThan(0);
    // the scope ends after three tokens and at a comma
    expect(score('I did not expect this to be so good')).toBeGreaterThan(0);
    expect(score('No, it is good')).toBeGreaterThan(0);
    // idioms that contain a negator but do not negate
    expect(score('No doubt the best phone I owned')).toBeGreaterThan(0);
  });

  it('scales with intensifiers and diminishers', () => {
    expect(score('very good')).toBeGreaterThan(score('good'));
    expect(score('extremely bad')).toBeLessThan(score('bad'));
    expect(score('slightly disappointed')).toBeGreaterThan(score('disappointed'));
    expect(score('slightly disappointed')).toBeLessThan(0);
    expect(score('It is super')).toBeGreaterThan(0); // a booster word with nothing to boost keeps its own valence
  });

  it('weighs the clause after "but" more', () => {
    expect(score('The screen is great but the battery is terrible')).toBeLessThan(0);
    expect(score('The battery is terrible but the screen is great')).toBeGreaterThan(0);
    expect(score('Great screen. However, the battery is bad.')).toBeLessThan(0);
    expect(score('Although it was cheap, it broke')).toBeLessThan(0);
  });

  it('adds emphasis for exclamation marks and words in capitals', () => {
    expect(score('Great!!!')).toBeGreaterThan(score('Great'));
    expect(score('It is GREAT')).toBeGreaterThan(score('It is great'));
    expect(score('IT IS GREAT')).toBe(score('it is great')); // all capitals: no contrast, no emphasis
  });

  it('counts emoji and emoticons', () => {
    expect(scoreSentiment('😍').label).toBe('positive');
    expect(scoreSentiment('👎').label).toBe('negative');
    expect(scoreSentiment('👍🏽').label).toBe('positive');
    expect(scoreSentiment('arrived today :)').label).toBe('positive');
    expect(scoreSentiment('arrived today :-(').label).toBe('negative');
    expect(scoreSentiment('I <3 it').label).toBe('positive');
    expect(scoreSentiment('see https://example.com/a:b').label).toBe('neutral');
    expect(score('good :(')).toBeLessThan(score('good'));
  });

  it('reports evidence consistent with the score', () => {
    const r = scoreSentiment('Great price but the delivery was slow and the box was damaged');
    const sum = r.evidence.reduce((a, e) => a + e.weight, 0);
    expect(r.positive - r.negative).toBeCloseTo(sum, 3);
    expect(r.evidence.map((e) => e.token)).toEqual(['great', 'slow', 'damaged']);
    expect(Math.sign(r.score)).toBe(Math.sign(sum));
  });

  it('survives hostile input in bounded work', () => {
    const huge = 'good '.repeat(200_000) + 'terrible';
    const r = scoreSentiment(huge); // cut to MAX_TEXT_CHARS: the trailing "terrible" is never seen
    expect(r.label).toBe('positive');
    expect(r.evidence.length).toBeLessThanOrEqual(2_000);
    expect(scoreSentiment('not '.repeat(300_000)).score).toBe(0);
    expect(scoreSentiment(':) '.repeat(300_000)).score).toBeGreaterThan(0.99);
    expect(scoreSentiment('!'.repeat(1_000_000)).score).toBe(0);
    expect(scoreSentiment('good\u0000\u0007\u200Bbad\uD800\uFEFF').evidence.length).toBe(2);
    expect(scoreSentiment('Отличный товар, 非常好 but terrible ☹').label).toBe('negative');
  });

  it('always returns a bounded, consistent result', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const r = scoreSentiment(text);
        expect(Math.abs(r.score)).toBeLessThanOrEqual(1);
        expect(r.positive).toBeGreaterThanOrEqual(0);
        expect(r.negative).toBeGreaterThanOrEqual(0);
        expect(r.label).toBe(r.score >= 0.05 ? 'positive' : r.score <= -0.05 ? 'negative' : 'neutral');
      }),
    );
  });
});

describe('sentiment lexicon', () => {
  it('lists each word once, within -4..4, in normalized form', () => {
    expect(duplicateLexiconWords()).toEqual([]);
    expect(WORD_VALENCE.size).toBeGreaterThan(700);
    for (const [word, valence] of WORD_VALENCE) {
      expect(Math.abs(valence), word).toBeLessThanOrEqual(4);
      expect(tokenize(word), word).toEqual([word]);
    }
    for (const phrase of PHRASE_VALENCE.keys()) expect(tokenize(phrase).join(' '), phrase).toBe(phrase);
    for (const word of [...NEGATORS, ...BOOSTERS.keys()]) expect(tokenize(word), word).toEqual([word]);
  });
});
