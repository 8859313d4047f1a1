import { softmaxInPlace } from './softmax-regression.js';

/**
 * Temperature scaling (Guo et al. 2017): probabilities are softmax(scores / T), with T chosen to minimize the
 * log-loss on held-out scores. It leaves the ranking of classes, hence accuracy, unchanged, and turns SVM margins
 * into calibrated probabilities. Golden-section search over ln T in [ln 0.01, ln 100].
 */
export function fitTemperature(scores: Float64Array, y: ArrayLike<number>, k: number): number {
  const n = y.length;
  if (n === 0) return 1;
  const p = new Float64Array(k);
  const loss = (logT: number) => {
    const t = Math.exp(logT);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      p.set(scores.subarray(i * k, i * k + k));
      softmaxInPlace(p, t);
      sum -= Math.log(Math.max(p[y[i]!]!, 1e-15));
    }
    return sum / n;
  };
  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.01);
  let hi = Math.log(100);
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = loss(a);
  let fb = loss(b);
  for (let iter = 0; iter < 60 && hi - lo > 1e-4; iter++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = loss(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = loss(b);
    }
  }
  return Math.exp((lo + hi) / 2);
}
