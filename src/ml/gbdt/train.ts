import { createRng, type Rng } from '../../shared/index.js';
import type { Matrix } from '../matrix.js';
import { binMatrix, findBinning } from './binning.js';
import { createGrowContext, growTree } from './grow-tree.js';
import { GBDT_MODEL_FORMAT, type GbdtModel, type GbdtTree } from './model.js';
import { createObjective } from './objective.js';
import { resolveGbdtOptions, type GbdtOptions } from './options.js';
import { addTreeScores, compileTrees, leafOf } from './predict.js';

/** Held-out rows for early stopping (never the rows used to evaluate the final model). */
export interface GbdtValidation {
  x: Matrix;
  y: ArrayLike<number>;
  /** Each validation row's starting raw score; required exactly when the training rows have one. */
  initScore?: ArrayLike<number>;
}

export interface GbdtHistory {
  /** 'logloss' for binary, 'l2' (mean squared error) for regression. */
  metric: 'logloss' | 'l2';
  /** The metric after each iteration, on the training rows and on the validation rows (empty without). */
  train: number[];
  valid: number[];
  /** Trees kept in the model (the best validation iteration when early stopping ran). */
  bestIteration: number;
}

export interface GbdtTrainResult {
  model: GbdtModel;
  history: GbdtHistory;
}

/**
 * Trains gradient-boosted decision trees the LightGBM way: histogram bins, leaf-wise growth, native missing values
 * and categorical splits, bagging and feature sampling from `options.seed`, optional monotone constraints and early
 * stopping on `validation`. A pure function of its arguments (deterministic for a seed), so it can run in a worker.
 *
 * x: rows × features, row-major, NaN for missing; categorical columns hold integer codes. y: 0/1 for 'binary'.
 *
 * `initScore` (LightGBM's `init_score`, XGBoost's `base_margin`): each training row's raw score before the first
 * tree, e.g. another model's log-odds, which the trees then correct. The model's own init score is then 0 (nothing is
 * boosted from the average), so its raw prediction is the trees' sum only: add the same margin to score new rows.
 */
export function trainGbdt(
  x: Matrix,
  y: ArrayLike<number>,
  options: GbdtOptions = {},
  validation?: GbdtValidation,
  initScore?: ArrayLike<number>,
): GbdtTrainResult {
  const { rows: n, cols: d } = x;
  const p = resolveGbdtOptions(options, d);
  const yy = checkTarget(y, n, p.objective, 'y');
  if (n < 1) throw new RangeError('trainGbdt needs at least one row');
  if (validation !== undefined && validation.x.cols !== d) {
    throw new RangeError(`validation has ${validation.x.cols} features, training data has ${d}`);
  }
  const vy = validation && checkTarget(validation.y, validation.x.rows, p.objective, 'validation y');
  if (p.earlyStoppingRounds > 0 && (validation === undefined || validation.x.rows === 0)) {
    throw new RangeError('earlyStoppingRounds needs a non-empty validation set');
  }
  const binning = findBinning(x, new Set(p.categoricalFeatures), p.maxBin);
  const ctx = createGrowContext(binMatrix(x, binning), binning, p);
  const objective = createObjective(p.objective, p.scalePosWeight);
  const margin = initScore && checkMargin(initScore, n, 'initScore');
  if ((validation?.initScore !== undefined) !== (validation !== undefined && margin !== undefined)) {
    throw new RangeError('validation.initScore must be given exactly when initScore is');
  }
  const vMargin =
    validation?.initScore && checkMargin(validation.initScore, validation.x.rows, 'validation.initScore');
  const constant = margin ? 0 : objective.initScore(yy);
  const score = margin ? Float64Array.from(margin) : new Float64Array(n).fill(constant);
  const startValid = () =>
    vMargin ? Float64Array.from(vMargin) : new Float64Array(validation?.x.rows ?? 0).fill(constant);
  const vScore = startValid();
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const rng = createRng(p.seed);
  const bagRng = rng.fork('bagging');
  const featureRng = rng.fork('features');
  const bagging = p.baggingFreq > 0 && p.baggingFraction < 1;
  const bagSize = Math.max(1, Math.floor(p.baggingFraction * n));
  const ignored = new Set(p.ignoredFeatures);
  const allFeatures = Int32Array.from({ length: d }, (_, f) => f).filter((f) => !ignored.has(f));
  const nFeatures = Math.min(
    allFeatures.length,
    Math.max(1, Math.round(p.featureFraction * allFeatures.length)),
  );
  const inBag = new Uint8Array(n).fill(1);
  let bag: Int32Array = Int32Array.from({ length: n }, (_, i) => i);
  const trees: GbdtTree[] = [];
  const history: GbdtHistory = {
    metric: p.objective === 'binary' ? 'logloss' : 'l2',
    train: [],
    valid: [],
    bestIteration: 0,
  };
  let bestValid = Infinity;
  let trainLossPending = false; // the loss after the last tree comes with the next gradients
  for (let it = 0; it < p.numIterations; it++) {
    const loss = objective.gradients(yy, score, grad, hess);
    if (trainLossPending) history.train.push(loss);
    trainLossPending = false;
    if (bagging && it % p.baggingFreq === 0) {
      bag = sampleSorted(n, bagSize, bagRng);
      inBag.fill(0);
      for (const r of bag) inBag[r] = 1;
    }
    const features =
      nFeatures < allFeatures.length
        ? sampleSorted(allFeatures.length, nFeatures, featureRng).map((k) => allFeatures[k]!)
        : allFeatures;
    const grown = growTree(ctx, grad, hess, bag, features);
    const tree = grown.tree;
    if (tree.splitFeature.length === 0) break; // no leaf can split any more (LightGBM stops here too)
    trees.push(tree);
    for (let l = 0; l < tree.leafValue.length; l++) {
      const v = tree.leafValue[l]!;
      for (let q = grown.leafBegin[l]!; q < grown.leafEnd[l]!; q++) score[grown.order[q]!]! += v;
    }
    const compiled = bagging || validation ? compileTrees([tree]) : undefined;
    if (bagging && compiled) {
      for (let i = 0; i < n; i++) {
        if (!inBag[i]) score[i]! += compiled.leafValue[leafOf(compiled, 0, x.data, i * d)]!;
      }
    }
    trainLossPending = true;
    if (validation && vy && compiled) {
      addTreeScores(compiled, 0, validation.x, vScore);
      const v = objective.metric(vy, vScore);
      history.valid.push(v);
      if (v < bestValid) {
        bestValid = v;
        history.bestIteration = trees.length;
      } else if (p.earlyStoppingRounds > 0 && trees.length - history.bestIteration >= p.earlyStoppingRounds) {
        break;
      }
    }
  }
  if (trainLossPending) history.train.push(objective.metric(yy, score));
  if (p.earlyStoppingRounds > 0) trees.length = history.bestIteration;
  else history.bestIteration = trees.length;
  const bestScore =
    validation && vy ? (history.valid[trees.length - 1] ?? objective.metric(vy, startValid())) : null;
  const model: GbdtModel = {
    format: GBDT_MODEL_FORMAT,
    objective: p.objective,
    numFeatures: d,
    initScore: constant,
    trees,
    binning,
    options: p,
    trainRows: n,
    bestScore,
  };
  return { model, history };
}

function checkTarget(y: ArrayLike<number>, n: number, objective: string, what: string): Float64Array {
  if (y.length !== n) throw new RangeError(`${what} has ${y.length} values for ${n} rows`);
  const out = Float64Array.from(y);
  for (let i = 0; i < n; i++) {
    const v = out[i]!;
    if (objective === 'binary' ? v !== 0 && v !== 1 : !Number.isFinite(v)) {
      throw new RangeError(`${what}[${i}] = ${v} is not ${objective === 'binary' ? '0 or 1' : 'finite'}`);
    }
  }
  return out;
}

function checkMargin(values: ArrayLike<number>, n: number, what: string): Float64Array {
  if (values.length !== n) throw new RangeError(`${what} has ${values.length} values for ${n} rows`);
  const out = Float64Array.from(values);
  for (let i = 0; i < n; i++)
    if (!Number.isFinite(out[i]!)) throw new RangeError(`${what}[${i}] = ${out[i]} is not finite`);
  return out;
}

/** k of 0..n−1 without replacement, in increasing order (selection sampling, Knuth's Algorithm S). */
function sampleSorted(n: number, k: number, rng: Rng): Int32Array {
  const out = new Int32Array(k);
  let picked = 0;
  for (let i = 0; i < n && picked < k; i++) {
    if (rng.next() * (n - i) < k - picked) out[picked++] = i;
  }
  return out;
}
