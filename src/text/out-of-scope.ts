import { softmaxInPlace } from './softmax-regression.js';

/**
 * When a text fits none of the classes. A prediction is out of scope when its calibrated confidence is below
 * `threshold`, or when it is the explicit out-of-scope class (`label`) the training data has examples of.
 */
export interface OutOfScopeRule {
  threshold: number;
  /** The out-of-scope class, or null when the data has none. */
  label: string | null;
  /** How the threshold was chosen. */
  method: 'keep_95pct_of_correct' | 'best_validation_accuracy';
}

/** The share of correctly classified in-scope validation rows the threshold keeps when no out-of-scope examples exist. */
const KEEP = 0.95;

/**
 * Tunes the threshold on held-out scores. With out-of-scope examples (class `oos`), it maximizes validation accuracy
 * where every prediction below the threshold counts as out of scope; without them, it keeps 95 % of the correct
 * in-scope predictions (the 5th percentile of their confidence), so that only unusually unsure answers are refused.
 */
export function tuneOutOfScope(
  scores: Float64Array,
  y: Int32Array,
  k: number,
  temperature: number,
  oos: number,
  oosLabel: string | null,
): OutOfScopeRule | null {
  const n = y.length;
  const best = new Int32Array(n);
  const confidence = new Float64Array(n);
  const p = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    p.set(scores.subarray(i * k, i * k + k));
    softmaxInPlace(p, temperature);
    let b = 0;
    for (let c = 1; c < k; c++) if (p[c]! > p[b]!) b = c;
    best[i] = b;
    confidence[i] = p[b]!;
  }
  if (oos < 0) {
    const correct = [...confidence].filter((_, i) => best[i] === y[i]).sort((a, b) => a - b);
    if (correct.length === 0) return null;
    const threshold = correct[Math.floor((1 - KEEP) * correct.length)]!;
    return { threshold, label: null, method: 'keep_95pct_of_correct' };
  }
  // Candidate thresholds: 0 and every confidence seen; a prediction below the threshold becomes `oos`.
  const candidates = [0, ...new Set(confidence)].sort((a, b) => a - b);
  let bestThreshold = 0;
  let bestCorrect = -1;
  for (const t of candidates) {
    let ok = 0;
    for (let i = 0; i < n; i++) {
      const predicted = confidence[i]! < t ? oos : best[i]!;
      if (predicted === y[i]) ok++;
    }
    if (ok > bestCorrect) {
      bestCorrect = ok;
      bestThreshold = t;
    }
  }
  return { threshold: bestThreshold, label: oosLabel, method: 'best_validation_accuracy' };
}
