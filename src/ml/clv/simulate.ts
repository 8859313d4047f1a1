import type { Rng } from '../../shared/index.js';
import type { BgNbdParams } from './bgnbd.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import { checkTime } from './summary.js';

/**
 * Customer summaries drawn from the BG/NBD generative process, one customer per age T: λ ~ Gamma(r, rate α),
 * p ~ Beta(a, b), purchases at the times of a Poisson process of rate λ and, after each repeat purchase,
 * dropout with probability p. For tests, demos and checking a fit against known parameters.
 */
export function simulateBgNbd(
  params: BgNbdParams,
  ages: ArrayLike<number>,
  rng: Rng,
): { frequency: Float64Array; recency: Float64Array; age: Float64Array } {
  const n = ages.length;
  const out = { frequency: new Float64Array(n), recency: new Float64Array(n), age: Float64Array.from(ages) };
  for (let i = 0; i < n; i++) {
    const T = ages[i]!;
    checkTime('an age', T);
    const lambda = sampleGamma(params.r, rng) / params.alpha;
    const g = sampleGamma(params.a, rng);
    const dropout = g / (g + sampleGamma(params.b, rng));
    let t = 0;
    let x = 0;
    let last = 0;
    for (;;) {
      t -= Math.log(1 - rng.next()) / lambda;
      if (!(t <= T)) break;
      x++;
      last = t;
      if (rng.next() < dropout) break;
    }
    out.frequency[i] = x;
    out.recency[i] = last;
  }
  return out;
}

/**
 * The mean of each customer's repeat order values drawn from the Gamma-Gamma process: ν ~ Gamma(q, rate γ)
 * per customer, each of its `frequency` orders ~ Gamma(p, rate ν); 0 for a customer without repeat purchases.
 */
export function simulateOrderValues(
  params: GammaGammaParams,
  frequency: ArrayLike<number>,
  rng: Rng,
): Float64Array {
  const out = new Float64Array(frequency.length);
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    if (x <= 0) continue;
    const nu = sampleGamma(params.q, rng) / params.gamma;
    let sum = 0;
    for (let k = 0; k < x; k++) sum += sampleGamma(params.p, rng) / nu;
    out[i] = sum / x;
  }
  return out;
}

/** Gamma(shape, rate 1) by Marsaglia & Tsang (2000), boosted by U^(1/shape) for shape < 1. */
export function sampleGamma(shape: number, rng: Rng): number {
  if (shape < 1) {
    const u = 1 - rng.next();
    return sampleGamma(shape + 1, rng) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let z: number;
    let v: number;
    do {
      z = rng.normal();
      v = 1 + c * z;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v;
  }
}
