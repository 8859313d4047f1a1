import { multiclassReport, splitRows, type MulticlassReport, type SplitSpec } from '../ml/index.js';
import {
  predictTexts,
  trainTextClassifier,
  type TextClassifier,
  type TextTrainOptions,
} from './text-classifier.js';
import { predictEmbeddingHead, trainEmbeddingHead, type HeadOptions } from './embedding-head.js';
import type { TextEncoderSpec } from './encoders.js';
import type { TextData } from './load-text-data.js';

/**
 * Evaluation of a text classifier under a split (protocols P1 and P3 of the benchmarks): a separate test file,
 * k-fold cross-validation or given folds. Each round trains on its training rows only (the vocabulary included)
 * and predicts its test rows; the report gives accuracy and macro-F1 per round and their mean ± sd, the
 * confusion matrix over every evaluated row, and each evaluated row's prediction.
 */

export interface EvaluatedRow {
  text: string;
  label: string;
  predicted: string;
  confidence: number;
}

export interface TextFoldResult {
  fold: number;
  trainRows: number;
  testRows: number;
  accuracy: number;
  macroF1: number;
  trainSeconds: number;
  /** The model trained: `svm`, `nbsvm`, `logreg`, or `head on <encoder>`. */
  kind: string;
}

const stat = (values: readonly number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd =
    values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
};

export interface TextEvaluation {
  labels: string[];
  folds: TextFoldResult[];
  summary: {
    accuracy: { mean: number; sd: number };
    macroF1: { mean: number; sd: number };
    trainSeconds: { mean: number; sd: number };
  };
  /** Over every evaluated row, pooled across rounds. */
  pooled: MulticlassReport;
  rows: EvaluatedRow[];
  /** With a test file: the model trained on all the training data (it is the final model too). */
  model: TextClassifier | null;
}

export type TextSplit = { kind: 'test'; test: TextData } | { kind: 'split'; spec: SplitSpec };

/** What one evaluation round trains: something that predicts labels, and how long it took. */
export interface RoundModel {
  kind: string;
  seconds: number;
  predict(texts: readonly string[]): Promise<{ label: string; confidence: number }[]>;
  /** The TF-IDF classifier, when that is what was trained. */
  classifier: TextClassifier | null;
}

export type RoundTrainer = (texts: string[], labels: string[]) => Promise<RoundModel>;

/** Rounds of the TF-IDF text classifier. */
export const classifierTrainer =
  (options: TextTrainOptions): RoundTrainer =>
  async (texts, labels) => {
    const trained = await trainTextClassifier(texts, labels, options);
    return {
      kind: trained.model.kind,
      seconds: trained.report.seconds,
      predict: async (t) => predictTexts(trained.model, t, 1),
      classifier: trained.model,
    };
  };

/** Rounds of a classifier head on an encoder's embeddings (the encoder is fitted on the round's training texts). */
export const encoderHeadTrainer =
  (encoder: TextEncoderSpec, options: HeadOptions): RoundTrainer =>
  async (texts, labels) => {
    const started = performance.now();
    const fitted = await encoder.fit(texts);
    const head = await trainEmbeddingHead(await fitted.encode(texts), fitted.dims, labels, options);
    return {
      kind: `head on ${fitted.name}`,
      seconds: (performance.now() - started) / 1000,
      predict: async (t) => predictEmbeddingHead(head, await fitted.encode(t)),
      classifier: null,
    };
  };

export async function evaluateTextClassifier(
  data: TextData,
  split: TextSplit,
  options: TextTrainOptions,
  onRound: (done: number, total: number) => void = () => {},
): Promise<TextEvaluation> {
  return evaluateTexts(data, split, classifierTrainer(options), onRound);
}

export async function evaluateTexts(
  data: TextData,
  split: TextSplit,
  train: RoundTrainer,
  onRound: (done: number, total: number) => void = () => {},
): Promise<TextEvaluation> {
  const labels = [...new Set([...data.labels, ...(split.kind === 'test' ? split.test.labels : [])])].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const rounds: { train: number[]; test: number[] }[] =
    split.kind === 'test'
      ? [{ train: data.texts.map((_, i) => i), test: [] }]
      : splitRows(
          split.spec,
          data.texts.length,
          data.labels.map((l) => index.get(l) as number),
        );
  const folds: TextFoldResult[] = [];
  const rows: EvaluatedRow[] = [];
  const yTrue: number[] = [];
  const yPred: number[] = [];
  let model: TextClassifier | null = null;
  for (const [f, round] of rounds.entries()) {
    onRound(f, rounds.length);
    const trained = await train(
      round.train.map((i) => data.texts[i] as string),
      round.train.map((i) => data.labels[i] as string),
    );
    const test =
      split.kind === 'test'
        ? split.test
        : {
            texts: round.test.map((i) => data.texts[i] as string),
            labels: round.test.map((i) => data.labels[i] as string),
          };
    const predictions = await trained.predict(test.texts);
    const t = test.labels.map((l) => index.get(l) as number);
    const p = predictions.map((q) => index.get(q.label) as number);
    const report = multiclassReport(t, p, labels.length);
    folds.push({
      fold: f,
      trainRows: round.train.length,
      testRows: test.texts.length,
      accuracy: report.accuracy,
      macroF1: report.macroF1,
      trainSeconds: trained.seconds,
      kind: trained.kind,
    });
    predictions.forEach((q, i) => {
      rows.push({
        text: test.texts[i] as string,
        label: test.labels[i] as string,
        predicted: q.label,
        confidence: q.confidence,
      });
      yTrue.push(t[i] as number);
      yPred.push(p[i] as number);
    });
    if (split.kind === 'test') model = trained.classifier;
  }
  onRound(rounds.length, rounds.length);
  return {
    labels,
    folds,
    summary: {
      accuracy: stat(folds.map((f) => f.accuracy)),
      macroF1: stat(folds.map((f) => f.macroF1)),
      trainSeconds: stat(folds.map((f) => f.trainSeconds)),
    },
    pooled: multiclassReport(yTrue, yPred, labels.length),
    rows,
    model,
  };
}
