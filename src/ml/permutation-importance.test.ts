import { describe, expect, it } from 'vitest';

import { permutationImportance } from './permutation-importance.js';
import { rocAuc } from './ranking-metrics.js';
import { referenceClassification } from './reference-data.js';
import type { Tabular } from './tabular.js';
import { errorReason } from './test-kit.js';

// Expected values: scripts/ml-reference/permutation_importance.py (scikit-learn 1.2.1, numpy 1.24.2): scikit-learn's
// permutation_importance(scoring='roc_auc') of a fixed logistic model on referenceClassification(80, 5). 'orders'
// are the row orders scikit-learn used with n_repeats=3, random_state=0 (recovered from what the model was asked to
// score; the same for every column), with its baseline, drops per column and repeat, means and stds. 'sampled': its
// means and stds over 200 of its own shuffles.
const REF = {
  baseline: 0.7473958333333333,
  orders: [
    [
      61, 47, 13, 51, 58, 63, 55, 77, 2, 69, 66, 30, 36, 10, 9, 52, 24, 40, 0, 71, 8, 68, 18, 4, 15, 45, 27,
      46, 29, 6, 43, 33, 25, 35, 23, 78, 19, 56, 42, 14, 76, 37, 60, 22, 3, 20, 28, 17, 5, 62, 16, 44, 21, 79,
      11, 12, 26, 72, 73, 38, 53, 57, 65, 48, 34, 74, 75, 31, 59, 7, 49, 1, 70, 67, 39, 41, 54, 64, 32, 50,
    ],
    [
      70, 11, 54, 57, 18, 61, 50, 41, 62, 63, 7, 23, 53, 67, 65, 20, 75, 56, 79, 59, 68, 42, 28, 6, 13, 33, 3,
      64, 29, 38, 16, 76, 66, 24, 52, 32, 71, 21, 46, 74, 30, 51, 1, 15, 19, 9, 31, 35, 26, 69, 48, 25, 43,
      45, 60, 39, 55, 47, 49, 34, 37, 10, 5, 72, 14, 36, 44, 73, 22, 17, 40, 58, 8, 0, 2, 27, 78, 77, 12, 4,
    ],
    [
      67, 12, 41, 34, 54, 36, 52, 23, 22, 26, 21, 62, 5, 47, 45, 14, 43, 13, 46, 16, 69, 58, 57, 76, 50, 33,
      72, 32, 1, 48, 11, 8, 18, 79, 66, 17, 27, 4, 9, 64, 15, 0, 53, 40, 75, 37, 19, 55, 35, 70, 3, 20, 63,
      39, 73, 51, 74, 60, 30, 49, 10, 42, 71, 44, 7, 24, 65, 77, 78, 29, 25, 38, 2, 56, 59, 61, 68, 28, 6, 31,
    ],
  ],
  importances: [
    [0.15104166666666663, 0.05989583333333326, 0.15755208333333326],
    [0.08333333333333337, 0.10286458333333326, 0.1328125],
    [0.02669270833333326, 0.02669270833333326, 0.03515624999999989],
    [0, 0, 0],
  ],
  mean: [0.12282986111111105, 0.10633680555555554, 0.0295138888888888, 0],
  std: [0.04458037887190569, 0.02034845168356083, 0.003989751803569912, 0],
  sampled: {
    mean: [0.15615234374999992, 0.10659830729166661, 0.02867513020833326, 0],
    std: [0.057660858787939084, 0.04087346589517778, 0.02165956992297986, 0],
  },
};

const WEIGHTS = [1.2, -0.4, 1.0, 0.0];
const INTERCEPT = -0.5;
const { X, y } = referenceClassification(80, 5);

/** The reference data as a table; x2 (0/1) as a categorical column, so that kind is permuted too. */
function referenceTable(): Tabular {
  const column = (j: number) => Float64Array.from({ length: X.rows }, (_, i) => X.data[i * 4 + j]!);
  return {
    rows: X.rows,
    columns: [
      { name: 'x0', kind: 'numeric', values: column(0) },
      { name: 'x1', kind: 'numeric', values: column(1) },
      { name: 'x2', kind: 'categorical', values: Array.from(column(2), (v) => (v === 1 ? 'yes' : 'no')) },
      { name: 'x3', kind: 'numeric', values: column(3) },
    ],
  };
}

/** ROC-AUC of the script's fixed model P(y = 1) = σ(−0.5 + 1.2·x0 − 0.4·x1 + 1.0·x2 + 0·x3). */
function score(t: Tabular): number {
  const [x0, x1, x2, x3] = t.columns;
  if (
    x0?.kind !== 'numeric' ||
    x1?.kind !== 'numeric' ||
    x2?.kind !== 'categorical' ||
    x3?.kind !== 'numeric'
  )
    throw new Error('unexpected columns');
  const p = Float64Array.from({ length: t.rows }, (_, i) => {
    const z =
      INTERCEPT +
      WEIGHTS[0]! * x0.values[i]! +
      WEIGHTS[1]! * x1.values[i]! +
      WEIGHTS[2]! * (x2.values[i] === 'yes' ? 1 : 0) +
      WEIGHTS[3]! * x3.values[i]!;
    return 1 / (1 + Math.exp(-z));
  });
  return rocAuc(y, p);
}

describe('permutationImportance', () => {
  it("reproduces scikit-learn's baseline, drops, means and stds on its own row orders", () => {
    const result = permutationImportance(referenceTable(), score, { permutations: REF.orders });
    expect(result.baseline).toBeCloseTo(REF.baseline, 12);
    expect(result.repeats).toBe(3);
    expect(result.features.map((f) => f.feature)).toEqual(['x0', 'x1', 'x2', 'x3']);
    result.features.forEach((f, j) => {
      f.drops.forEach((d, r) => expect(d, `x${j} repeat ${r}`).toBeCloseTo(REF.importances[j]![r]!, 12));
      expect(f.mean, `x${j} mean`).toBeCloseTo(REF.mean[j]!, 12);
      expect(f.std, `x${j} std`).toBeCloseTo(REF.std[j]!, 12);
    });
    // The ignored column: exactly zero, as in scikit-learn.
    expect(result.features[3]).toMatchObject({ mean: 0, std: 0, drops: [0, 0, 0] });
  });

  it("agrees with scikit-learn's own shuffles within sampling error", () => {
    const result = permutationImportance(referenceTable(), score, { repeats: 200, seed: 'reference' });
    result.features.forEach((f, j) => {
      const sd = REF.sampled.std[j]!;
      // Two means of 200 draws each: their difference has sd ≈ σ·√(2/200) = 0.1σ; allow 4 of those.
      expect(Math.abs(f.mean - REF.sampled.mean[j]!), f.feature).toBeLessThanOrEqual(0.4 * sd);
      // A standard deviation from 200 draws is within ≈ 5–8 % of σ (one sd; the drops are skewed); allow 35 %
      // between two estimates (the largest gap over 30 seeds was 23 %).
      expect(Math.abs(f.std - sd), f.feature).toBeLessThanOrEqual(0.35 * sd);
    });
    // The informative columns rank as their weights on this data say.
    const means = result.features.map((f) => f.mean);
    expect(means[0]).toBeGreaterThan(means[1]!);
    expect(means[1]).toBeGreaterThan(means[2]!);
    expect(means[3]).toBe(0);
  });

  it('is deterministic for a seed, uses the same shuffles for every column, and leaves the table unchanged', () => {
    const table = referenceTable();
    const before = structuredClone(table);
    const seen: Tabular[] = [];
    const recording = (t: Tabular) => {
      seen.push(t);
      return score(t);
    };
    const a = permutationImportance(table, recording, { repeats: 4, seed: 7 });
    expect(table).toEqual(before);
    expect(permutationImportance(table, score, { repeats: 4, seed: 7 })).toEqual(a);
    expect(permutationImportance(table, score, { repeats: 4, seed: 8 }).features[0]!.drops).not.toEqual(
      a.features[0]!.drops,
    );
    expect(seen).toHaveLength(1 + 4 * 4);
    expect(seen[0]).toBe(table);
    const x0 = table.columns[0]!.values as Float64Array;
    const position = new Map(Array.from(x0, (v, i) => [v, i]));
    const orderOf = (t: Tabular) => Array.from(t.columns[0]!.values as Float64Array, (v) => position.get(v)!);
    for (let r = 0; r < 4; r++) {
      const order = orderOf(seen[1 + r]!);
      expect([...order].sort((p, q) => p - q)).toEqual(Array.from({ length: 80 }, (_, i) => i));
      // Column 2 (categorical) in repeat r was permuted with the same row order as column 0 was.
      const permuted = seen[1 + 2 * 4 + r]!;
      const x2 = table.columns[2]!.values as readonly string[];
      expect(permuted.columns[2]!.values).toEqual(order.map((k) => x2[k]));
      // Only the permuted column differs.
      expect(permuted.columns[0]).toBe(table.columns[0]);
      expect(permuted.columns[3]).toBe(table.columns[3]);
    }
    expect(orderOf(seen[1]!)).not.toEqual(orderOf(seen[2]!));
  });

  it('refuses bad input', () => {
    const table = referenceTable();
    expect(errorReason(() => permutationImportance(table, score, { repeats: 0 }))).toBe('invalid_option');
    expect(errorReason(() => permutationImportance(table, score, { repeats: 1.5 }))).toBe('invalid_option');
    const duplicate = Array.from({ length: 80 }, (_, i) => (i === 1 ? 0 : i));
    expect(errorReason(() => permutationImportance(table, score, { permutations: [duplicate] }))).toBe(
      'invalid_option',
    );
    expect(errorReason(() => permutationImportance(table, score, { permutations: [[0, 1]] }))).toBe(
      'invalid_option',
    );
    expect(errorReason(() => permutationImportance({ rows: 0, columns: [] }, score))).toBe('empty_input');
    expect(errorReason(() => permutationImportance(table, () => NaN))).toBe('not_finite');
  });
});
