import { pearson, rocAuc, spearman } from '../ml/index.js';
import { customerIdFor } from '../shared/index.js';
import { demandTruth } from './demand-truth.js';
import type { DemoShop } from './types.js';

const DAY = 86_400_000;

export interface DemandCheckOptions {
  /** Propensity scores P(an order in the window); churn scores P(no order in it). */
  kind: 'propensity' | 'churn';
  /** The time the scores are for: the window is (asOf, asOf + horizonDays]. */
  asOf: number;
  horizonDays: number;
}

export interface Correlations {
  spearman: number;
  pearson: number;
}

/** Demand scores set against what the shop's generator knows and what happened. */
export interface DemandCheck {
  kind: DemandCheckOptions['kind'];
  asOf: number;
  horizonDays: number;
  /** Scored customers who are generated customers, and scored ids that are none. */
  customers: number;
  unmatched: number;
  /** Realized labels: customers with an order in the window (churn: with none), from the generated orders. */
  positives: number;
  /** The sum of the true chances of the label: what `positives` should be, give or take chance. */
  expectedPositives: number;
  /** ROC-AUC of the scores against the realized labels. */
  rocAuc: number;
  /** ROC-AUC of the true chances against the realized labels: what knowing the generator would give. */
  truthRocAuc: number;
  /** Scores against the true chance of the label (propensity: of an order; churn: of none). */
  trueChance: Correlations;
  /** Scores against the true daily hazard of leaving for good, and the true P(gone by the window's end). */
  hazard: Correlations;
  gone: Correlations;
  /** The true chance against the hazard: how far a perfect model's scores would follow it. */
  trueChanceVsHazard: Correlations;
}

const correlations = (a: Float64Array, b: Float64Array): Correlations => ({
  spearman: spearman(a, b),
  pearson: pearson(a, b),
});

/**
 * Sets the scores of a demand model (keyed by Rapport's customer id, as the trainer returns them) against the
 * shop's realized orders in (asOf, asOf + horizonDays] and against `demandTruth` as of `asOf`. Customers the scores
 * leave out are left out. For benchmarks and tests; the engine never sees the truth.
 */
export function checkDemandScores(
  shop: DemoShop,
  scores: ReadonlyMap<string, number>,
  options: DemandCheckOptions,
): DemandCheck {
  const { kind, asOf, horizonDays } = options;
  const truth = demandTruth(shop, { asOf, horizonDays: [horizonDays] });
  const end = asOf + horizonDays * DAY;
  const ordered = new Set<string>();
  for (const line of shop.orderLines) {
    if (line.kind !== 'order') continue;
    const at = Date.parse(line.placed_at);
    if (at > asOf && at <= end) ordered.add(line.user_id);
  }
  const score: number[] = [];
  const label: number[] = [];
  const chance: number[] = [];
  const hazard: number[] = [];
  const gone: number[] = [];
  const matched = new Set<string>();
  for (const t of truth.values()) {
    const id = customerIdFor(t.userId);
    const s = scores.get(id);
    if (s === undefined) continue;
    matched.add(id);
    const pOrder = t.orderChance[0] ?? 0;
    score.push(s);
    label.push(ordered.has(t.userId) === (kind === 'propensity') ? 1 : 0);
    chance.push(kind === 'propensity' ? pOrder : 1 - pOrder);
    hazard.push(t.churnHazard);
    gone.push(t.churnedChance[0] ?? 1);
  }
  const s = Float64Array.from(score);
  const y = Float64Array.from(label);
  const p = Float64Array.from(chance);
  const h = Float64Array.from(hazard);
  return {
    kind,
    asOf,
    horizonDays,
    customers: s.length,
    unmatched: [...scores.keys()].filter((id) => !matched.has(id)).length,
    positives: y.reduce((n, v) => n + v, 0),
    expectedPositives: p.reduce((n, v) => n + v, 0),
    rocAuc: rocAuc(y, s),
    truthRocAuc: rocAuc(y, p),
    trueChance: correlations(s, p),
    hazard: correlations(s, h),
    gone: correlations(s, Float64Array.from(gone)),
    trueChanceVsHazard: correlations(p, h),
  };
}
