import { copyRow, isMissing, readCell, writeCell, type DataRow, type OutputRow } from './cells.js';
import { summarizeNumeric, type SummaryOptions } from './distribution.js';
import type { FittedImputer } from './impute-fit.js';
import { knnImpute } from './knn.js';
import { createReportBuilder, displayValue, type QualityReport } from './quality-report.js';

/** The flag column recording, per row, whether `feature` was imputed (1) or observed (0). */
export function imputedFlag(feature: string): string {
  return `${feature}_imputed`;
}

export interface ApplyImputerOptions extends SummaryOptions {
  maxExamples?: number;
}

/**
 * Fills every missing value of the imputer's features and adds a `<feature>_imputed` flag (1 or 0) to each row.
 * k-NN compares rows on their original values, so the order features are imputed in does not matter. Rows are
 * copied; afterwards no imputed feature is missing.
 */
export function applyImputer(
  imputer: FittedImputer,
  rows: readonly DataRow[],
  options: ApplyImputerOptions = {},
): { rows: OutputRow[]; report: QualityReport } {
  const report = createReportBuilder('impute', options.maxExamples);
  const features = Object.entries(imputer.features);
  for (const [feature] of features) report.declare(`${feature}:imputed`);
  const out = rows.map((row, index) => {
    const copy = copyRow(row);
    for (const [feature, fitted] of features) {
      const before = readCell(row, feature);
      const missing = isMissing(before);
      if (missing) {
        const guess = fitted.method === 'knn' ? knnImpute(fitted.knn, row) : undefined;
        const value = guess === undefined || isMissing(guess) ? fitted.fill : guess;
        writeCell(copy, feature, value);
        report.touch(`${feature}:imputed`, {
          row: index,
          column: feature,
          before: displayValue(before),
          after: displayValue(value),
        });
      }
      writeCell(copy, imputedFlag(feature), missing ? 1 : 0);
    }
    return copy;
  });
  for (const [feature] of features) {
    report.column(
      feature,
      summarizeNumeric(
        rows.map((r) => readCell(r, feature)),
        options,
      ),
      summarizeNumeric(
        out.map((r) => readCell(r, feature)),
        options,
      ),
    );
  }
  return { rows: out, report: report.build(rows.length, out.length) };
}
