import type { TextEvaluation } from './evaluate-text.js';
import type { TextClassifier } from './text-classifier.js';
import { textModelArtifact } from './text-model-artifact.js';

/** Where a text model's data came from and how it was asked for, recorded as the version's params. */
export interface TextCandidateContext {
  task: 'intent' | 'sentiment';
  /** What was asked for: svm, nbsvm, logreg or auto. */
  choice: string;
  /** The data's name (a file name, or `reviews` for the pipeline's). */
  data: string;
  seed: string;
  /** Training time of the registered model. */
  seconds: number;
  /** The data's time window (epoch ms), or the training time for a file without one. */
  window: { from: number; to: number; asOf: number };
}

/** A model-registry candidate for a trained text classifier and its evaluation (accuracy decides promotion). */
export function textModelCandidate(
  name: string,
  model: TextClassifier,
  evaluation: TextEvaluation,
  context: TextCandidateContext,
) {
  const s = evaluation.summary;
  return {
    name,
    modelType: `text_${model.kind}`,
    dataWindow: context.window,
    features: model.tfidf.blocks.map((b) => `${b.kind}_ngrams`),
    preprocessing: { tfidf: model.tfidf.config, temperature: model.temperature },
    seed: context.seed,
    params: {
      task: context.task,
      model: context.choice,
      kind: model.kind,
      data: context.data,
      labels: model.labels.length,
    },
    metrics: { accuracy: s.accuracy.mean, macroF1: s.macroF1.mean },
    primaryMetric: { name: 'accuracy', higherIsBetter: true },
    trainingSeconds: context.seconds,
    artifact: textModelArtifact(model),
    evaluation: {
      kind: 'text_classifier',
      labels: evaluation.labels,
      confusion: evaluation.pooled.confusion,
      perClass: evaluation.pooled.perClass,
      folds: evaluation.folds,
    },
  };
}
