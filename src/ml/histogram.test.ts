import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { histogram } from './histogram.js';

// Expected values come from numpy 2.4.6: np.histogram(values, bins).
describe('histogram (numpy.histogram semantics)', () => {
  it('matches numpy on integer data', () => {
    expect(histogram([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], 4)).toEqual({
      edges: [1, 3, 5, 7, 9],
      counts: [3, 3, 4, 1],
    });
  });

  it('puts values that sit on rounded edges where numpy does', () => {
    // 0.3 < edge 0.30000000000000004 stays in bin 2; 0.7 < 0.7000000000000001 stays in bin 6.
    const h = histogram([0, 0.1, 0.2, 0.3, 0.7, 1], 10);
    expect(h?.counts).toEqual([1, 1, 2, 0, 0, 0, 1, 0, 0, 1]);
    expect(h?.edges[3]).toBe(0.30000000000000004);
    expect(h?.edges[10]).toBe(1);
  });

  it('widens a constant sample by ±0.5, as numpy does', () => {
    const h = histogram([2, 2, 2], 3);
    expect(h?.counts).toEqual([0, 3, 0]);
    expect(h?.edges[0]).toBe(1.5);
    expect(h?.edges[3]).toBe(2.5);
  });

  it('handles empty input, huge ranges and huge constants without NaN counts', () => {
    expect(histogram([], 5)).toBeNull();
    expect(histogram([-1.7e308, 1.7e308], 2)?.counts).toEqual([1, 1]);
    expect(histogram([1e300, 1e300], 4)?.counts).toEqual([0, 0, 2, 0]);
    expect(() => histogram([1], 0)).toThrow(RangeError);
  });

  it('keeps edges ascending over a range of a few subnormal steps', () => {
    const h = histogram([0, -2e-323], 6);
    expect(h?.counts.reduce((a, b) => a + b, 0)).toBe(2);
    for (let i = 1; i < (h?.edges.length ?? 0); i++)
      expect(h?.edges[i]).toBeGreaterThanOrEqual(h?.edges[i - 1] as number);
  });

  it('counts every value exactly once, over ascending edges', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 1, max: 20 }),
        (values, bins) => {
          const h = histogram(values, bins);
          expect(h).not.toBeNull();
          if (!h) return;
          expect(h.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
          expect(h.edges).toHaveLength(bins + 1);
          for (let i = 1; i < h.edges.length; i++)
            expect(h.edges[i]).toBeGreaterThanOrEqual(h.edges[i - 1] as number);
        },
      ),
    );
  });
});
