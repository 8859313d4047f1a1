import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { cumulative, dirichlet, gamma, pickIndex, poisson } from './distributions.js';

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('distributions', () => {
  it('draws gamma variates with mean equal to the shape', () => {
    // E[Gamma(k, 1)] = k; 20 000 draws give a standard error of about sqrt(k / 20 000).
    const rng = createRng(1);
    for (const k of [0.4, 1, 3.5]) {
      const xs = Array.from({ length: 20_000 }, () => gamma(rng, k));
      expect(mean(xs)).toBeCloseTo(k, 1);
    }
  });

  it('draws Dirichlet points on the simplex, concentrated when alpha is small', () => {
    const rng = createRng(2);
    const points = Array.from({ length: 2000 }, () => dirichlet(rng, new Array(10).fill(0.4)));
    for (const p of points) expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // Symmetric Dirichlet: each component has mean 1/10; with alpha 0.4 the largest one averages well above 0.3.
    expect(mean(points.map((p) => p[3] ?? 0))).toBeCloseTo(0.1, 1);
    expect(mean(points.map((p) => Math.max(...p)))).toBeGreaterThan(0.3);
  });

  it('draws Poisson counts with mean lambda, for small and large lambda', () => {
    const rng = createRng(3);
    expect(mean(Array.from({ length: 20_000 }, () => poisson(rng, 0.2)))).toBeCloseTo(0.2, 1);
    expect(mean(Array.from({ length: 5000 }, () => poisson(rng, 50)))).toBeCloseTo(50, 0);
    expect(poisson(rng, 0)).toBe(0);
  });

  it('picks indices in proportion to their weights and never one with zero weight', () => {
    const rng = createRng(4);
    const cum = cumulative([1, 0, 3]);
    const counts = [0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[pickIndex(rng, cum)]!++;
    expect(counts[1]).toBe(0);
    expect((counts[2] ?? 0) / 8000).toBeCloseTo(0.75, 1);
  });
});
