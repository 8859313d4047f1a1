import { describe, expect, it } from 'vitest';
import { fitContent, similarItems, tokenize } from './content.js';
import type { InteractionMatrix, TrainInput } from './types.js';

/** A CSR matrix from per-user lists of [item, weight] (items ascending). */
function csr(items: number, rows: [number, number][][]): InteractionMatrix {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((row, u) => (indptr[u + 1] = indptr[u]! + row.length));
  return {
    users: rows.length,
    items,
    indptr,
    indices: Int32Array.from(rows.flat(), ([i]) => i),
    weights: Float32Array.from(rows.flat(), ([, w]) => w),
  };
}

const catalogue = [
  'Red wine glass - Tableware', // 0
  'White wine glass - Tableware', // 1
  'Garden hose, 20 m - Garden', // 2
  'Garden hose reel - Garden', // 3
  '', // 4: no text
];

function scores(input: TrainInput, user: number): Float32Array {
  const out = new Float32Array(input.matrix.items);
  fitContent(input).scoreUser(user, out);
  return out;
}

function argmaxExcept(values: Float32Array, except: number): number {
  let best = -1;
  for (let i = 0; i < values.length; i++)
    if (i !== except && (best < 0 || values[i]! > values[best]!)) best = i;
  return best;
}

describe('tokenize', () => {
  it('folds width and case (NFKC, then lower case), splits on anything but letters and digits', () => {
    expect(tokenize('ＷＩＮＥ Glass—RED/white')).toEqual(['wine', 'glass', 'red', 'white']);
    expect(tokenize('Ｗｉｎｅ')).toEqual(tokenize('wine'));
    expect(tokenize('ﬁne Café x 2 ok')).toEqual(['fine', 'café', 'ok']);
    // Marks stay inside words, and non-Latin scripts are letters.
    expect(tokenize('Cafe\u0301 Überraschung ВИНО 酒杯')).toEqual(['café', 'überraschung', 'вино', '酒杯']);
    // A one-character token is dropped even when it is one code point in two UTF-16 units.
    expect(tokenize('\u{20000} \u{20000}\u{20001}')).toEqual(['\u{20000}\u{20001}']);
  });
});

describe('fitContent', () => {
  it('recommends the other wine glass to a wine-glass buyer', () => {
    const input = { matrix: csr(5, [[[0, 1]], [[2, 3]]]), itemText: catalogue };
    const forWine = scores(input, 0);
    expect(argmaxExcept(forWine, 0)).toBe(1);
    expect(forWine[0]).toBeCloseTo(1, 5); // cosine of the item with itself
    expect(forWine[2]).toBe(0);
    expect(forWine[4]).toBe(-Infinity);
    expect(argmaxExcept(scores(input, 1), 2)).toBe(3);
  });

  it('matches full-width, upper-case text to its plain form', () => {
    const input = {
      matrix: csr(3, [[[0, 1]]]),
      itemText: ['ＷＩＮＥ ＣＯＯＬＥＲ', 'wine rack', 'garden hose'],
    };
    const out = scores(input, 0);
    expect(out[1]).toBeGreaterThan(0);
    expect(out[2]).toBe(0);
  });

  it('computes scikit-learn TF-IDF: smooth idf, raw counts, l2-normalised rows', () => {
    // Three items; "wine" is in 2 of 3: idf = ln(4/3) + 1; "red" in 1: ln(4/2) + 1.
    const fitted = fitContent({ matrix: csr(3, []), itemText: ['red red wine', 'wine', 'hose'] });
    expect(fitted.vocabulary).toEqual(['hose', 'red', 'wine']);
    const idfWine = Math.log(4 / 3) + 1;
    const idfRed = Math.log(4 / 2) + 1;
    expect(fitted.idf[2]).toBeCloseTo(idfWine, 6);
    const norm = Math.hypot(2 * idfRed, idfWine);
    const row0 = fitted.itemVectors.values.subarray(0, 2);
    expect(row0[0]).toBeCloseTo((2 * idfRed) / norm, 6);
    expect(row0[1]).toBeCloseTo(idfWine / norm, 6);
  });

  it('weights the profile by interaction weight', () => {
    // Bought the hose 5 times and the red wine glass once: garden items outrank the white wine glass.
    const input = {
      matrix: csr(5, [
        [
          [0, 1],
          [2, 5],
        ],
      ]),
      itemText: catalogue,
    };
    const out = scores(input, 0);
    expect(out[3]).toBeGreaterThan(out[1]!);
  });

  it('scores every item -Infinity for a user with no interactions, or none with text', () => {
    const input = { matrix: csr(5, [[], [[4, 1]]]), itemText: catalogue };
    expect([...scores(input, 0)]).toEqual(new Array(5).fill(-Infinity));
    expect([...scores(input, 1)]).toEqual(new Array(5).fill(-Infinity));
  });

  it('gives the same scores on repeated calls (its scratch space is reset)', () => {
    const fitted = fitContent({
      matrix: csr(5, [
        [[0, 1]],
        [
          [2, 1],
          [3, 2],
        ],
      ]),
      itemText: catalogue,
    });
    const first = new Float32Array(5);
    const again = new Float32Array(5);
    fitted.scoreUser(0, first);
    fitted.scoreUser(1, again);
    fitted.scoreUser(0, again);
    expect(again).toEqual(first);
  });

  it('applies minDf and maxFeatures', () => {
    const itemText = ['wine glass', 'wine rack', 'wine cooler glass'];
    const input = { matrix: csr(3, []), itemText };
    expect(fitContent(input, { minDf: 2 }).vocabulary).toEqual(['glass', 'wine']);
    expect(fitContent(input, { maxFeatures: 1 }).vocabulary).toEqual(['wine']);
    // Ties in frequency go alphabetically.
    expect(fitContent(input, { maxFeatures: 3 }).vocabulary).toEqual(['cooler', 'glass', 'wine']);
    // maxDf drops the word every item has.
    expect(fitContent(input, { maxDf: 2 }).vocabulary).toEqual(['cooler', 'glass', 'rack']);
  });

  it('fails clearly without itemText, with the wrong number of texts, or with bad params', () => {
    const matrix = csr(2, [[[0, 1]]]);
    expect(() => fitContent({ matrix })).toThrow(
      expect.objectContaining({ code: 'invalid_training_data', message: expect.stringMatching(/itemText/) }),
    );
    expect(() => fitContent({ matrix, itemText: ['one item'] })).toThrow(
      expect.objectContaining({
        code: 'invalid_training_data',
        details: expect.objectContaining({ reason: 'length_mismatch' }),
      }),
    );
    expect(() => fitContent({ matrix, itemText: ['a', 'b'] }, { minDf: 0 })).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
  });
});

describe('similarItems', () => {
  it('lists the items sharing terms, best first, without the item itself', () => {
    const fitted = fitContent({ matrix: csr(5, []), itemText: catalogue });
    const { items, scores: sims } = similarItems(fitted, 0, 3);
    expect([...items]).toEqual([1]);
    expect(sims[0]).toBeGreaterThan(0.3);
    expect([...similarItems(fitted, 2, 10).items]).toEqual([3]);
    expect([...similarItems(fitted, 4, 10).items]).toEqual([]);
    expect(() => similarItems(fitted, 5, 1)).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });
});
