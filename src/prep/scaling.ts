import { copyRow, finiteColumn, readCell, writeCell, type DataRow, type OutputRow } from './cells.js';
import { summarizeNumeric, type SummaryOptions } from './distribution.js';
import { createReportBuilder, type QualityReport } from './quality-report.js';
import { meanVariance, minMax, quantileSorted, sortedCopy } from '../ml/index.js';

/** minmax: (x − min)/(max − min); zscore: (x − mean)/σ; robust: (x − median)/IQR. As scikit-learn's scalers. */
export type ScaleMethod = 'minmax' | 'zscore' | 'robust';

/** x′ = (x − center) / scale. */
export interface ScaleParams {
  method: ScaleMethod;
  center: number;
  scale: number;
}

/** A fitted scaler: plain JSON, so a model can store it and scale serving data the way it scaled training data. */
export interface FittedScaler {
  kind: 'scaler';
  version: 1;
  columns: Record<string, ScaleParams>;
}

export interface ScaleOptions extends SummaryOptions {
  maxExamples?: number;
}

/** Fits one column's parameters on finite numbers. A constant column gets scale 1 (scikit-learn's choice). */
export function fitScaleParams(values: readonly number[], method: ScaleMethod): ScaleParams {
  let center: number;
  let spread: number;
  if (method === 'minmax') {
    const { min, max } = minMax(values);
    [center, spread] = [min, max - min];
  } else if (method === 'zscore') {
    const { mean, variance } = meanVariance(values);
    [center, spread] = [mean, Math.sqrt(variance)];
  } else {
    const sorted = sortedCopy(values);
    [center, spread] = [
      quantileSorted(sorted, 0.5),
      quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25),
    ];
  }
  if (!Number.isFinite(center)) center = 0;
  // Tiny spreads would blow values up to noise; an overflowed spread keeps the largest finite one.
  const scale = !(spread >= 10 * Number.EPSILON) ? 1 : Number.isFinite(spread) ? spread : Number.MAX_VALUE;
  return { method, center, scale };
}

export function scaleValue(p: ScaleParams, x: number): number {
  return (x - p.center) / p.scale;
}

export function unscaleValue(p: ScaleParams, y: number): number {
  return y * p.scale + p.center;
}

/**
 * Fits a scaler per column on training rows (only finite numbers count). The report names columns with no finite
 * value (scaled as identity) and constant columns (scale 1).
 */
export function fitScaler(
  rows: readonly DataRow[],
  methods: Readonly<Record<string, ScaleMethod>>,
  options: { maxExamples?: number } = {},
): { scaler: FittedScaler; report: QualityReport } {
  const report = createReportBuilder('scale_fit', options.maxExamples);
  const columns = Object.entries(methods).map(([column, method]) => {
    const values = finiteColumn(rows, column);
    const params = fitScaleParams(values, method);
    const { min, max } = minMax(values);
    if (values.length === 0) report.touch(`${column}:no_observed_values`, { row: -1, column });
    else if (min === max) report.touch(`${column}:constant`, { row: -1, column, note: 'scale set to 1' });
    return [column, params] as const;
  });
  return {
    scaler: { kind: 'scaler', version: 1, columns: Object.fromEntries(columns) },
    report: report.build(rows.length, rows.length),
  };
}

function mapRows(
  scaler: FittedScaler,
  rows: readonly DataRow[],
  stage: string,
  f: (p: ScaleParams, x: number) => number,
  options: ScaleOptions,
): { rows: OutputRow[]; report: QualityReport } {
  const report = createReportBuilder(stage, options.maxExamples);
  const columns = Object.entries(scaler.columns);
  const out = rows.map((row, index) => {
    const copy = copyRow(row);
    for (const [column, p] of columns) {
      const x = readCell(row, column);
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        report.touch(`${column}:not_finite`, { row: index, column, note: 'left as it was' });
        continue;
      }
      writeCell(copy, column, f(p, x));
    }
    return copy;
  });
  for (const [column] of columns) {
    const before = summarizeNumeric(
      rows.map((r) => readCell(r, column)),
      options,
    );
    const after = summarizeNumeric(
      out.map((r) => readCell(r, column)),
      options,
    );
    report.column(column, before, after);
  }
  return { rows: out, report: report.build(rows.length, out.length) };
}

/** Scales the fitted columns of every row; missing and non-numeric cells pass through unchanged. */
export function scaleRows(
  scaler: FittedScaler,
  rows: readonly DataRow[],
  options: ScaleOptions = {},
): { rows: OutputRow[]; report: QualityReport } {
  return mapRows(scaler, rows, 'scale', scaleValue, options);
}

/** Inverse of `scaleRows`: back to the original units (exact up to floating-point rounding). */
export function unscaleRows(
  scaler: FittedScaler,
  rows: readonly DataRow[],
  options: ScaleOptions = {},
): { rows: OutputRow[]; report: QualityReport } {
  return mapRows(scaler, rows, 'unscale', unscaleValue, options);
}
