import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { documentFrequencies, extractKeywords, interestTags, termCounts } from './keywords.js';

const terms = (keywords: { term: string }[] | undefined): string[] => (keywords ?? []).map((k) => k.term);

describe('termCounts', () => {
  it('drops stop words and forms bigrams only from adjacent content words within a phrase', () => {
    const counts = termCounts(
      'The battery life is great, battery. Life of the party; Die Akkulaufzeit ist gut',
    );
    expect([...counts.keys()].sort()).toEqual([
      'akkulaufzeit',
      'battery',
      'battery life',
      'great',
      'gut',
      'life',
      'party',
    ]);
    expect(counts.get('battery')).toBe(2);
    expect(termCounts('Battery life', { bigrams: false }).has('battery life')).toBe(false);
  });

  it('can drop sentiment words', () => {
    expect([...termCounts('great hiking boots', { dropSentimentWords: true }).keys()]).toEqual([
      'hiking',
      'hiking boots',
      'boots',
    ]);
  });
});

describe('extractKeywords', () => {
  const docs = [
    'Trail running shoes with great grip on trail descents',
    'Running socks and running shorts',
    'Espresso machine with a steam wand',
    'Running watch with GPS',
  ];

  it('ranks a term rare in the collection above a common one of the same count', () => {
    const [first] = extractKeywords(['apple banana', 'apple cherry', 'apple date'], { bigrams: false });
    expect(first).toEqual([
      { term: 'banana', count: 1, df: 1, score: 1.693147 }, // ln(4/2) + 1
      { term: 'apple', count: 1, df: 3, score: 1 }, // ln(4/4) + 1
    ]);
    const [trail] = extractKeywords(docs);
    expect(trail?.[0]).toMatchObject({ term: 'trail', count: 2, df: 1 });
  });

  it('orders ties alphabetically, respects k and minDf, and is deterministic', () => {
    const third = extractKeywords(docs, { k: 3 })[2];
    expect(terms(third)).toEqual(['espresso machine', 'steam wand']);
    expect(terms(extractKeywords(docs, { k: 3, bigrams: false })[2])).toEqual([
      'espresso',
      'machine',
      'steam',
    ]);
    expect(extractKeywords(docs, { k: 3 })).toEqual(extractKeywords(docs, { k: 3 }));
    expect(extractKeywords(docs, { k: 0 })).toEqual([[], [], [], []]);
    expect(extractKeywords(docs, { minDf: 2 }).map(terms)).toEqual([
      ['running'],
      ['running'],
      [],
      ['running'],
    ]);
  });

  it('drops a unigram when a bigram accounts for all its occurrences', () => {
    const [kw] = extractKeywords(['steam wand, steam wand, steam'], { k: 10 });
    expect(terms(kw)).toEqual(['steam', 'steam wand']);
    const [only] = extractKeywords(['steam wand, steam wand'], { k: 10 });
    expect(terms(only)).toEqual(['steam wand']);
  });

  it('handles empty and hostile input', () => {
    expect(extractKeywords([])).toEqual([]);
    expect(extractKeywords(['', '...', '😀😀'])).toEqual([[], [], []]);
    expect(extractKeywords(['word '.repeat(300_000)])[0]?.[0]).toMatchObject({ term: 'word', count: 2000 });
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 100 }), { maxLength: 5 }), (texts) => {
        const out = extractKeywords(texts, { k: 3 });
        expect(out).toHaveLength(texts.length);
        for (const kws of out) for (const kw of kws) expect(Number.isFinite(kw.score)).toBe(true);
      }),
    );
  });
});

describe('interestTags', () => {
  const customer = [
    'Looking for new trail running shoes, my old ones are great but worn out.',
    'Do you have trail running shoes in size 44? Delivery was slow last time.',
  ];

  it('returns the customer’s topics without sentiment words, and the aspects they talk about', () => {
    const tags = interestTags(customer, { k: 3 });
    expect(terms(tags.terms)).toEqual(['running shoes', 'trail running', 'delivery']);
    expect(tags.terms[0]).toMatchObject({ count: 2, df: 0 });
    expect(tags.aspects.map((a) => [a.aspect, a.count])).toEqual([
      ['delivery', 1],
      ['size', 1],
    ]);
    expect(tags.aspects[0]?.negativeShare).toBe(1);
  });

  it('uses background document frequencies to demote what everyone says', () => {
    const background = documentFrequencies(
      ['running shoes sale', 'running shoes review', 'running shoes', 'size 44 old'],
      {},
    );
    const tags = interestTags(customer, { k: 2, background });
    expect(terms(tags.terms)).toEqual(['trail running', 'delivery']);
  });
});
