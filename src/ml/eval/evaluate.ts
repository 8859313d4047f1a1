import { performance } from 'node:perf_hooks';
import { AppError } from '../../shared/index.js';
import {
  binaryMetrics,
  predictBinary,
  selectBinary,
  trainBinary,
  type BinaryModelKind,
  type BinaryTrainOptions,
} from '../binary-models.js';
import type { GbdtOptions } from '../gbdt/options.js';
import type { LogisticRegressionOptions } from '../logistic-regression.js';
import { accuracy, f1Score, precision, recall } from '../metrics.js';
import type { Tabular } from '../tabular.js';
import { splitRows, type SplitSpec } from './splits.js';

export type EvalModel = BinaryModelKind | 'auto';

export interface EvalOptions {
  model: EvalModel;
  split: SplitSpec;
  /**
   * `{ "logreg": {…}, "gbdt": {…} }` hyper-parameters (the hybrid takes both: its linear part and its trees), or the
   * options of the one model asked for (logreg or gbdt).
   */
  params?: Record<string, unknown>;
  seed?: number | string;
  onFold?: (done: number, total: number) => void;
}

export interface FoldResult {
  fold: number;
  /** The model scored: a kind, or (auto) the candidate chosen, e.g. `logreg(C=0.2)`, `gbdt` or `hybrid(C=1)`. */
  model: string;
  /** ROC-AUC of each candidate on the selection hold-out inside the training rows (auto only). */
  selection?: Record<string, number>;
  /** Auto on a temporal split: the training columns found drifting, which no tree split on. */
  drifting?: string[];
  trainRows: number;
  testRows: number;
  trainSeconds: number;
  /** Rows scored per second on the test rows. */
  scoreRowsPerSecond: number;
  metrics: {
    rocAuc: number;
    prAuc: number;
    logLoss: number;
    brier: number;
    /** At the 0.5 threshold. */
    accuracy: number;
    precision: number;
    recall: number;
    f1: number;
    positives: number;
  };
}

export interface EvalReport {
  folds: FoldResult[];
  /** Mean and sample standard deviation over the folds (sd 0 for a single split). */
  summary: Record<'rocAuc' | 'prAuc' | 'logLoss' | 'brier' | 'trainSeconds', { mean: number; sd: number }>;
}

function trainOptions(options: EvalOptions, temporal: boolean): BinaryTrainOptions {
  const params = options.params ?? {};
  const nested = 'logreg' in params || 'gbdt' in params;
  if (options.model === 'hybrid' && !nested && Object.keys(params).length > 0)
    throw new AppError(
      'invalid_request',
      '--params for the hybrid: {"logreg": {...}, "gbdt": {...}} (its linear part and its trees)',
    );
  const pick = (kind: 'logreg' | 'gbdt') =>
    (nested ? params[kind] : options.model === kind ? params : undefined) as
      Record<string, unknown> | undefined;
  for (const value of [pick('logreg'), pick('gbdt')])
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value)))
      throw new AppError('invalid_request', '--params must be a JSON object of model options');
  const holdout = temporal ? 'tail' : 'random';
  const logreg = pick('logreg') as LogisticRegressionOptions | undefined;
  const gbdt = pick('gbdt') as GbdtOptions | undefined;
  return {
    ...(logreg ? { logreg } : {}),
    ...(gbdt ? { gbdt } : {}),
    earlyStopping: { holdout },
    seed: options.seed ?? 0,
  };
}

const meanSd = (values: readonly number[]) => {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const sd =
    values.length < 2 ? 0 : Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
  return { mean, sd };
};

/**
 * Evaluates a binary classifier on a table under a split (protocol P2 of `../shared/benchmarks/PROTOCOLS.md`):
 * everything is fitted on each round's training rows only, then scored on its test rows.
 */
export function evaluateBinary(data: Tabular, y: ArrayLike<number>, options: EvalOptions): EvalReport {
  const folds = splitRows(options.split, data.rows, y);
  const temporal = options.split.kind === 'temporal';
  const train = trainOptions(options, temporal);
  const results: FoldResult[] = folds.map((fold, index) => {
    const started = performance.now();
    let selection: Record<string, number> | undefined;
    let drifting: string[] | undefined;
    let model;
    let name: string = options.model;
    if (options.model === 'auto') {
      // In time order the hybrid joins: it keeps drifting columns (which trees may not split on) in its linear part.
      // Otherwise the rows are exchangeable and GBDT cross-fit bagged over 5 folds joins.
      const kinds: BinaryModelKind[] = temporal ? ['logreg', 'gbdt', 'hybrid'] : ['logreg', 'gbdt'];
      const picked = selectBinary(kinds, data, y, fold.train, {
        ...train,
        selection: temporal ? { holdout: 'tail' } : { holdout: 'random', baggedGbdt: 5 },
      });
      model = picked.model;
      selection = picked.scores;
      drifting = temporal ? picked.drifting : undefined;
      name = picked.chosen;
    } else model = trainBinary(options.model, data, y, fold.train, train);
    const trainSeconds = (performance.now() - started) / 1000;
    const scoring = performance.now();
    const p = predictBinary(model, data, fold.test);
    const scoreSeconds = (performance.now() - scoring) / 1000;
    const yTest = Float64Array.from(fold.test, (i) => y[i] as number);
    const predicted = Float64Array.from(p, (v) => (v >= 0.5 ? 1 : 0));
    const m = binaryMetrics(yTest, p);
    options.onFold?.(index + 1, folds.length);
    return {
      fold: index,
      model: name,
      ...(selection ? { selection } : {}),
      ...(drifting ? { drifting } : {}),
      trainRows: fold.train.length,
      testRows: fold.test.length,
      trainSeconds,
      scoreRowsPerSecond: fold.test.length / Math.max(scoreSeconds, 1e-9),
      metrics: {
        rocAuc: m.rocAuc,
        prAuc: m.prAuc,
        logLoss: m.logLoss,
        brier: m.brier,
        accuracy: accuracy(yTest, predicted),
        precision: precision(yTest, predicted),
        recall: recall(yTest, predicted),
        f1: f1Score(yTest, predicted),
        positives: m.positives,
      },
    };
  });
  return {
    folds: results,
    summary: {
      rocAuc: meanSd(results.map((r) => r.metrics.rocAuc)),
      prAuc: meanSd(results.map((r) => r.metrics.prAuc)),
      logLoss: meanSd(results.map((r) => r.metrics.logLoss)),
      brier: meanSd(results.map((r) => r.metrics.brier)),
      trainSeconds: meanSd(results.map((r) => r.trainSeconds)),
    },
  };
}
