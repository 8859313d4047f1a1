import { finiteColumn, isMissing, readCell, type DataRow } from './cells.js';
import { fitKnn, type KnnModel } from './knn.js';
import { modeOf, type Category } from './mode.js';
import { createReportBuilder, displayValue, type QualityReport } from './quality-report.js';
import { mean, median } from '../ml/index.js';

export type ImputeStrategy =
  | { method: 'mean' }
  | { method: 'median' }
  | { method: 'mode' }
  | { method: 'constant'; value: Category }
  /** Mean (or mode, for categories) of the k nearest training rows on the `using` columns; k = 5 by default. */
  | { method: 'knn'; using: readonly string[]; k?: number; standardize?: boolean };

/** What a feature's missing values are replaced by. `fill` is also the k-NN fallback when no neighbour is comparable. */
export type FittedImputation =
  | { method: 'mean' | 'median' | 'mode' | 'constant'; fill: Category }
  | { method: 'knn'; fill: Category; knn: KnnModel };

/** A fitted imputer: plain JSON, so a model can store it beside its weights. */
export interface FittedImputer {
  kind: 'imputer';
  version: 1;
  features: Record<string, FittedImputation>;
}

export interface FitImputerOptions {
  /** Fill for a feature with no observed value in training; 0 by default. */
  fallback?: Category;
  maxExamples?: number;
}

function checkStrategy(feature: string, s: ImputeStrategy): void {
  if (s.method === 'constant' && isMissing(s.value)) {
    throw new RangeError(`imputing ${feature}: a constant fill must not itself be missing`);
  }
  if (s.method !== 'knn') return;
  const k = s.k ?? 5;
  if (!Number.isInteger(k) || k < 1)
    throw new RangeError(`imputing ${feature}: k must be a positive integer`);
  if (s.using.length === 0 || s.using.includes(feature)) {
    throw new RangeError(`imputing ${feature}: knn needs other columns to compare rows by`);
  }
}

function observed(rows: readonly DataRow[], feature: string): Category[] {
  const out: Category[] = [];
  for (const row of rows) {
    const v = readCell(row, feature);
    if (!isMissing(v) && (typeof v === 'number' || typeof v === 'string')) out.push(v);
  }
  return out;
}

function simpleFill(rows: readonly DataRow[], feature: string, s: ImputeStrategy): Category | undefined {
  switch (s.method) {
    case 'constant':
      return s.value;
    case 'mean':
      return mean(finiteColumn(rows, feature));
    case 'median':
      return median(finiteColumn(rows, feature));
    case 'mode':
      return modeOf(observed(rows, feature));
    case 'knn': {
      // The fallback: the mean when the feature is numeric, else the mode.
      const values = observed(rows, feature);
      return values.every((v) => typeof v === 'number') ? mean(values as number[]) : modeOf(values);
    }
  }
}

/**
 * Learns, per feature, what its missing values (null, undefined, NaN, ±Infinity, blank strings) will be replaced
 * by: mean, median, mode, a constant, or k-nearest-neighbour regression on other columns. Fit on training data
 * only, then `applyImputer` to any data. Throws only for a malformed strategy.
 */
export function fitImputer(
  rows: readonly DataRow[],
  strategies: Readonly<Record<string, ImputeStrategy>>,
  options: FitImputerOptions = {},
): { imputer: FittedImputer; report: QualityReport } {
  const fallback = options.fallback ?? 0;
  if (isMissing(fallback)) throw new RangeError('the imputation fallback must not itself be missing');
  const report = createReportBuilder('impute_fit', options.maxExamples);
  const features: [string, FittedImputation][] = [];
  for (const [feature, strategy] of Object.entries(strategies)) {
    checkStrategy(feature, strategy);
    report.declare(`${feature}:missing`);
    rows.forEach((row, index) => {
      const v = readCell(row, feature);
      if (isMissing(v))
        report.touch(`${feature}:missing`, { row: index, column: feature, before: displayValue(v) });
    });
    let fill = simpleFill(rows, feature, strategy);
    // NaN is the mean of nothing (and of values whose spread overflows): fall back rather than fill with it.
    if (fill === undefined || isMissing(fill)) {
      fill = fallback;
      report.touch(`${feature}:no_observed_values`, { row: -1, column: feature, after: displayValue(fill) });
    }
    features.push([
      feature,
      strategy.method === 'knn'
        ? {
            method: 'knn',
            fill,
            knn: fitKnn(rows, feature, strategy.using, strategy.k ?? 5, strategy.standardize ?? true),
          }
        : { method: strategy.method, fill },
    ]);
  }
  return {
    imputer: { kind: 'imputer', version: 1, features: Object.fromEntries(features) },
    report: report.build(rows.length, rows.length),
  };
}
