import { createMatrix, encodeTrees, treeShap, type Contribution, type Tabular } from '../ml/index.js';
import type { ModelScore } from '../scores/index.js';
import {
  expectedOrderValue,
  expectedPurchaseDays,
  probabilityAlive,
  type ProbabilisticClv,
} from './clv-probabilistic.js';
import type { SpendRegressor } from './clv-regressor.js';
import type { ClvSummary } from './clv-summary.js';
import type { TrainedClvModel } from './train-clv.js';

const CHUNK = 4096;

function cellOf(table: Tabular, column: number, row: number): number | string | null {
  const c = table.columns[column]!;
  if (c.kind === 'numeric') {
    const v = c.values[row]!;
    return Number.isNaN(v) ? null : v;
  }
  return c.values[row] ?? null;
}

/**
 * The `top` TreeSHAP contributions of each row's predicted spend, largest first (ties by column order, zeros left
 * out), in spend units: with the expected prediction they add up to the regressor's raw output, which scoring floors
 * at 0. Rows are explained in chunks, so memory stays bounded.
 */
function explainSpend(regressor: SpendRegressor, table: Tabular, top: number): Contribution[][] {
  const d = table.columns.length;
  const out: Contribution[][] = [];
  for (let start = 0; start < table.rows; start += CHUNK) {
    const rows = Array.from({ length: Math.min(CHUNK, table.rows - start) }, (_, i) => start + i);
    const { x } = encodeTrees(regressor.encoding, table, rows);
    const shap = treeShap(regressor.model, createMatrix(x.rows, x.cols, x.data));
    rows.forEach((row, r) => {
      const phi = shap.data.subarray(r * shap.cols, r * shap.cols + d);
      const order = Array.from(phi.keys()).sort((a, b) => Math.abs(phi[b]!) - Math.abs(phi[a]!) || a - b);
      out.push(
        order
          .slice(0, top)
          .filter((j) => phi[j] !== 0)
          .map((j) => ({
            feature: table.columns[j]!.name,
            value: cellOf(table, j, row),
            contribution: phi[j]!,
          })),
      );
    });
  }
  return out;
}

/** What BG/NBD and Gamma-Gamma as of `asOf` say about one customer, whichever model gave the score. */
function purchaseOutlook(
  model: ProbabilisticClv,
  s: ClvSummary,
  horizonDays: number,
  nextOrderAt: number | null,
): Record<string, number | string | null> {
  return {
    probabilityAlive: probabilityAlive(model, s),
    expectedOrders: expectedPurchaseDays(model, s, horizonDays),
    expectedOrderValue: expectedOrderValue(model, s),
    nextOrderAt: nextOrderAt === null ? null : new Date(nextOrderAt).toISOString(),
  };
}

/**
 * Every scored customer's expected spend over the horizon, ready for the score store, with the purchase outlook
 * from BG/NBD and Gamma-Gamma as of `asOf` (`detail.extra`: P(alive), expected orders — purchase days — in the
 * horizon, expected order value, and the expected next-order time as an ISO string, null when the customer has more
 * likely than not stopped buying) and, when the GBDT gave the score, the inputs that moved it most (TreeSHAP, in
 * spend units). BG/NBD's score is expectedOrders × expectedOrderValue, so it needs no other explanation.
 */
export function clvScores(trained: TrainedClvModel, top = 5): ModelScore[] {
  const { customerIds, summaries, table } = trained.scoring;
  const explained = trained.regressor && table ? explainSpend(trained.regressor, table, top) : null;
  return customerIds.map((customerId, i) => ({
    customerId,
    value: trained.scores.get(customerId) ?? Number.NaN,
    detail: {
      ...(explained ? { contributions: explained[i]! } : {}),
      extra: purchaseOutlook(
        trained.probabilistic,
        summaries[i]!,
        trained.horizonDays,
        trained.nextOrderAt.get(customerId) ?? null,
      ),
    },
  }));
}
