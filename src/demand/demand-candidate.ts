import { demandEvaluation } from './demand-evaluation.js';
import type { TrainedDemandModel } from './train-demand.js';

/**
 * A trained demand model as the model registry takes it: held-out (out-of-time) metrics with ROC-AUC as the metric
 * promotions are decided on, the input columns and encoding, and the fitted model with the columns it scores.
 */
export function demandCandidate(trained: TrainedDemandModel, seed: string | number) {
  const m = trained.model;
  return {
    name: trained.name,
    modelType: { logreg: 'logistic_regression', gbdt: 'gbdt', hybrid: 'logistic_regression_plus_gbdt' }[
      m.kind
    ],
    dataWindow: {
      from: trained.window.trainCutoff,
      to: trained.window.asOf,
      asOf: trained.window.asOf,
    },
    features: trained.columns.map((c) => c.name),
    preprocessing: m.encoding,
    seed,
    params: {
      kind: trained.kind,
      horizonDays: trained.horizonDays,
      chosen: trained.chosen,
      selection: trained.selection,
      ...(m.kind === 'logreg'
        ? { C: m.model.C }
        : {
            ...(m.kind === 'hybrid' ? { C: m.base.C } : {}),
            trees: m.model.trees.length,
            options: m.model.options,
          }),
    },
    metrics: {
      roc_auc: trained.metrics.rocAuc,
      pr_auc: trained.metrics.prAuc,
      log_loss: trained.metrics.logLoss,
      brier: trained.metrics.brier,
      base_rate: trained.metrics.baseRate,
      train_rows: trained.trainRows,
      validation_rows: trained.validationRows,
    },
    primaryMetric: { name: 'roc_auc', higherIsBetter: true },
    trainingSeconds: trained.seconds,
    artifact: { columns: trained.columns, model: m },
    evaluation: demandEvaluation(trained, seed),
  };
}
