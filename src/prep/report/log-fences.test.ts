import { describe, expect, it } from 'vitest';
import { outlierFences } from '../outlier-fences.js';
import { fenceText, fitLogFences, outsideFences } from './log-fences.js';

const repeat = (value: number, n: number) => Array.from({ length: n }, () => value);

describe('fitLogFences', () => {
  it('widens fences to ×/÷10 around the median when most values tie', () => {
    // The demo's quantity mix: 82 % ones. On log10 values the MAD is 0 and the mean-absolute-deviation fallback
    // puts the upper fence near 2, which would flag every ordinary 3 and 4.
    const quantities = [...repeat(1, 82), ...repeat(2, 12), ...repeat(3, 4), ...repeat(4, 2), 250];
    const bare = outlierFences(
      quantities.map((q) => Math.log10(q)),
      { method: 'mad' },
    );
    expect(10 ** (bare.upper as number)).toBeLessThan(3);
    const fences = fitLogFences(quantities, 'quantity');
    expect(fences).toMatchObject({
      method: 'mad',
      scale: 'log10',
      threshold: 3.5,
      minFactor: 10,
      fittedOn: 101,
    });
    expect(fences.lower).toBeCloseTo(0.1, 12);
    expect(fences.upper).toBeCloseTo(10, 12);
    expect(quantities.filter((q) => outsideFences(q, fences))).toEqual([250]);
  });

  it('keeps the MAD fences when they are wider than the floor', () => {
    const values = [0.1, 0.2, 0.5, 1, 2, 5, 10];
    // log10: median 0, MAD 0.69897 (log10 5), so the half-width is 3.5 · 0.69897 / 0.6745 ≈ 3.627 decades.
    const logFences = outlierFences(
      values.map((v) => Math.log10(v)),
      { method: 'mad' },
    );
    const fences = fitLogFences(values, 'x');
    expect(fences.upper).toBeCloseTo(10 ** (logFences.upper as number), 6);
    expect(fences.lower).toBeCloseTo(10 ** (logFences.lower as number), 12);
    expect(Math.log10(fences.upper as number)).toBeCloseTo((3.5 * Math.log10(5)) / 0.6745, 9);
  });

  it('treats ×100 and ÷100 alike: the scale is multiplicative', () => {
    const prices = [...repeat(20, 50), 2000, 0.2];
    const fences = fitLogFences(prices, 'price');
    expect(prices.filter((p) => outsideFences(p, fences))).toEqual([2000, 0.2]);
  });

  it('ignores zero, negative and non-finite values, and stays open without data', () => {
    expect(fitLogFences([0, -3, NaN, Infinity, 5], 'x').fittedOn).toBe(1);
    const none = fitLogFences([0, -1], 'x');
    expect(none).toMatchObject({ lower: null, upper: null, fittedOn: 0 });
    expect(outsideFences(1e9, none)).toBe(false);
    expect(fenceText(fitLogFences([1, 1, 1], 'x'))).toBe('[0.1, 10]');
  });
});
