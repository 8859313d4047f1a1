import { stratifiedKFold } from '../ml/index.js';
import { AppError, createRng } from '../shared/index.js';
import { defaultSvmOptions, type LinearSvmOptions } from './linear-svm.js';
import { tuneOutOfScope, type OutOfScopeRule } from './out-of-scope.js';
import { trainOneVsRest } from './parallel-svm.js';
import {
  defaultSoftmaxOptions,
  rowScores,
  softmaxInPlace,
  trainSoftmax,
  type SoftmaxOptions,
} from './softmax-regression.js';
import type { SparseRows } from './sparse.js';
import { fitTemperature } from './temperature.js';
import { defaultTfidfConfig, fitTfidf, transformTfidf, type TfidfConfig, type TfidfModel } from './tfidf.js';

/**
 * A text classifier: TF-IDF features (tfidf.ts), a linear model over them (one-vs-rest linear SVMs or multinomial
 * logistic regression), probabilities calibrated by temperature scaling on a held-out share of the training rows,
 * and an out-of-scope rule tuned on the same rows (out-of-scope.ts).
 */

export type TextModelKind = 'svm' | 'nbsvm' | 'logreg';
export type TextModelChoice = TextModelKind | 'auto';

export interface TextTrainOptions {
  model: TextModelChoice;
  features: TfidfConfig;
  svm: LinearSvmOptions;
  logreg: SoftmaxOptions;
  seed: string;
  /** Threads for one-vs-rest training (default: one per core, at most 4). */
  threads?: number;
  /** The label of out-of-scope examples, when the data has some. */
  outOfScopeLabel: string | null;
  /** Share of rows held out to calibrate probabilities and tune the out-of-scope rule. */
  validationShare: number;
  onStage?: (stage: string) => void;
}

export const defaultTextTrainOptions: TextTrainOptions = {
  model: 'svm',
  features: defaultTfidfConfig,
  svm: defaultSvmOptions,
  logreg: defaultSoftmaxOptions,
  seed: '0',
  outOfScopeLabel: null,
  validationShare: 0.2,
};

export interface TextClassifier {
  kind: TextModelKind;
  labels: string[];
  tfidf: TfidfModel;
  /** Feature-major weights, `w[j * K + c]`, the K biases last. */
  weights: Float32Array;
  /** Probabilities are softmax(scores / temperature). */
  temperature: number;
  outOfScope: OutOfScopeRule | null;
}

export interface TextTrainReport {
  kind: TextModelKind;
  /** With auto on small data: each candidate's 5-fold cross-validated accuracy on the training rows. */
  selection: Partial<Record<TextModelKind, number>>;
  /** The chosen model's accuracy on the hold-out (null without one). */
  validationAccuracy: number | null;
  validationRows: number;
  temperature: number;
  seconds: number;
}

/** Features of a train/test split with the vocabulary and idf fitted on the training rows only. */
function splitFeatures(
  texts: readonly string[],
  train: ArrayLike<number>,
  test: ArrayLike<number>,
  config: TfidfConfig,
): { train: SparseRows; test: SparseRows } {
  const pick = (rows: ArrayLike<number>) => Array.from(rows, (i) => texts[i] as string);
  const model = fitTfidf(pick(train), config);
  return { train: transformTfidf(model, pick(train)), test: transformTfidf(model, pick(test)) };
}

/** Up to this much work (stored values × classes), auto cross-validates every candidate; above it, it takes the SVM. */
const AUTO_SELECTION_WORK = 2e7;
const AUTO_FOLDS = 5;
const CANDIDATES: readonly TextModelKind[] = ['svm', 'nbsvm', 'logreg'];

/** The candidate with the highest accuracy (the earlier in `CANDIDATES` on ties). */
function bestOf(selection: Partial<Record<TextModelKind, number>>): TextModelKind | null {
  let best: TextModelKind | null = null;
  for (const kind of CANDIDATES)
    if (selection[kind] !== undefined && (best === null || selection[kind] > selection[best]!)) best = kind;
  return best;
}

/**
 * Auto's choice: on small data, each candidate's mean accuracy over stratified 5-fold CV of the training rows (a
 * single hold-out of a few hundred rows is too noisy to choose by); on large data the linear SVM, the strongest
 * and fastest of the three on many classes.
 */
async function chooseKind(
  texts: readonly string[],
  x: SparseRows,
  y: Int32Array,
  k: number,
  options: TextTrainOptions,
  stage: (s: string) => void,
): Promise<Partial<Record<TextModelKind, number>>> {
  if (x.indices.length * k > AUTO_SELECTION_WORK || x.rows < AUTO_FOLDS * 2) return {};
  const folds = stratifiedKFold(y, AUTO_FOLDS, createRng(`${options.seed}/auto`)).map((f) => ({
    ...splitFeatures(texts, f.train, f.test, options.features),
    yTrain: Int32Array.from(f.train, (i) => y[i]!),
    yTest: Int32Array.from(f.test, (i) => y[i]!),
  }));
  const selection: Partial<Record<TextModelKind, number>> = {};
  for (const kind of CANDIDATES) {
    stage(`selection ${kind}`);
    let correct = 0;
    for (const f of folds) {
      const w = await fitKind(kind, f.train, f.yTrain, k, options);
      correct += accuracyOf(scoreRows(f.test, w, k), f.yTest, k) * f.yTest.length;
    }
    selection[kind] = correct / x.rows;
  }
  return selection;
}
const MIN_ROWS_FOR_HOLDOUT = 20;

function checkData(texts: readonly string[], labels: readonly string[]): string[] {
  if (texts.length !== labels.length)
    throw new AppError('invalid_training_data', `${texts.length} texts but ${labels.length} labels`);
  const classes = [...new Set(labels)].sort();
  if (classes.length < 2)
    throw new AppError('invalid_training_data', 'the labels hold fewer than two classes', {
      classes: classes.length,
    });
  return classes;
}

async function fitKind(
  kind: TextModelKind,
  x: SparseRows,
  y: Int32Array,
  k: number,
  options: TextTrainOptions,
): Promise<Float32Array> {
  if (kind === 'logreg') return Float32Array.from(trainSoftmax(x, y, k, options.logreg).weights);
  const svm = { ...options.svm, nbScaling: kind === 'nbsvm' };
  return (await trainOneVsRest(x, y, k, svm, options.seed, options.threads)).weights;
}

/** Scores (rows × K, row-major) of every row of `x`. */
export function scoreRows(x: SparseRows, weights: Float32Array, k: number): Float64Array {
  const out = new Float64Array(x.rows * k);
  const s = new Float64Array(k);
  for (let i = 0; i < x.rows; i++) {
    rowScores(x, i, weights, k, s);
    out.set(s, i * k);
  }
  return out;
}

function argmaxRow(scores: Float64Array, i: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (scores[i * k + c]! > scores[i * k + best]!) best = c;
  return best;
}

function accuracyOf(scores: Float64Array, y: Int32Array, k: number): number {
  let ok = 0;
  for (let i = 0; i < y.length; i++) if (argmaxRow(scores, i, k) === y[i]) ok++;
  return y.length === 0 ? 0 : ok / y.length;
}

export async function trainTextClassifier(
  texts: readonly string[],
  labels: readonly string[],
  options: TextTrainOptions = defaultTextTrainOptions,
): Promise<{ model: TextClassifier; report: TextTrainReport }> {
  const started = performance.now();
  const classes = checkData(texts, labels);
  const k = classes.length;
  const index = new Map(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(labels, (l) => index.get(l) as number);
  const stage = options.onStage ?? (() => {});

  if (options.outOfScopeLabel !== null && !index.has(options.outOfScopeLabel))
    throw new AppError(
      'invalid_training_data',
      `no row has the out-of-scope label ${JSON.stringify(options.outOfScopeLabel)}`,
    );
  stage('features');
  const tfidf = fitTfidf(texts, options.features);
  const x = transformTfidf(tfidf, texts);

  const selection = options.model === 'auto' ? await chooseKind(texts, x, y, k, options, stage) : {};
  const kind: TextModelKind = options.model === 'auto' ? (bestOf(selection) ?? 'svm') : options.model;
  let temperature = 1;
  let outOfScope: OutOfScopeRule | null = null;
  let validationAccuracy: number | null = null;
  let validationRows = 0;
  const folds = Math.round(1 / options.validationShare);
  if (texts.length >= MIN_ROWS_FOR_HOLDOUT && folds >= 2 && folds <= texts.length) {
    const fold = stratifiedKFold(y, folds, createRng(`${options.seed}/holdout`))[0]!;
    const yValid = Int32Array.from(fold.test, (i) => y[i]!);
    validationRows = fold.test.length;
    stage(`holdout ${kind}`);
    // The hold-out's vocabulary and idf come from its training rows, so its scores look like live ones.
    const part = splitFeatures(texts, fold.train, fold.test, options.features);
    const w = await fitKind(
      kind,
      part.train,
      Int32Array.from(fold.train, (i) => y[i]!),
      k,
      options,
    );
    const scores = scoreRows(part.test, w, k);
    validationAccuracy = accuracyOf(scores, yValid, k);
    stage('calibration');
    temperature = fitTemperature(scores, yValid, k);
    const oosIndex = options.outOfScopeLabel === null ? -1 : (index.get(options.outOfScopeLabel) ?? -1);
    outOfScope = tuneOutOfScope(scores, yValid, k, temperature, oosIndex, options.outOfScopeLabel);
  }
  // Without a hold-out the threshold is unknown, but an explicit out-of-scope class still says so.
  if (outOfScope === null && options.outOfScopeLabel !== null)
    outOfScope = { threshold: 0, label: options.outOfScopeLabel, method: 'best_validation_accuracy' };
  stage(`training ${kind}`);
  const weights = await fitKind(kind, x, y, k, options);
  const model: TextClassifier = { kind, labels: classes, tfidf, weights, temperature, outOfScope };
  const seconds = (performance.now() - started) / 1000;
  return { model, report: { kind, selection, validationAccuracy, validationRows, temperature, seconds } };
}

export interface ClassProbability {
  label: string;
  probability: number;
}

export interface TextPrediction {
  label: string;
  confidence: number;
  /** True when the out-of-scope rule says the text belongs to none of the classes. */
  outOfScope: boolean;
  /** The most likely classes, most likely first. */
  top: ClassProbability[];
}

/** Calibrated class probabilities of each row of `x` (rows × K, row-major). */
export function probabilitiesOf(model: TextClassifier, x: SparseRows): Float64Array {
  const k = model.labels.length;
  const scores = scoreRows(x, model.weights, k);
  for (let i = 0; i < x.rows; i++) {
    const row = scores.subarray(i * k, i * k + k);
    softmaxInPlace(row, model.temperature);
  }
  return scores;
}

/** Predictions for `texts`, each with its `top` most likely classes. */
export function predictTexts(model: TextClassifier, texts: readonly string[], top = 5): TextPrediction[] {
  const k = model.labels.length;
  const p = probabilitiesOf(model, transformTfidf(model.tfidf, texts));
  return texts.map((_, i) => {
    const order = Array.from({ length: k }, (_, c) => c).sort((a, b) => p[i * k + b]! - p[i * k + a]!);
    const best = order[0]!;
    const confidence = p[i * k + best]!;
    const rule = model.outOfScope;
    const outOfScope = rule !== null && (model.labels[best] === rule.label || confidence < rule.threshold);
    return {
      label: model.labels[best]!,
      confidence,
      outOfScope,
      top: order
        .slice(0, Math.max(1, top))
        .map((c) => ({ label: model.labels[c]!, probability: p[i * k + c]! })),
    };
  });
}
