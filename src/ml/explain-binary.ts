import type { BinaryModel } from './binary-models.js';
import { treeShap } from './gbdt/tree-shap.js';
import { createMatrix } from './matrix.js';
import { encodeLinear, encodeTrees, type Tabular } from './tabular.js';

/** One input's share of a prediction, on the log-odds scale, with the input's value in the table. */
export interface Contribution {
  feature: string;
  value: number | string | null;
  contribution: number;
}

/** A prediction's explanation: the baseline log-odds and each input's contribution, summing to the prediction. */
export interface BinaryExplanation {
  /**
   * Log-odds before any input is known: the intercept (logistic regression), the expected raw score (trees), or
   * their sum (hybrid).
   */
  base: number;
  /** The `top` contributions by absolute size, largest first (ties by column order). */
  contributions: Contribution[];
  /** base + every contribution (not only the top ones): the prediction's log-odds. */
  logit: number;
}

const CHUNK = 4096;

function tableValue(data: Tabular, column: number, row: number): number | string | null {
  const c = data.columns[column]!;
  if (c.kind === 'numeric') {
    const v = c.values[row]!;
    return Number.isNaN(v) ? null : v;
  }
  return c.values[row] ?? null;
}

function ranked(perColumn: Float64Array, data: Tabular, row: number, top: number): Contribution[] {
  const order = Array.from(perColumn.keys()).sort(
    (a, b) => Math.abs(perColumn[b]!) - Math.abs(perColumn[a]!) || a - b,
  );
  return order
    .slice(0, top)
    .filter((j) => perColumn[j] !== 0)
    .map((j) => ({
      feature: data.columns[j]!.name,
      value: tableValue(data, j, row),
      contribution: perColumn[j]!,
    }));
}

/**
 * Why each row got its probability, per table column: for logistic regression coefficient × encoded value (the
 * one-hot and missing-indicator parts of a column summed back into it); for GBDT the TreeSHAP values (exact,
 * path-dependent), one per column since trees see the columns unexpanded; for the hybrid the sum of both (its linear
 * part and its trees). All are additive on the log-odds scale: base + Σ contributions = logit(p). Rows are explained
 * in chunks, so memory stays bounded on large tables.
 */
export function explainBinary(model: BinaryModel, data: Tabular, top = 5): BinaryExplanation[] {
  const d = data.columns.length;
  const out: BinaryExplanation[] = [];
  const linear = model.kind === 'logreg' ? model.model : model.kind === 'hybrid' ? model.base : undefined;
  const trees = model.kind === 'logreg' ? undefined : model.model;
  // For the linear model: which table column each encoded column belongs to.
  const owner: number[] = [];
  if (linear)
    model.encoding.columns.forEach((f, j) => {
      const width = f.kind === 'numeric' ? (f.missing ? 2 : 1) : f.categories.length;
      for (let k = 0; k < width; k++) owner.push(j);
    });
  const perColumn = new Float64Array(d);
  for (let start = 0; start < data.rows; start += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, data.rows - start) }, (_, i) => start + i);
    const x = linear && encodeLinear(model.encoding, data, rows);
    const treeX = trees && encodeTrees(model.encoding, data, rows).x;
    const shap = trees && treeX && treeShap(trees, createMatrix(treeX.rows, treeX.cols, treeX.data));
    rows.forEach((row, r) => {
      perColumn.fill(0);
      let base = 0;
      if (linear && x) {
        base += linear.intercept;
        for (let k = 0; k < x.cols; k++) perColumn[owner[k]!]! += linear.coef[k]! * x.data[r * x.cols + k]!;
      }
      if (shap) {
        base += shap.data[r * shap.cols + d]!;
        for (let j = 0; j < d; j++) perColumn[j]! += shap.data[r * shap.cols + j]!;
      }
      const logit = perColumn.reduce((s, c) => s + c, base);
      out.push({ base, contributions: ranked(perColumn, data, row, top), logit });
    });
  }
  return out;
}
