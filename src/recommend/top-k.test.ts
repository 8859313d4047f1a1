import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { topK } from './top-k.js';

/** The reference: a full sort by (score desc, index asc) of the eligible items. */
function sortedTopK(scores: Float32Array, k: number, exclude: ReadonlySet<number>): number[] {
  return Array.from(scores.keys())
    .filter((i) => scores[i]! > -Infinity && !exclude.has(i))
    .sort((a, b) => scores[b]! - scores[a]! || a - b)
    .slice(0, k);
}

describe('topK', () => {
  it('returns the best scores first and breaks ties by ascending index', () => {
    const scores = Float32Array.of(0.5, 2, 1, 2, 1, 3);
    expect(Array.from(topK(scores, 4))).toEqual([5, 1, 3, 2]);
    expect(Array.from(topK(scores, 10))).toEqual([5, 1, 3, 2, 4, 0]);
    expect(Array.from(topK(scores, 0))).toEqual([]);
    expect(Array.from(topK(Float32Array.of(1, 1, 1), 2))).toEqual([0, 1]); // a later equal score never displaces
  });

  it('never returns -Infinity, NaN or excluded items', () => {
    const scores = Float32Array.of(-Infinity, 1, NaN, 4, 2, Infinity);
    expect(Array.from(topK(scores, 6))).toEqual([5, 3, 4, 1]);
    expect(Array.from(topK(scores, 6, Int32Array.of(3, 5)))).toEqual([4, 1]);
    expect(Array.from(topK(scores, 6, Int32Array.of(5, 1)))).toEqual([3, 4]); // unsorted list
    expect(Array.from(topK(scores, 2, new Set([3])))).toEqual([5, 4]);
  });

  it('writes into out when it is long enough', () => {
    const out = new Int32Array(3);
    const top = topK(Float64Array.of(1, 3, 2), 2, undefined, out);
    expect(Array.from(top)).toEqual([1, 2]);
    expect(top.buffer).toBe(out.buffer);
  });

  it('rejects a negative or fractional k', () => {
    expect(() => topK(new Float32Array(3), -1)).toThrow(/k must be/);
    expect(() => topK(new Float32Array(3), 1.5)).toThrow(/k must be/);
  });

  it('equals the first k of a full sort (property)', () => {
    const score = fc.oneof(
      fc.integer({ min: -3, max: 3 }), // many ties
      fc.constantFrom(-Infinity, Infinity, NaN),
      fc.double({ min: -10, max: 10, noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.array(score, { maxLength: 60 }),
        fc.integer({ min: 0, max: 70 }),
        fc.array(fc.integer({ min: 0, max: 59 }), { maxLength: 10 }),
        fc.boolean(),
        (values, k, excluded, asSet) => {
          const scores = Float32Array.from(values);
          const exclude = asSet ? new Set(excluded) : Int32Array.from(excluded);
          expect(Array.from(topK(scores, k, exclude))).toEqual(sortedTopK(scores, k, new Set(excluded)));
        },
      ),
      { numRuns: 500 },
    );
  });
});
