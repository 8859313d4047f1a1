import { finiteOrNull } from './cells.js';
import { histogram, type Histogram } from '../ml/index.js';
import { meanVariance, minMax, quantileSorted, sortedCopy } from '../ml/index.js';

/** A numeric column at a glance. Statistics are null when the column has no finite value (JSON has no NaN). */
export interface NumericSummary {
  /** Finite numbers. */
  count: number;
  /** Everything else: null, undefined, NaN, ±Infinity, strings, objects. */
  missing: number;
  mean: number | null;
  /** Population standard deviation. */
  std: number | null;
  min: number | null;
  max: number | null;
  /** Linear-interpolation quantiles (numpy's default method). */
  quantiles: { p: number; value: number | null }[];
  histogram: Histogram | null;
}

export interface SummaryOptions {
  /** Histogram bins; 10 when omitted. */
  bins?: number;
  /** Probabilities in [0, 1]; 0.05, 0.25, 0.5, 0.75 and 0.95 when omitted. */
  quantiles?: readonly number[];
}

const defaultQuantiles = [0.05, 0.25, 0.5, 0.75, 0.95];
// JSON cannot hold NaN or tell −0 from 0: summaries use null and 0 so they survive a round trip unchanged.
const orNull = (x: number): number | null => (Number.isFinite(x) ? x + 0 : null);

function jsonSafe(h: Histogram | null): Histogram | null {
  return h && { edges: h.edges.map((e) => e + 0), counts: h.counts };
}

/** Summarises a column of untrusted cells: only finite numbers count, everything else is `missing`. */
export function summarizeNumeric(cells: readonly unknown[], options: SummaryOptions = {}): NumericSummary {
  const values: number[] = [];
  for (const cell of cells) {
    const x = finiteOrNull(cell);
    if (x !== null) values.push(x);
  }
  const sorted = sortedCopy(values);
  const { mean, variance } = meanVariance(values);
  const { min, max } = minMax(values);
  return {
    count: values.length,
    missing: cells.length - values.length,
    mean: orNull(mean),
    std: orNull(Math.sqrt(variance)),
    min: orNull(min),
    max: orNull(max),
    quantiles: (options.quantiles ?? defaultQuantiles).map((p) => ({
      p,
      value: orNull(quantileSorted(sorted, p)),
    })),
    histogram: jsonSafe(histogram(values, options.bins ?? 10)),
  };
}
