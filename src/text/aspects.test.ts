import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ASPECT_LEXICON } from './aspect-lexicon.js';
import { extractAspects, splitClauses, summarizeAspects } from './aspects.js';
import { tokenize } from './tokenize.js';

const byAspect = (text: string, options = {}) =>
  Object.fromEntries(extractAspects(text, options).map((a) => [a.aspect, a]));

describe('splitClauses', () => {
  it('splits at sentence punctuation and contrast words, not inside words', () => {
    expect(splitClauses('Fast delivery but poor quality. However cheap! Although late; fine')).toEqual([
      'Fast delivery',
      'poor quality.',
      'cheap!',
      'late;',
      'fine',
    ]);
    expect(splitClauses('Butter and buttons, though-less')).toEqual(['Butter and buttons,', '-less']);
    expect(splitClauses('... !!! ')).toEqual([]);
  });
});

describe('extractAspects', () => {
  it('gives each aspect the sentiment of its own clause', () => {
    const a = byAspect('Delivery was fast but the quality is poor and it fell apart after a week.');
    expect(a.delivery?.label).toBe('positive');
    expect(a.quality?.label).toBe('negative');
    expect(a.quality?.mentions).toEqual(['quality', 'fell apart']);
    const b = byAspect('Great price, shipping took forever. Customer service was rude!');
    expect(Object.keys(b)).toEqual(['price', 'delivery', 'customer-service']);
    expect([b.price?.label, b.delivery?.label, b['customer-service']?.label]).toEqual([
      'positive',
      'negative',
      'negative',
    ]);
  });

  it('prefers the longest trigger ("sound quality" is sound, not quality)', () => {
    expect(Object.keys(byAspect('The sound quality is amazing'))).toEqual(['sound']);
    expect(byAspect('Customer service was helpful')['customer-service']?.mentions).toEqual([
      'customer service',
    ]);
  });

  it('lets a comma-separated part without sentiment take its clause sentiment', () => {
    expect(byAspect('The battery, sadly, died after a day').battery?.label).toBe('negative');
    expect(byAspect('The battery is in the box').battery?.label).toBe('neutral');
  });

  it('averages the clauses that mention the same aspect', () => {
    const a = byAspect('The food was delicious. The food was cold and bland.');
    expect(a.food?.mentions).toEqual(['food']);
    expect(Math.abs(a.food?.sentiment ?? 1)).toBeLessThan(0.6);
  });

  it('matches German triggers, including prefixes of compounds', () => {
    const a = byAspect('Die Lieferzeit war schnell, aber die Verarbeitung ist mangelhaft.');
    expect(a.delivery).toMatchObject({ label: 'positive', mentions: ['lieferzeit'] });
    expect(a.quality).toMatchObject({ label: 'negative', mentions: ['verarbeitung'] });
  });

  it('uses a custom dictionary instead of the built-in one', () => {
    const dictionary = { strap: ['strap', 'wrist band'], clasp: ['clasp*'] };
    const a = extractAspects('The wrist band broke, the clasps are great', { dictionary });
    expect(a.map((x) => [x.aspect, x.label, x.mentions])).toEqual([
      ['strap', 'negative', ['wrist band']],
      ['clasp', 'positive', ['clasps']],
    ]);
  });

  it('returns nothing for text without aspects, and survives hostile input', () => {
    expect(extractAspects('')).toEqual([]);
    expect(extractAspects('I like it')).toEqual([]);
    expect(extractAspects('price. '.repeat(200_000))[0]?.aspect).toBe('price');
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        for (const a of extractAspects(text)) expect(Math.abs(a.sentiment)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('has triggers that tokenize to something', () => {
    for (const [aspect, terms] of Object.entries(ASPECT_LEXICON))
      for (const term of terms) expect(tokenize(term).length, `${aspect}: ${term}`).toBeGreaterThan(0);
  });
});

describe('summarizeAspects', () => {
  it('counts items per aspect with mean sentiment, shares and time range', () => {
    const summary = summarizeAspects([
      { text: 'Fast delivery, great price', at: '2024-03-01T00:00:00Z' },
      { text: 'Delivery was late and the box was damaged.', at: Date.UTC(2024, 0, 15) },
      { text: 'The price is fine', at: 'not a date' },
      { text: 'Nothing to say' },
      { text: 'The staff were nice', at: Number.NaN },
    ]);
    expect(summary.map((s) => [s.aspect, s.count])).toEqual([
      ['delivery', 2],
      ['price', 2],
      ['packaging', 1],
      ['staff', 1],
    ]);
    const delivery = summary[0];
    expect(delivery).toMatchObject({ positiveShare: 0.5, negativeShare: 0.5, neutralShare: 0 });
    expect(delivery?.firstAt).toBe('2024-01-15T00:00:00.000Z');
    expect(delivery?.lastAt).toBe('2024-03-01T00:00:00.000Z');
    expect(summary[1]).toMatchObject({ positiveShare: 1, firstAt: '2024-03-01T00:00:00.000Z' });
    expect(summary[3]).not.toHaveProperty('firstAt');
    expect(summarizeAspects([])).toEqual([]);
  });
});
