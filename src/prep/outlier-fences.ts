import {
  meanAbsoluteDeviation,
  meanVariance,
  median,
  medianAbsoluteDeviation,
  quantileSorted,
  sortedCopy,
} from '../ml/index.js';

export type OutlierRule =
  /** Box-plot fences Q1 − k·IQR and Q3 + k·IQR (quartiles by linear interpolation); k = 1.5 by default. */
  | { method: 'iqr'; k?: number }
  /** mean ± threshold·σ (population σ); threshold = 3 by default. */
  | { method: 'zscore'; threshold?: number }
  /** Modified z-score 0.6745·(x − median)/MAD beyond ±threshold (Iglewicz & Hoaglin); 3.5 by default. */
  | { method: 'mad'; threshold?: number };

export interface Fences {
  method: OutlierRule['method'];
  /** Null means no bound on that side: nothing to fit on, or a fence that overflowed. */
  lower: number | null;
  upper: number | null;
}

/** The constant that makes the MAD estimate σ for normal data: Φ⁻¹(0.75). */
const madToSigma = 0.6745;
/** With a MAD of zero, the mean absolute deviation times √(π/2) estimates σ instead (as IBM SPSS does). */
const meanAdToSigma = 1.253314;

function multiplier(rule: OutlierRule): number {
  const x = rule.method === 'iqr' ? (rule.k ?? 1.5) : (rule.threshold ?? (rule.method === 'mad' ? 3.5 : 3));
  if (!(x > 0) || !Number.isFinite(x))
    throw new RangeError(`${rule.method} needs a positive multiplier, got ${x}`);
  return x;
}

/** [center − half-width, center + half-width] for non-empty values. */
function band(values: readonly number[], rule: OutlierRule, t: number): [number, number] {
  switch (rule.method) {
    case 'iqr': {
      const sorted = sortedCopy(values);
      const q1 = quantileSorted(sorted, 0.25);
      const q3 = quantileSorted(sorted, 0.75);
      return [q1 - t * (q3 - q1), q3 + t * (q3 - q1)];
    }
    case 'zscore': {
      const { mean, variance } = meanVariance(values);
      const sd = Math.sqrt(variance);
      return [mean - t * sd, mean + t * sd];
    }
    case 'mad': {
      const center = median(values);
      const mad = medianAbsoluteDeviation(values, center);
      const spread =
        mad > 0 ? (t * mad) / madToSigma : t * meanAbsoluteDeviation(values, center) * meanAdToSigma;
      return [center - spread, center + spread];
    }
  }
}

/** Fences from finite numbers under one rule. Values outside [lower, upper] are outliers. */
export function outlierFences(values: readonly number[], rule: OutlierRule): Fences {
  const t = multiplier(rule);
  if (values.length === 0) return { method: rule.method, lower: null, upper: null };
  const [lower, upper] = band(values, rule, t);
  const bound = (x: number): number | null => (Number.isFinite(x) ? x : null);
  return { method: rule.method, lower: bound(lower), upper: bound(upper) };
}
