/**
 * A dense row-major matrix over a Float64Array, and the helpers the kernels share.
 *
 * @example
 * const m = matrixFromRows([[1, 2], [3, 4]]); // { rows: 2, cols: 2, data: Float64Array [1, 2, 3, 4] }
 * rowView(m, 1); // Float64Array [3, 4], a view into m.data
 * matrixToRows(selectRows(m, [1, 0])); // [[3, 4], [1, 2]]
 */
export {
  createMatrix,
  matrixFromRows,
  matrixToRows,
  rowView,
  selectRows,
  columnMeans,
  assertFinite,
  squaredDistance,
  type Matrix,
} from './matrix.js';

/**
 * k-means with k-means++ seeding, Lloyd iterations to a fixed point, `nInit` restarts keeping the lowest inertia,
 * empty clusters re-seeded from the farthest row. Deterministic for a given rng state.
 *
 * @example
 * const { labels, centroids, inertia } = kmeans(standardize(features).data, { k: 5 }, createRng('segments'));
 * const newLabels = assignToNearest(moreRows, centroids);
 */
export { kmeans, kmeansPlusPlus, assignToNearest, type KMeansOptions } from './kmeans.js';

/**
 * Lloyd's algorithm from given centroids (Hamerly's bounds skip rows whose nearest centroid cannot have changed).
 *
 * @example
 * const refined = lloyd(data, kmeansPlusPlus(data, 4, rng), { maxIter: 100 });
 * refined.inertiaHistory; // [1523.2, 988.1, …] never increasing
 */
export { lloyd, type LloydOptions, type KMeansResult } from './lloyd.js';

/**
 * Silhouette coefficients: per row (exact), their mean (exact up to 2,000 rows, then on a seeded sample), and the
 * choice of k by the best mean silhouette.
 *
 * @example
 * silhouetteScore(data, labels, createRng(1)); // in [-1, 1]; higher is better separated
 * const { k, clustering } = chooseK(data, { kMin: 2, kMax: 8 }, createRng('choose-k'));
 */
export {
  silhouetteSamples,
  silhouetteScore,
  chooseK,
  DEFAULT_SILHOUETTE_SAMPLE,
  type SilhouetteOptions,
  type ChooseKOptions,
  type ChooseKResult,
} from './silhouette.js';

/**
 * Principal component analysis (sample covariance, Jacobi eigen decomposition), e.g. for a 2-D map of clusters.
 *
 * @example
 * const model = pca(data, { components: 2 });
 * model.explainedVarianceRatio; // Float64Array [0.61, 0.22]
 * const xy = pcaTransform(model, data); // rows × 2
 */
export { pca, pcaTransform, type PcaModel, type PcaOptions } from './pca.js';

/**
 * Eigenvalues (descending) and unit eigenvectors (rows, largest-magnitude entry positive) of a symmetric matrix.
 *
 * @example
 * symmetricEigen(matrixFromRows([[2, 1], [1, 2]])).values; // Float64Array [3, 1]
 */
export { symmetricEigen, type SymmetricEigen } from './eigen.js';

/**
 * Z-scores per column (population sd; a constant column becomes 0), and the stats to apply to new rows.
 *
 * @example
 * const { data: z, mean, sd } = standardize(features);
 * const zNew = applyStandardize(newFeatures, { mean, sd });
 */
export { standardize, applyStandardize, columnStats, type ColumnStats } from './standardize.js';

/**
 * Descriptive statistics over numeric arrays; quantiles use linear interpolation (numpy's default method).
 *
 * @example
 * quantile([1, 2, 3, 4], 0.25); // 1.75
 */
export {
  mean,
  meanAbsoluteDeviation,
  meanVariance,
  median,
  medianAbsoluteDeviation,
  minMax,
  quantile,
  quantileSorted,
  sortedCopy,
  std,
} from './descriptive.js';

/**
 * Equal-width histogram with numpy's binning (the last bin includes its right edge).
 *
 * @example
 * histogram([1, 2, 2, 3], 2); // { edges: [1, 2, 3], counts: [1, 3] }
 */
export { histogram, type Histogram } from './histogram.js';

/**
 * Correlation of two samples: Pearson's r, and Spearman's ρ over average ranks (ties share their mean rank), as
 * scipy.stats computes them.
 *
 * @example
 * pearson([1, 2, 3, 4], [1, 3, 2, 4]); // 0.8
 * spearman([1, 2, 3, 4], [1, 10, 100, 1000]); // 1
 */
export { averageRanks, pearson, spearman } from './correlation.js';

/**
 * Binary logistic regression with an L2 penalty (scikit-learn's `C`; intercept unpenalised), class weights
 * ('balanced' or explicit) and sample weights, solved by L-BFGS. The model is plain JSON with a convergence report.
 *
 * @example
 * const model = fitLogisticRegression(X, y, { C: 0.5, classWeight: 'balanced' });
 * model.convergence; // { iterations: 41, gradientNorm: 8.1e-9, converged: true, … }
 * const p = predictLogisticProba(model, XTest); // Float64Array of P(y = 1)
 */
export {
  fitLogisticRegression,
  predictProba as predictLogisticProba,
  decisionFunction as logisticDecisionFunction,
  type LogisticRegressionModel,
  type LogisticRegressionOptions,
  type ClassWeight,
  type ConvergenceReport,
} from './logistic-regression.js';

/**
 * Per-feature contributions (coefficient × value, the value standardised when stats are given) that add up, with
 * the intercept, to the logit of a linear model.
 *
 * @example
 * const why = explainLinear(model, rawRow, { mean, sd }); // why.logit === intercept + Σ why.contributions
 * topContributions(why, featureNames, 3); // [{ feature: 'recency', value: -1.2, contribution: 0.8 }, …]
 */
export {
  explainLinear,
  topContributions,
  type LinearModel,
  type LinearExplanation,
  type RankedContribution,
} from './linear-explain.js';

/**
 * Limited-memory BFGS for smooth unconstrained minimisation (the solver behind `fitLogisticRegression`).
 *
 * @example
 * const { x, converged } = minimizeLbfgs((x, g) => { g[0] = 2 * (x[0]! - 3); return (x[0]! - 3) ** 2; }, [0]);
 * x; // Float64Array [3]
 */
export { minimizeLbfgs, type LbfgsObjective, type LbfgsOptions, type LbfgsResult } from './lbfgs.js';

/**
 * Classification metrics at a threshold, log-loss (clipped), Brier score, the calibration curve (uniform or quantile
 * bins) and regression errors, with scikit-learn's definitions. Bad input throws an AppError.
 *
 * @example
 * confusionMatrix(y, p, 0.5); // { tp: 40, fp: 38, tn: 105, fn: 17 }
 * logLoss(y, p); brierScore(y, p);
 * calibrationCurve(y, p, { nBins: 10, strategy: 'quantile' }); // { probTrue, probPred, counts, edges }
 */
export {
  confusionMatrix,
  accuracy,
  precision,
  recall,
  f1Score,
  logLoss,
  brierScore,
  calibrationCurve,
  meanAbsoluteError,
  rootMeanSquaredError,
  r2Score,
  type ConfusionMatrix,
  type CalibrationCurve,
} from './metrics.js';

/**
 * Ranking metrics: ROC curve and AUC, precision–recall curve and average precision (scikit-learn's definitions,
 * ties as one threshold), cumulative gains and lift at the top fraction of rows.
 *
 * @example
 * rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * averagePrecision(y, p); const { fpr, tpr } = rocCurve(y, p);
 * liftAt(y, p, 0.1); // { rows, positives, gain, precision, lift } for the top 10%
 */
export {
  thresholdCounts,
  rocCurve,
  rocAuc,
  prCurve,
  averagePrecision,
  cumulativeGains,
  liftAt,
  type ThresholdCounts,
  type RocCurve,
  type PrCurve,
  type GainsCurve,
  type LiftAtTop,
} from './ranking-metrics.js';

/**
 * Compact held-out reports for charts. Binary: ROC and precision–recall curves down-sampled to ≤ 200 points,
 * calibration bins, confusion counts at thresholds 0.00 … 1.00 (step 0.01), gains and lift at every 5 %.
 * Regression: errors, predicted vs actual by decile of prediction, residual quantiles.
 *
 * @example
 * const report = binaryEvaluationReport(yHeldOut, pHeldOut);
 * report.confusion.tp[50]; // true positives at threshold 0.50
 * regressionEvaluationReport(actual, predicted).deciles; // [{ group: 1, predictedMean, actualMean, … }, …]
 */
export {
  binaryEvaluationReport,
  regressionEvaluationReport,
  type BinaryEvaluationReport,
  type BinaryReportOptions,
  type RegressionEvaluationReport,
  type RegressionDecile,
  type EvaluationReport,
} from './evaluation-report.js';

/**
 * Visvalingam–Whyatt simplification of a curve: the indices of at most `maxPoints` points that keep its shape
 * (the smallest triangles go first, so the area under it changes least).
 *
 * @example
 * const kept = downsampleCurve(roc.fpr, roc.tpr, 200); // ascending indices, first and last included
 */
export { downsampleCurve } from './downsample-curve.js';

/**
 * Permutation importance of any score over a table (scikit-learn's `permutation_importance`): the drop from the
 * baseline score when one column is shuffled, over seeded repeats (the same row orders for every column).
 *
 * @example
 * const { baseline, features } = permutationImportance(heldOut, (t) => rocAuc(y, predictBinary(model, t)), {
 *   repeats: 5,
 *   seed: 0,
 * });
 * features[0]; // { feature: 'recency_days', mean: 0.081, std: 0.006, drops: [...] }
 */
export {
  permutationImportance,
  type PermutationImportance,
  type PermutationImportanceOptions,
  type FeatureImportance,
} from './permutation-importance.js';

/**
 * Cross-validation folds as ascending Int32Array row indices: stratified (seeded shuffle), by group, expanding
 * time-series windows (scikit-learn's TimeSeriesSplit), or from a given fold number per row.
 *
 * @example
 * for (const { train, test } of stratifiedKFold(y, 5, createRng('cv'))) { … selectRows(X, train) … }
 * timeSeriesSplit(23, { nSplits: 3, gap: 2 }); foldsFromAssignment([0, 1, 0, -1, 1]);
 */
export {
  stratifiedKFold,
  groupKFold,
  timeSeriesSplit,
  foldsFromAssignment,
  type Fold,
  type TimeSeriesSplitOptions,
} from './cross-validation.js';

/**
 * Probability calibration of scores: Platt scaling (Platt's smoothed targets) and isotonic regression (PAV, clipped
 * outside the fitted range), as plain JSON calibrators.
 *
 * @example
 * const platt = fitPlatt(heldOutScores, heldOutLabels); applyPlatt(platt, scores);
 * const iso = fitIsotonic(heldOutScores, heldOutLabels); applyIsotonic(iso, scores);
 */
export {
  fitPlatt,
  applyPlatt,
  fitIsotonic,
  applyIsotonic,
  pav,
  type PlattCalibrator,
  type IsotonicCalibrator,
} from './calibration.js';

/**
 * Gradient-boosted decision trees in the LightGBM style: histogram bins, leaf-wise growth, NaN as missing with a
 * learned default direction, many-vs-many categorical splits, bagging and feature sampling from a seed, monotone
 * constraints, early stopping. A pure function over typed arrays, deterministic for a seed (run it in a worker).
 *
 * @example
 * const { model, history } = trainGbdt(X, y, { categoricalFeatures: [1, 4], earlyStoppingRounds: 20 }, { x: XVal, y: yVal });
 * history.bestIteration; // trees kept, e.g. 41
 * JSON.stringify(model); // plain JSON: trees as flat arrays, bin edges, options, seed
 */
export { trainGbdt, type GbdtValidation, type GbdtHistory, type GbdtTrainResult } from './gbdt/train.js';
export {
  GBDT_DEFAULTS,
  type GbdtOptions,
  type GbdtObjective,
  type MonotoneConstraint,
  type ResolvedGbdtOptions,
} from './gbdt/options.js';
export type { GbdtModel, GbdtTree, FeatureBinning } from './gbdt/model.js';

/**
 * Scores of a GBDT model over a row-major matrix (NaN = missing): raw (log-odds for 'binary') or P(y = 1).
 *
 * @example
 * const p = predictGbdtProba(model, XTest); // Float64Array of P(y = 1)
 * predictGbdtRaw(model, XTest, { numIterations: 10 }); // the first 10 trees only
 */
export {
  predictRaw as predictGbdtRaw,
  predictProba as predictGbdtProba,
  type PredictOptions as GbdtPredictOptions,
} from './gbdt/predict.js';

/**
 * Exact path-dependent TreeSHAP contributions of a GBDT model (last column: the expected raw score); each row sums
 * to the raw score.
 *
 * @example
 * const shap = treeShap(model, XTest); // rows × (features + 1)
 */
export { treeShap } from './gbdt/tree-shap.js';

/**
 * Why a binary classifier gave each row its probability: per table column, on the log-odds scale (coefficient ×
 * value for logistic regression, TreeSHAP for GBDT), largest first; base + contributions = logit(p).
 *
 * @example
 * explainBinary(model, table, 5)[0].contributions; // [{ feature: 'recency_days', value: 3, contribution: 0.8 }, …]
 */
export { explainBinary, type BinaryExplanation, type Contribution } from './explain-binary.js';

/**
 * Per-feature importance of a GBDT model: number of splits ('split') or their total gain ('gain').
 *
 * @example
 * gbdtFeatureImportance(model, 'gain'); // Float64Array, one value per feature
 */
export { featureImportance as gbdtFeatureImportance, type ImportanceType } from './gbdt/importance.js';

/**
 * Checks an untrusted value (a stored model's parsed JSON) and returns it as a GBDT model; throws a RangeError.
 *
 * @example
 * const model = parseGbdtModel(JSON.parse(text));
 */
export { parseGbdtModel } from './gbdt/parse-model.js';

/**
 * One GBDT whose raw score is the mean of several (a bag): their trees with leaf values divided by their number.
 *
 * @example
 * const bag = averageGbdtModels([m1, m2, m3], trainRows); // predictRaw(bag, x) = mean of predictRaw(mi, x)
 */
export { averageGbdtModels } from './gbdt/average.js';

/**
 * Customer value, the BG/NBD model of repeat purchases (Fader, Hardie & Lee 2005) fitted by maximum likelihood
 * (L-BFGS over log-parameters, optional L2 penalty on them), and its predictions for a customer with x repeat
 * purchases, the last at t_x, observed for T (one time unit throughout): expected purchases in (T, T + t], P(alive),
 * P(a purchase within t) and the median time to the next purchase (null when P(alive) ≤ 1/2).
 *
 * @example
 * const model = fitBgNbd({ frequency, recency, age }); // model.fit: { converged, iterations, logLikelihood, … }
 * const customer = { frequency: 4, recency: 190, age: 200 }; // days
 * bgNbdExpectedPurchases(model, customer, 90); // 1.35 purchases in the next 90 days
 * bgNbdNextPurchaseTime(model, customer); // 50: next order expected 50 days after the end of the data (or null)
 */
export { fitBgNbd, bgNbdLogLikelihood, type BgNbdParams, type BgNbdModel } from './clv/bgnbd.js';
export {
  bgNbdProbabilityAlive,
  bgNbdExpectedPurchases,
  bgNbdExpectedPurchasesNewCustomer,
  bgNbdNextPurchaseProbability,
  bgNbdNextPurchaseTime,
  type WithBgNbdParams,
  type NextPurchaseTimeOptions,
} from './clv/bgnbd-predict.js';
export type {
  CustomerSummary,
  CustomerSummaries,
  OrderValueSummary,
  OrderValueSummaries,
} from './clv/summary.js';
export type { ClvFitOptions, ClvFitReport } from './clv/fit.js';

/**
 * Customer value, the Gamma-Gamma model of order value (Fader, Hardie & Lee 2005) fitted by maximum likelihood on
 * the customers with a repeat purchase, and the expected spend: expected purchases (BG/NBD) × expected order value.
 *
 * @example
 * const gg = fitGammaGamma({ frequency, monetaryValue }); // monetaryValue: mean of the repeat orders
 * gammaGammaExpectedOrderValue(gg, { frequency: 4, monetaryValue: 55 }); // 52.2
 * expectedSpend(bgnbd, gg, { frequency: 4, recency: 190, age: 200, monetaryValue: 55 }, 90); // 70.3
 */
export {
  fitGammaGamma,
  gammaGammaLogLikelihood,
  gammaGammaExpectedOrderValue,
  type GammaGammaParams,
  type GammaGammaModel,
  type WithGammaGammaParams,
} from './clv/gamma-gamma.js';
export { expectedSpend, type CustomerValueSummary } from './clv/expected-spend.js';

/**
 * Customer summaries and mean order values drawn from the BG/NBD and Gamma-Gamma processes (demos, fit checks).
 *
 * @example
 * const data = simulateBgNbd({ r: 0.6, alpha: 40, a: 0.8, b: 3 }, ages, createRng('demo'));
 * const monetaryValue = simulateOrderValues({ p: 6, q: 4, gamma: 15 }, data.frequency, createRng('values'));
 */
export { simulateBgNbd, simulateOrderValues } from './clv/simulate.js';

/**
 * Mixed tables (numeric and categorical columns) and their encodings, learned from training rows only: standardised
 * numbers with missing-value indicators and one-hot categories for linear models; raw numbers (NaN = missing) and
 * category codes for trees.
 *
 * @example
 * const fit = fitTabular(table, trainRows);
 * const x = encodeLinear(fit, table, testRows); // linearColumnNames(fit) names its columns
 * const { x: xt, categorical } = encodeTrees(fit, table, testRows);
 */
export {
  fitTabular,
  encodeLinear,
  encodeTrees,
  linearColumnNames,
  categoricalIndices,
  type Tabular,
  type TabularColumn,
  type TabularFit,
  type ColumnFit,
} from './tabular.js';

/**
 * Binary classifiers over a table: logistic regression, GBDT (early stopping on a hold-out of the training rows,
 * then a refit on all of them, or cross-fit bagging) or the hybrid (GBDT boosted from a logistic regression's
 * log-odds), and model selection over a grid of candidates on a hold-out ('tail' for time order: trees are then kept
 * off the columns that drift).
 *
 * @example
 * const { model, chosen, scores, drifting } = selectBinary(['logreg', 'gbdt', 'hybrid'], table, y, trainRows, { selection: { holdout: 'tail' } });
 * binaryMetrics(yTest, predictBinary(model, table, testRows)); // { rocAuc, prAuc, logLoss, brier, … }
 */
export {
  trainBinary,
  predictBinary,
  selectBinary,
  binaryMetrics,
  BINARY_GBDT_DEFAULTS,
  LOGREG_C_GRID,
  type BinaryModel,
  type BinaryModelKind,
  type BinaryMetrics,
  type BinaryTrainOptions,
  type BinarySelection,
  type SelectionOptions,
} from './binary-models.js';

/**
 * Adversarial validation inside time-ordered rows: how well each column alone tells their earlier half from the
 * later one (held-out ROC-AUC), and the columns at or above DRIFT_AUC (0.8).
 *
 * @example
 * driftingColumns(table, trainRows); // ['month', 'euribor3m', …]
 */
export { columnDrift, driftingColumns, DRIFT_AUC, type ColumnDrift } from './drift.js';

/**
 * Protocol P2 evaluation of a delimited file: load (typed columns, clear errors), split (temporal, random, cv, file,
 * folds) and evaluate a model per round (what `rapport ml eval` runs).
 *
 * @example
 * const { table, y } = loadTable('bank.csv.gz', { sep: ';', target: 'y', positive: 'yes', drop: ['duration'] });
 * evaluateBinary(table, y, { model: 'auto', split: parseSplit('temporal:0.8') }).summary.rocAuc; // { mean, sd }
 */
export { loadTable, readText, type LoadTableOptions, type LoadedTable } from './eval/load-table.js';
export { parseSplit, splitRows, type SplitSpec, type EvalFold } from './eval/splits.js';
export {
  evaluateBinary,
  type EvalModel,
  type EvalOptions,
  type EvalReport,
  type FoldResult,
} from './eval/evaluate.js';
export { multiclassReport, type MulticlassReport } from './multiclass-metrics.js';
