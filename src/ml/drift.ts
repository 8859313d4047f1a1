import { binMatrix, findBinning } from './gbdt/binning.js';
import { rocAuc } from './ranking-metrics.js';
import { encodeTrees, fitTabular, type Tabular } from './tabular.js';

/** How well one column alone tells the earlier half of time-ordered rows from the later half. */
export interface ColumnDrift {
  column: string;
  /** Held-out ROC-AUC of "later half" from the column's histogram bin: 0.5 = no drift, 1 = the column tells time. */
  auc: number;
}

/**
 * A column at or above this AUC tracks time: a later period brings values (or mixes of values) the training rows
 * did not have. 0.8 means a clear majority of its rows can be dated by the column alone.
 */
export const DRIFT_AUC = 0.8;

/**
 * Adversarial validation inside time-ordered rows (oldest first): per column, a one-feature classifier of "row in
 * the later half" (the share of later rows in each of the column's GBDT histogram bins, from the rows at even
 * positions, with add-½ smoothing) is scored by ROC-AUC on the rows at odd positions, so a column with a distinct
 * value per row does not look like drift. Uses `rows` only; columns in table order.
 */
export function columnDrift(data: Tabular, rows: readonly number[]): ColumnDrift[] {
  const half = Math.floor(rows.length / 2);
  if (half < 2) return data.columns.map((c) => ({ column: c.name, auc: 0.5 }));
  const encoding = fitTabular(data, rows);
  const { x, categorical } = encodeTrees(encoding, data, rows);
  const binned = binMatrix(x, findBinning(x, new Set(categorical), 255));
  const d = binned.cols;
  const later = Float64Array.from({ length: rows.length >> 1 }, (_, k) => (2 * k + 1 >= half ? 1 : 0));
  return data.columns.map((c, j) => {
    const counts = new Float64Array(binned.numBins[j]!);
    const laterCounts = new Float64Array(binned.numBins[j]!);
    for (let k = 0; k < rows.length; k += 2) {
      const b = binned.bins[k * d + j]!;
      counts[b]!++;
      if (k >= half) laterCounts[b]!++;
    }
    const score = Float64Array.from(later, (_, q) => {
      const b = binned.bins[(2 * q + 1) * d + j]!;
      return (laterCounts[b]! + 0.5) / (counts[b]! + 1);
    });
    return { column: c.name, auc: rocAuc(later, score) };
  });
}

/** Names of the columns whose drift AUC (`columnDrift`) reaches `threshold`. */
export function driftingColumns(data: Tabular, rows: readonly number[], threshold = DRIFT_AUC): string[] {
  return columnDrift(data, rows)
    .filter((c) => c.auc >= threshold)
    .map((c) => c.column);
}
