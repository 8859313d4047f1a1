import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  mean,
  meanAbsoluteDeviation,
  meanVariance,
  median,
  medianAbsoluteDeviation,
  minMax,
  quantile,
  quantileSorted,
  std,
} from './descriptive.js';

// Expected values come from numpy 2.4.6: np.quantile(x, p) (method='linear'), x.mean(), x.std() (ddof=0).
const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];

describe('quantile (numpy linear method)', () => {
  it('matches numpy on a small sample', () => {
    const ps = [0, 0.05, 0.25, 0.5, 0.75, 0.95, 1];
    expect(ps.map((p) => quantile(x, p))).toEqual([1, 1, 2.5, 4, 5, 7.5, 9]);
    expect(quantile([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 12);
    expect(quantile([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantile([10], 0.3)).toBe(10);
  });

  it('gives NaN for no data and rejects p outside [0, 1]', () => {
    expect(quantile([], 0.5)).toBeNaN();
    expect(() => quantile(x, 1.5)).toThrow(RangeError);
    expect(() => quantile(x, NaN)).toThrow(RangeError);
  });

  it('works on typed arrays and does not reorder its input', () => {
    const data = Float64Array.from([5, 1, 3]);
    expect(median(data)).toBe(3);
    expect(Array.from(data)).toEqual([5, 1, 3]);
  });

  it('is monotone in p and stays within [min, max]', () => {
    const finite = fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 });
    fc.assert(
      fc.property(
        fc.array(finite, { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const { min, max } = minMax(values);
          const qa = quantile(values, lo);
          const qb = quantile(values, hi);
          expect(qa).toBeLessThanOrEqual(qb);
          expect(qa).toBeGreaterThanOrEqual(min);
          expect(qb).toBeLessThanOrEqual(max);
        },
      ),
    );
  });

  it('returns an order statistic exactly when (n − 1)·p is whole', () => {
    const sorted = [-2, 0, 7, 7.5, 100];
    expect(quantileSorted(sorted, 0.25)).toBe(0);
    expect(quantileSorted(sorted, 0.75)).toBe(7.5);
  });
});

describe('moments and deviations', () => {
  it('matches numpy mean and population std', () => {
    expect(mean(x)).toBeCloseTo(4, 12);
    expect(std(x)).toBeCloseTo(2.256304299271065, 12);
    expect(meanVariance([]).n).toBe(0);
    expect(mean([])).toBeNaN();
  });

  it('does not overflow where a naive sum would', () => {
    expect(mean([1e308, 1e308, 1e308])).toBe(1e308);
  });

  it('computes the median absolute deviation and the mean absolute deviation', () => {
    // |[1, 2, 3, 4, 100] − 3| = [2, 1, 0, 1, 97]: median 1, mean 20.2.
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
    expect(meanAbsoluteDeviation([1, 2, 3, 4, 100], 3)).toBeCloseTo(20.2, 12);
    expect(minMax([])).toEqual({ min: NaN, max: NaN });
  });
});
