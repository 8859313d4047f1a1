import { mlInputError } from '../validate.js';
import { fitLogParameters, type ClvFitOptions, type ClvFitReport } from './fit.js';
import { digamma, logGamma } from './special.js';
import { checkCustomerSummaries, type CustomerSummaries } from './summary.js';

/**
 * BG/NBD parameters (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way: An Alternative to the
 * Pareto/NBD Model", Marketing Science 24(2)): purchase rates λ ~ Gamma(shape r, rate α) — α is in the data's
 * time unit —, and after each repeat purchase a customer drops out for good with probability p ~ Beta(a, b).
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** A fitted BG/NBD model: plain JSON. */
export interface BgNbdModel {
  kind: 'bgnbd';
  params: BgNbdParams;
  penalizer: number;
  /** Customers the model was fitted on. */
  customers: number;
  fit: ClvFitReport;
}

/**
 * The log-likelihood of the customers' summaries (eq. 6 of the paper, summed): ℓ = A₁ + A₂ + log(e^A₃ + e^A₄)
 * by log-sum-exp, with
 *   A₁ = log Γ(r + x) − log Γ(r) + r log α,  A₂ = log B(a, b + x) − log B(a, b),  A₃ = −(r + x) log(α + T),
 *   A₄ = log a − log(b + x − 1) − (r + x) log(α + t_x) when x > 0 (no such term when x = 0).
 */
export function bgNbdLogLikelihood(params: BgNbdParams, data: CustomerSummaries): number {
  const n = checkCustomerSummaries(data);
  const { r, alpha, a, b } = params;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) {
    throw mlInputError('out_of_range', 'the BG/NBD parameters must all be positive', { params });
  }
  const mean = bgNbdMeanNll(prepare(data, n));
  return -n * mean(Float64Array.from([r, alpha, a, b], Math.log), new Float64Array(4));
}

/**
 * Maximum-likelihood BG/NBD fit over the log-parameters by L-BFGS with the analytic gradient, from
 * r = a = b = 1 and α = ΣT / Σx (so that r/α, the mean purchase rate, matches the data's). Throws when no
 * customer has a repeat purchase: the likelihood then has no maximum.
 */
export function fitBgNbd(data: CustomerSummaries, options: ClvFitOptions = {}): BgNbdModel {
  const n = checkCustomerSummaries(data);
  let repeats = 0;
  let totalAge = 0;
  for (let i = 0; i < n; i++) {
    repeats += data.frequency[i]!;
    totalAge += data.age[i]!;
  }
  if (repeats === 0) {
    throw mlInputError(
      'out_of_range',
      'no customer has a repeat purchase: the BG/NBD likelihood has no maximum (it only tends to its supremum as r → 0)',
      { customers: n },
    );
  }
  const mean = bgNbdMeanNll(prepare(data, n));
  const { params, penalizer, report } = fitLogParameters(mean, [1, totalAge / repeats, 1, 1], options);
  return {
    kind: 'bgnbd',
    params: { r: params[0]!, alpha: params[1]!, a: params[2]!, b: params[3]! },
    penalizer,
    customers: n,
    fit: { ...report, logLikelihood: -n * mean(params.map(Math.log), new Float64Array(4)) },
  };
}

interface Prepared {
  n: number;
  recency: Float64Array;
  age: Float64Array;
  /** Distinct frequencies, ascending, and the position of each customer's frequency among them. */
  distinct: Float64Array;
  slot: Int32Array;
}

function prepare(data: CustomerSummaries, n: number): Prepared {
  const distinct = Float64Array.from(new Set(Array.from(data.frequency))).sort();
  const position = new Map<number, number>();
  distinct.forEach((x, k) => position.set(x, k));
  return {
    n,
    recency: Float64Array.from(data.recency),
    age: Float64Array.from(data.age),
    distinct,
    slot: Int32Array.from(Array.from(data.frequency), (x) => position.get(x)!),
  };
}

/** The mean negative log-likelihood over log-parameters (log r, log α, log a, log b) and its gradient. */
function bgNbdMeanNll(data: Prepared): (u: Float64Array, gradient: Float64Array) => number {
  const { n, recency, age, distinct, slot } = data;
  const m = distinct.length;
  // Per distinct frequency x: the terms of A₁ + A₂ that depend on x only, and their derivatives.
  const base = new Float64Array(m);
  const dBaseR = new Float64Array(m);
  const dBaseA = new Float64Array(m);
  const dBaseB = new Float64Array(m);
  return (u, gradient) => {
    const r = Math.exp(u[0]!);
    const alpha = Math.exp(u[1]!);
    const a = Math.exp(u[2]!);
    const b = Math.exp(u[3]!);
    const logAlpha = u[1]!;
    const constant = -logGamma(r) + r * logAlpha + logGamma(a + b) - logGamma(b);
    const psiR = digamma(r);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    for (let k = 0; k < m; k++) {
      const x = distinct[k]!;
      base[k] = constant + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x);
      const psiABX = digamma(a + b + x);
      dBaseR[k] = digamma(r + x) - psiR + logAlpha;
      dBaseA[k] = psiAB - psiABX;
      dBaseB[k] = psiAB + digamma(b + x) - psiB - psiABX;
    }
    let sum = 0;
    let gR = 0;
    let gAlpha = 0;
    let gA = 0;
    let gB = 0;
    for (let i = 0; i < n; i++) {
      const k = slot[i]!;
      const x = distinct[k]!;
      const rx = r + x;
      const aliveLog = Math.log(alpha + age[i]!);
      const alive = -rx * aliveLog;
      let ll = base[k]!;
      // w: the posterior weight of "dropped out after the last purchase" (the second term of eq. 6).
      let w = 0;
      let deadLog = 0;
      if (x > 0) {
        deadLog = Math.log(alpha + recency[i]!);
        const dead = Math.log(a) - Math.log(b + x - 1) - rx * deadLog;
        const top = Math.max(alive, dead);
        const logSum = top + Math.log(Math.exp(alive - top) + Math.exp(dead - top));
        ll += logSum;
        w = Math.exp(dead - logSum);
        gA += w / a;
        gB -= w / (b + x - 1);
      } else {
        ll += alive;
      }
      sum += ll;
      gR += dBaseR[k]! - (1 - w) * aliveLog - w * deadLog;
      gAlpha += r / alpha - rx * ((1 - w) / (alpha + age[i]!) + (x > 0 ? w / (alpha + recency[i]!) : 0));
      gA += dBaseA[k]!;
      gB += dBaseB[k]!;
    }
    // Chain rule to the log-parameters, then the mean over the customers.
    gradient[0] = (-r * gR) / n;
    gradient[1] = (-alpha * gAlpha) / n;
    gradient[2] = (-a * gA) / n;
    gradient[3] = (-b * gB) / n;
    const value = -sum / n;
    return Number.isNaN(value) ? Infinity : value;
  };
}
