import { topK } from '../top-k.js';
import { createRankingAccumulator } from '../ranking-at-k.js';
import type { FittedRecommender } from '../types.js';
import type { EvalTask } from './eval-task.js';
import { seenItems } from './evaluate.js';

/**
 * Rescales one user's scores to [0, 1] (min–max over the finite ones; items a model cannot score get 0), so models
 * on different scales can be added.
 */
export function normaliseScores(scores: Float32Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (!Number.isFinite(s)) continue;
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  const span = hi - lo;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    scores[i] = !Number.isFinite(s) || !(span > 0) ? 0 : (s - lo) / span;
  }
}

/** A weighted sum of models' normalised scores. */
export function blendModels(
  parts: readonly FittedRecommender[],
  weights: readonly number[],
  items: number,
): FittedRecommender {
  const scratch = new Float32Array(items);
  return {
    scoreUser(user, out) {
      out.fill(0);
      parts.forEach((part, m) => {
        const w = weights[m] as number;
        if (w === 0) return;
        part.scoreUser(user, scratch);
        normaliseScores(scratch);
        for (let i = 0; i < items; i++) out[i] = (out[i] as number) + w * (scratch[i] as number);
      });
    },
  };
}

/** Weights tried for each part (relative: the sum is not fixed). */
const GRID = [0, 0.25, 0.5, 1, 2, 4];
/** Most validation users scored when learning weights (every n-th user beyond it). */
const MAX_USERS = 2_000;
const CACHE_BYTES = 512 * 1024 * 1024;

export interface LearnedBlend {
  weights: number[];
  /** NDCG at k of the learned weights on the validation task. */
  ndcg: number;
}

/**
 * Blend weights learned on a validation task by coordinate ascent over a grid: starting from the best single part,
 * each pass tries every grid value for each part in turn, keeping a change only when it raises validation NDCG at k.
 */
export function learnBlendWeights(
  validation: EvalTask,
  parts: readonly FittedRecommender[],
  k: number,
): LearnedBlend {
  const { matrix } = validation.train;
  const n = matrix.items;
  // Scores are cached per part and user: at most about CACHE_BYTES of them.
  const maxUsers = Math.max(
    50,
    Math.min(MAX_USERS, Math.floor(CACHE_BYTES / (4 * n * Math.max(1, parts.length)))),
  );
  const step = Math.max(1, Math.ceil(validation.users.length / maxUsers));
  const picked: number[] = [];
  for (let j = 0; j < validation.users.length; j += step) picked.push(j);
  // Each part's normalised scores for the picked users, computed once.
  const cache = parts.map((part) =>
    picked.map((j) => {
      const s = new Float32Array(n);
      part.scoreUser(validation.users[j] as number, s);
      normaliseScores(s);
      return s;
    }),
  );
  const combined = new Float32Array(n);
  const ndcgOf = (weights: readonly number[]): number => {
    if (weights.every((w) => w === 0)) return -1;
    const acc = createRankingAccumulator(k, n);
    picked.forEach((j, p) => {
      combined.fill(0);
      weights.forEach((w, m) => {
        if (w === 0) return;
        const s = cache[m]?.[p] as Float32Array;
        for (let i = 0; i < n; i++) combined[i] = (combined[i] as number) + w * (s[i] as number);
      });
      const user = validation.users[j] as number;
      const top = topK(combined, k, validation.excludeSeen ? seenItems(matrix, user) : undefined);
      acc.add(top, validation.targets[j] as Int32Array, validation.targetSizes[j] as number);
    });
    return acc.result().ndcg;
  };
  // Start from the best single part; another part joins only where it raises validation NDCG.
  const alone = parts.map((_, m) => ndcgOf(parts.map((__, q) => (q === m ? 1 : 0))));
  const first = alone.indexOf(Math.max(...alone));
  const weights: number[] = parts.map((_, q) => (q === first ? 1 : 0));
  let best = alone[first] as number;
  for (let pass = 0; pass < 3; pass++) {
    let improved = false;
    for (let m = 0; m < parts.length; m++)
      for (const w of GRID) {
        if (w === weights[m]) continue;
        const trial = weights.map((x, q) => (q === m ? w : x));
        const score = ndcgOf(trial);
        if (score > best + 1e-9) {
          best = score;
          weights[m] = w;
          improved = true;
        }
      }
    if (!improved) break;
  }
  return { weights, ndcg: best };
}
