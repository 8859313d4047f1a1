import { mlInputError } from './validate.js';

/** Per-class and macro-averaged scores of a multi-class prediction, with its confusion matrix. */
export interface MulticlassReport {
  accuracy: number;
  /** Unweighted mean of the per-class F1. */
  macroF1: number;
  macroPrecision: number;
  macroRecall: number;
  perClass: { precision: number; recall: number; f1: number; support: number }[];
  /** matrix[true][predicted] counts. */
  confusion: number[][];
}

/**
 * Accuracy, per-class precision/recall/F1 and their macro averages over `k` classes numbered 0..k-1. A class
 * with no predictions has precision 0 and a class with no true rows recall 0 (scikit-learn's `zero_division=0`);
 * the macro averages are over the classes that occur as truth or prediction (scikit-learn's `average='macro'`).
 */
export function multiclassReport(
  yTrue: ArrayLike<number>,
  yPred: ArrayLike<number>,
  k: number,
): MulticlassReport {
  if (yTrue.length !== yPred.length)
    throw mlInputError('length_mismatch', `yTrue has ${yTrue.length} values, yPred ${yPred.length}`);
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i]!;
    const p = yPred[i]!;
    if (!(Number.isInteger(t) && t >= 0 && t < k && Number.isInteger(p) && p >= 0 && p < k))
      throw mlInputError('out_of_range', `class at index ${i} is outside 0..${k - 1}`, { index: i });
    confusion[t]![p]!++;
    if (t === p) correct++;
  }
  const perClass = confusion.map((row, c) => {
    const tp = row[c]!;
    const support = row.reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, r) => a + r[c]!, 0);
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { precision, recall, f1, support };
  });
  const seen = perClass.filter((c, i) => c.support > 0 || confusion.some((r) => r[i]! > 0));
  const mean = (f: (c: (typeof perClass)[number]) => number) =>
    seen.length === 0 ? 0 : seen.reduce((a, c) => a + f(c), 0) / seen.length;
  return {
    accuracy: yTrue.length === 0 ? 0 : correct / yTrue.length,
    macroF1: mean((c) => c.f1),
    macroPrecision: mean((c) => c.precision),
    macroRecall: mean((c) => c.recall),
    perClass,
    confusion,
  };
}
