import { createRng } from '../shared/index.js';
import type { Tabular, TabularColumn } from './tabular.js';
import { invalidOption, mlInputError } from './validate.js';

/**
 * Permutation importance (Breiman 2001; scikit-learn's `sklearn.inspection.permutation_importance`): how much a
 * score drops when one column's values are shuffled across rows, breaking its link with the target while keeping
 * its distribution. Model-agnostic: `score` sees the table with one column permuted and may fit nothing.
 */

export interface PermutationImportanceOptions {
  /** Shuffles per column (scikit-learn's `n_repeats`, default 5). */
  repeats?: number;
  /** Seed of the shuffles (default 0). */
  seed?: number | string;
  /**
   * Explicit row orders, one per repeat, instead of seeded shuffles: row i of the permuted column takes the value of
   * row order[i]. For replaying another implementation's shuffles; `repeats` is then their number.
   */
  permutations?: readonly ArrayLike<number>[];
}

export interface FeatureImportance {
  feature: string;
  /** Mean of `drops`. */
  mean: number;
  /** Population standard deviation of `drops` (numpy's default, as scikit-learn reports). */
  std: number;
  /** baseline − score with this column permuted, one per repeat (scikit-learn's `importances` row). */
  drops: number[];
}

export interface PermutationImportance {
  /** `score` of the table as it is. */
  baseline: number;
  repeats: number;
  /** One per column, in column order. */
  features: FeatureImportance[];
}

/** A uniformly random order of 0 … n − 1 (Fisher–Yates). */
function shuffled(n: number, next: () => number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

function permuteColumn(column: TabularColumn, order: ArrayLike<number>): TabularColumn {
  if (column.kind === 'numeric') {
    const values = new Float64Array(order.length);
    for (let i = 0; i < order.length; i++) values[i] = column.values[order[i]!]!;
    return { name: column.name, kind: 'numeric', values };
  }
  return {
    name: column.name,
    kind: 'categorical',
    values: Array.from(order, (k) => column.values[k] ?? null),
  };
}

function checkOrder(order: ArrayLike<number>, n: number, repeat: number): void {
  const seen = new Uint8Array(n);
  let valid = order.length === n;
  for (let i = 0; valid && i < n; i++) {
    const k = order[i]!;
    valid = Number.isInteger(k) && k >= 0 && k < n && seen[k] === 0;
    if (valid) seen[k] = 1;
  }
  if (!valid) throw invalidOption(`permutation ${repeat} is not an order of the table's ${n} rows`);
}

/**
 * Importance of each column of `data` for `score` (higher is better, e.g. ROC-AUC of a fitted model's predictions
 * on these rows): the drop from the baseline score when that column alone is permuted, over `repeats` shuffles.
 * As in scikit-learn, every column is shuffled with the same sequence of row orders (one seed), so the columns are
 * compared on the same shuffles; a categorical column is permuted as a whole. A column the score ignores gets
 * exactly 0; a negative mean says the column hurts on these rows (or is noise).
 *
 * @example
 * const importance = permutationImportance(heldOut, (t) => rocAuc(y, predictBinary(model, t)), { repeats: 5 });
 */
export function permutationImportance(
  data: Tabular,
  score: (data: Tabular) => number,
  options: PermutationImportanceOptions = {},
): PermutationImportance {
  const n = data.rows;
  if (n === 0 || data.columns.length === 0)
    throw mlInputError('empty_input', 'the table has no rows or columns');
  const given = options.permutations;
  const repeats = given?.length ?? options.repeats ?? 5;
  if (!Number.isInteger(repeats) || repeats < 1)
    throw invalidOption(`repeats must be a positive integer, got ${repeats}`);
  given?.forEach((order, r) => checkOrder(order, n, r));
  const baseline = score(data);
  if (!Number.isFinite(baseline))
    throw mlInputError('not_finite', `the score of the unpermuted table is ${baseline}`);

  const features = data.columns.map((column, j): FeatureImportance => {
    // The same seed for every column: the same row orders, as scikit-learn's shared `random_seed`.
    const rng = createRng(options.seed ?? 0);
    const drops: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const order = given?.[r] ?? shuffled(n, rng.next);
      const columns = data.columns.slice();
      columns[j] = permuteColumn(column, order);
      const permuted = score({ rows: n, columns });
      if (!Number.isFinite(permuted))
        throw mlInputError('not_finite', `the score with ${column.name} permuted is ${permuted}`);
      drops.push(baseline - permuted);
    }
    let mean = 0;
    for (const d of drops) mean += d;
    mean /= repeats;
    let variance = 0;
    for (const d of drops) variance += (d - mean) ** 2;
    return { feature: column.name, mean, std: Math.sqrt(variance / repeats), drops };
  });
  return { baseline, repeats, features };
}
