import { copyRow, finiteColumn, readCell, writeCell, type DataRow, type OutputRow } from './cells.js';
import { summarizeNumeric, type SummaryOptions } from './distribution.js';
import { outlierFences, type Fences, type OutlierRule } from './outlier-fences.js';
import { createReportBuilder, displayValue, type QualityReport } from './quality-report.js';

/** cap: clamp to the nearest fence; drop: remove the row; flag: add `<column>_outlier` = 1 or 0. */
export type OutlierPolicy = 'cap' | 'drop' | 'flag';

export type OutlierSpec = OutlierRule & { policy: OutlierPolicy };

/** Fitted fences per column: plain JSON, fitted on training data and applied to any data. */
export interface FittedOutlierFences {
  kind: 'outlier_fences';
  version: 1;
  columns: Record<string, Fences & { policy: OutlierPolicy }>;
}

export interface OutlierOptions extends SummaryOptions {
  maxExamples?: number;
}

export function outlierFlag(column: string): string {
  return `${column}_outlier`;
}

/**
 * Learns fences per column from its finite values (NaN, ±Infinity and non-numbers are ignored). The report names
 * columns with no finite value, whose fences stay open.
 */
export function fitOutlierFences(
  rows: readonly DataRow[],
  specs: Readonly<Record<string, OutlierSpec>>,
  options: { maxExamples?: number } = {},
): { fences: FittedOutlierFences; report: QualityReport } {
  const report = createReportBuilder('outliers_fit', options.maxExamples);
  const columns = Object.entries(specs).map(([column, spec]) => {
    const values = finiteColumn(rows, column);
    if (values.length === 0) report.touch(`${column}:no_observed_values`, { row: -1, column });
    return [column, { ...outlierFences(values, spec), policy: spec.policy }] as const;
  });
  return {
    fences: { kind: 'outlier_fences', version: 1, columns: Object.fromEntries(columns) },
    report: report.build(rows.length, rows.length),
  };
}

function isOutlier(value: unknown, f: Fences): value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  return (f.lower !== null && value < f.lower) || (f.upper !== null && value > f.upper);
}

/**
 * Applies fitted fences. A number outside its column's fences (±Infinity included) is capped, drops its row, or is
 * flagged; NaN and non-numbers are left alone (missing values are the imputer's business). Rows are copied.
 */
export function applyOutlierFences(
  fitted: FittedOutlierFences,
  rows: readonly DataRow[],
  options: OutlierOptions = {},
): { rows: OutputRow[]; dropped: number[]; report: QualityReport } {
  const report = createReportBuilder('outliers', options.maxExamples);
  const columns = Object.entries(fitted.columns);
  for (const [column, f] of columns) report.declare(`${column}:${f.method}_${f.policy}`);
  const out: OutputRow[] = [];
  const dropped: number[] = [];
  rows.forEach((row, index) => {
    const copy = copyRow(row);
    let drop = false;
    for (const [column, f] of columns) {
      const value = readCell(row, column);
      const outlier = isOutlier(value, f);
      if (f.policy === 'flag') writeCell(copy, outlierFlag(column), outlier ? 1 : 0);
      if (!outlier) continue;
      const capped = Math.min(Math.max(value, f.lower ?? -Infinity), f.upper ?? Infinity);
      if (f.policy === 'cap') writeCell(copy, column, capped);
      if (f.policy === 'drop') drop = true;
      report.touch(`${column}:${f.method}_${f.policy}`, {
        row: index,
        column,
        before: displayValue(value),
        ...(f.policy === 'cap' ? { after: displayValue(capped) } : {}),
        note: `outside [${f.lower}, ${f.upper}]`,
      });
    }
    if (drop) dropped.push(index);
    else out.push(copy);
  });
  for (const [column] of columns) {
    report.column(
      column,
      summarizeNumeric(
        rows.map((r) => readCell(r, column)),
        options,
      ),
      summarizeNumeric(
        out.map((r) => readCell(r, column)),
        options,
      ),
    );
  }
  return { rows: out, dropped, report: report.build(rows.length, out.length) };
}

/** Fits fences on `rows` and applies them to the same rows. */
export function handleOutliers(
  rows: readonly DataRow[],
  specs: Readonly<Record<string, OutlierSpec>>,
  options: OutlierOptions = {},
): { fences: FittedOutlierFences; rows: OutputRow[]; dropped: number[]; report: QualityReport } {
  const { fences } = fitOutlierFences(rows, specs, options);
  return { fences, ...applyOutlierFences(fences, rows, options) };
}
