import { describe, expect, it } from 'vitest';
import { createRng } from '../../shared/index.js';
import { sampleGamma, simulateBgNbd, simulateOrderValues } from './simulate.js';

// Expected values: the Gamma(k, 1) mean and variance are both k (textbook moments).
describe('simulation', () => {
  it.each([0.3, 1, 4.5])('draws Gamma(%s) with the right mean and variance', (shape) => {
    const rng = createRng(`gamma-${shape}`);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let min = Infinity;
    for (let i = 0; i < n; i++) {
      const g = sampleGamma(shape, rng);
      min = Math.min(min, g);
      sum += g;
      sumSq += g * g;
    }
    const mean = sum / n;
    expect(min).toBeGreaterThan(0);
    // Standard errors: √(k/n) for the mean; the variance's is below 0.02·k at these n and k.
    expect(Math.abs(mean - shape)).toBeLessThan(5 * Math.sqrt(shape / n));
    expect(Math.abs(sumSq / n - mean * mean - shape) / shape).toBeLessThan(0.05);
  });

  it('draws valid, reproducible summaries', () => {
    const ages = Float64Array.from({ length: 500 }, (_, i) => 30 + (i % 300));
    const a = simulateBgNbd({ r: 0.8, alpha: 20, a: 0.5, b: 2 }, ages, createRng('sim'));
    const b = simulateBgNbd({ r: 0.8, alpha: 20, a: 0.5, b: 2 }, ages, createRng('sim'));
    expect(a).toEqual(b);
    for (let i = 0; i < 500; i++) {
      const x = a.frequency[i]!;
      expect(Number.isInteger(x)).toBe(true);
      expect(a.recency[i]!).toBeLessThanOrEqual(ages[i]!);
      if (x === 0) expect(a.recency[i]).toBe(0);
    }
    const values = simulateOrderValues({ p: 6, q: 4, gamma: 15 }, a.frequency, createRng('values'));
    for (let i = 0; i < 500; i++) expect(values[i]! > 0).toBe(a.frequency[i]! > 0);
  });
});
