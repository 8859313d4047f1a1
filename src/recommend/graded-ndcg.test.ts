import { describe, expect, it } from 'vitest';
import { gradedNdcgAtK } from './graded-ndcg.js';

describe('gradedNdcgAtK', () => {
  const gains = Float64Array.of(0.1, 0.5, 0, 0.3);
  it('is 1 for the ideal order and less for another (hand-computed)', () => {
    expect(gradedNdcgAtK([1, 3], gains, 2)).toBeCloseTo(1, 12);
    // DCG = 0.3 + 0.5 / log2(3); ideal = 0.5 + 0.3 / log2(3).
    const expected = (0.3 + 0.5 / Math.log2(3)) / (0.5 + 0.3 / Math.log2(3));
    expect(gradedNdcgAtK([3, 1], gains, 2)).toBeCloseTo(expected, 12);
    expect(gradedNdcgAtK([2, 0], gains, 2)).toBeCloseTo(0.1 / Math.log2(3) / (0.5 + 0.3 / Math.log2(3)), 12);
  });
  it('leaves excluded items out of the ideal and gives them no gain', () => {
    // Without item 1, the ideal top 2 is 3 then 0.
    expect(gradedNdcgAtK([3, 0], gains, 2, Int32Array.of(1))).toBeCloseTo(1, 12);
    expect(gradedNdcgAtK([1, 3], gains, 2, new Set([1]))).toBeCloseTo(
      0.3 / Math.log2(3) / (0.3 + 0.1 / Math.log2(3)),
      12,
    );
  });
  it('is 0 when nothing has a positive gain', () => {
    expect(gradedNdcgAtK([0, 1], Float64Array.of(0, 0), 2)).toBe(0);
  });
});
