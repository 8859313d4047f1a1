import { describe, expect, it } from 'vitest';
import { charNgrams, defaultTfidfConfig, fitTfidf, termValues, transformTfidf, wordNgrams } from './tfidf.js';

const rowNorm = (values: Float32Array, from: number, to: number) => {
  let s = 0;
  for (let k = from; k < to; k++) s += values[k]! ** 2;
  return Math.sqrt(s);
};

describe('TF-IDF features', () => {
  it('makes word n-grams and char_wb n-grams as scikit-learn does', () => {
    expect(wordNgrams(['a', 'b', 'c'], { min: 1, max: 2 })).toEqual(['a', 'b', 'c', 'a b', 'b c']);
    // A padded word shorter than n appears once, whole, and stops the longer n.
    expect(charNgrams('ab cd', { min: 2, max: 5 })).toEqual([
      ' a',
      'ab',
      'b ',
      ' ab',
      'ab ',
      ' ab ',
      ' c',
      'cd',
      'd ',
      ' cd',
      'cd ',
      ' cd ',
    ]);
  });

  it('counts characters, not UTF-16 units, in char n-grams', () => {
    expect(charNgrams('a😀', { min: 2, max: 2 })).toEqual([' a', 'a😀', '😀 ']);
  });

  it('weighs terms by smooth idf and sublinear tf, each block of unit length', () => {
    const texts = ['card card arrived', 'card lost', 'refund please'];
    const model = fitTfidf(texts, { ...defaultTfidfConfig, word: { min: 1, max: 1 } });
    const word = model.blocks.find((b) => b.kind === 'word')!;
    expect(word.terms).toEqual(['arrived', 'card', 'lost', 'please', 'refund']);
    // card is in 2 of 3 texts: ln(4/3) + 1; arrived in 1: ln(4/2) + 1.
    expect(word.idf[1]).toBeCloseTo(Math.log(4 / 3) + 1, 6);
    expect(word.idf[0]).toBeCloseTo(Math.log(2) + 1, 6);
    const values = termValues(model, 'card card arrived').filter((t) => t.block === 'word');
    const card = values.find((t) => t.term === 'card')!.value;
    const arrived = values.find((t) => t.term === 'arrived')!.value;
    expect(card / arrived).toBeCloseTo(((1 + Math.log(2)) * (Math.log(4 / 3) + 1)) / (Math.log(2) + 1), 5);
    const x = transformTfidf(model, texts);
    const char = model.blocks.find((b) => b.kind === 'char')!;
    for (let r = 0; r < x.rows; r++) {
      const from = x.indptr[r]!;
      const to = x.indptr[r + 1]!;
      const split = from + x.indices.subarray(from, to).findIndex((c) => c >= char.offset);
      expect(rowNorm(x.values, from, split)).toBeCloseTo(1, 5);
      expect(rowNorm(x.values, split, to)).toBeCloseTo(1, 5);
      for (let k = from + 1; k < to; k++) expect(x.indices[k]!).toBeGreaterThan(x.indices[k - 1]!);
    }
  });

  it('ignores unknown terms and gives an empty row for a text with none', () => {
    const model = fitTfidf(['alpha beta', 'beta gamma'], { ...defaultTfidfConfig, char: null });
    const x = transformTfidf(model, ['delta epsilon', 'beta delta']);
    expect(x.indptr[1]).toBe(0);
    expect(x.indptr[2]! - x.indptr[1]!).toBe(1);
  });

  it('drops terms below minDf, and hashes into 2^bits columns per block', () => {
    const texts = ['red shoes', 'red hat', 'blue hat'];
    const vocab = fitTfidf(texts, { ...defaultTfidfConfig, char: null, word: { min: 1, max: 1 }, minDf: 2 });
    expect(vocab.blocks[0]!.terms).toEqual(['hat', 'red']);
    const hashed = fitTfidf(texts, { ...defaultTfidfConfig, hashBits: 10 });
    expect(hashed.cols).toBe(2048);
    const x = transformTfidf(hashed, ['red shoes']);
    expect(x.indices.length).toBeGreaterThan(0);
    for (const c of x.indices) expect(c).toBeLessThan(2048);
    expect(() => fitTfidf(texts, { ...defaultTfidfConfig, hashBits: 40 })).toThrow(RangeError);
  });
});
