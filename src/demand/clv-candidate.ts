import { gbdtFeatureImportance, regressionEvaluationReport } from '../ml/index.js';
import type { SpendMetrics, TrainedClvModel } from './train-clv.js';

const prefixed = (prefix: string, m: SpendMetrics): Record<string, number> => ({
  [`${prefix}mae`]: m.mae,
  [`${prefix}rmse`]: m.rmse,
  [`${prefix}r2`]: m.r2,
  [`${prefix}predicted_total`]: m.predictedTotal,
  [`${prefix}actual_total`]: m.actualTotal,
});

/** How a purchase summary is made from orders, for whoever scores with the stored BG/NBD and Gamma-Gamma fits. */
const SUMMARY_RULES = {
  timeUnit: 'day',
  purchases: 'orders grouped by UTC day; frequency = purchase days − 1, recency and age from the first one',
  orderValue: 'Σ quantity × unit price over lines with positive quantity and price, capped at valueCap',
  monetaryValue: 'mean value of the repeat purchase days with a positive value',
};

/**
 * A trained customer-value model as the model registry takes it: held-out (out-of-time) metrics of the chosen model,
 * of the other candidate and of the naive baseline, with RMSE (lower is better) as the metric promotions are decided
 * on, and what scoring needs again: the BG/NBD and Gamma-Gamma parameters as of `asOf` (always: they give P(alive)
 * and the next-order date), and the GBDT with its columns and encoding when it was chosen.
 */
export function clvCandidate(trained: TrainedClvModel, seed: string | number) {
  const { bgnbd, gammaGamma, fallbackOrderValue } = trained.probabilistic;
  const gbdt = trained.regressor;
  const other = trained.chosen === 'gbdt_regression' ? 'bgnbd_gamma_gamma' : 'gbdt_regression';
  const otherMetrics = trained.heldOut[other];
  const metrics: Record<string, number> = {
    ...prefixed('', trained.metrics),
    ...prefixed('baseline_', trained.heldOut.baseline),
    // A skipped candidate has no metrics: `params.skipped` says why.
    ...(otherMetrics ? prefixed(`${other}_`, otherMetrics) : {}),
    candidates_compared: otherMetrics ? 2 : 1,
    rmse_improvement_over_baseline: trained.rmseImprovement,
    capped_held_out_orders: trained.cappedHeldOutOrders,
    train_rows: trained.trainRows,
    validation_rows: trained.validationRows,
  };
  return {
    name: trained.name,
    modelType: trained.chosen,
    dataWindow: {
      from: trained.window.trainCutoff,
      to: trained.window.asOf,
      asOf: trained.window.asOf,
    },
    features: gbdt
      ? trained.columns.map((c) => c.name)
      : ['frequency', 'recency_days', 'age_days', 'monetary_value'],
    preprocessing: gbdt ? gbdt.encoding : SUMMARY_RULES,
    seed,
    params: {
      horizonDays: trained.horizonDays,
      chosen: trained.chosen,
      skipped: trained.skipped,
      beatsBaseline: trained.beatsBaseline,
      valueCap: trained.valueCap,
      bgnbd: { ...bgnbd.params, converged: bgnbd.fit.converged, customers: bgnbd.customers },
      gammaGamma: {
        ...gammaGamma.params,
        converged: gammaGamma.fit.converged,
        customers: gammaGamma.customers,
      },
      ...(gbdt ? { trees: gbdt.model.trees.length, options: gbdt.model.options } : {}),
    },
    metrics,
    primaryMetric: { name: 'rmse', higherIsBetter: false },
    trainingSeconds: trained.seconds,
    artifact: {
      horizonDays: trained.horizonDays,
      summary: SUMMARY_RULES,
      bgnbd: bgnbd.params,
      gammaGamma: gammaGamma.params,
      fallbackOrderValue,
      valueCap: trained.valueCap,
      ...(gbdt ? { columns: trained.columns, model: gbdt } : {}),
    },
    evaluation: clvEvaluation(trained),
  };
}

/**
 * The held-out evaluation the Models page draws: the chosen model's predicted vs actual spend by decile and its
 * residuals on the held-out window, and (GBDT) the total split gain of each input.
 */
export function clvEvaluation(trained: TrainedClvModel) {
  const { actual, predicted } = trained.heldOutSpend;
  const gbdt = trained.regressor;
  const gain = gbdt ? gbdtFeatureImportance(gbdt.model, 'gain') : null;
  return {
    report: regressionEvaluationReport(actual, predicted),
    importance: gain
      ? { gain: trained.columns.map((c, j) => ({ feature: c.name, value: gain[j] ?? 0 })) }
      : {},
  };
}
