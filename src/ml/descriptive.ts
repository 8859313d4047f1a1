/**
 * Descriptive statistics over finite numbers (plain or typed arrays). Callers drop missing values first; an empty
 * input gives NaN, as numpy does.
 */

/** Mean and population variance (ddof = 0, numpy's default) by Welford's update, which cannot overflow a sum. */
export function meanVariance(values: ArrayLike<number>): { n: number; mean: number; variance: number } {
  const n = values.length;
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  }
  return n === 0 ? { n, mean: NaN, variance: NaN } : { n, mean, variance: m2 / n };
}

export function mean(values: ArrayLike<number>): number {
  return meanVariance(values).mean;
}

/** Population standard deviation (numpy.std with ddof = 0). */
export function std(values: ArrayLike<number>): number {
  return Math.sqrt(meanVariance(values).variance);
}

export function minMax(values: ArrayLike<number>): { min: number; max: number } {
  if (values.length === 0) return { min: NaN, max: NaN };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return { min, max };
}

/** An ascending copy (numeric order, −0 before 0). */
export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/** numpy's `_lerp`: exact at both ends and monotone in t. */
function lerp(a: number, b: number, t: number): number {
  const diff = b - a;
  if (!Number.isFinite(diff)) return a * (1 - t) + b * t;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/**
 * Quantile of ascending data by linear interpolation between closest ranks: numpy's default `method='linear'`
 * (Hyndman & Fan type 7). With h = (n − 1)·p the result is x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]).
 * NaN for empty data; a p outside [0, 1] is a programming error.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  if (lo >= n - 1) return sorted[n - 1] as number;
  return lerp(sorted[lo] as number, sorted[lo + 1] as number, h - lo);
}

/** `quantileSorted` on data in any order (sorts a copy). */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedCopy(values), p);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/** Median absolute deviation from `center` (the median by default), unscaled as in Iglewicz & Hoaglin. */
export function medianAbsoluteDeviation(values: ArrayLike<number>, center = median(values)): number {
  return median(Float64Array.from(values, (x) => Math.abs(x - center)));
}

/** Mean absolute deviation from `center`. */
export function meanAbsoluteDeviation(values: ArrayLike<number>, center: number): number {
  return mean(Float64Array.from(values, (x) => Math.abs(x - center)));
}
