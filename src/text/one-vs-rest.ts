import { createRng } from '../shared/index.js';
import { trainBinarySvm, type LinearSvmOptions } from './linear-svm.js';
import type { SparseRows } from './sparse.js';

/** Per-class machines of `classes` (a subset of 0..k-1), as trained by one thread. */
export interface ClassWeights {
  classes: number[];
  /** One weight vector per class: the columns, then the bias. */
  weights: Float64Array[];
  epochs: number[];
  converged: boolean[];
}

/** Trains the one-vs-rest machines of `classes`; each class's shuffle order depends on the seed and the class only. */
export function trainClasses(
  x: SparseRows,
  y: ArrayLike<number>,
  classes: readonly number[],
  options: LinearSvmOptions,
  seed: string,
): ClassWeights {
  const out: ClassWeights = { classes: [...classes], weights: [], epochs: [], converged: [] };
  for (const c of classes) {
    const r = trainBinarySvm(x, y, c, options, createRng(`${seed}/class-${c}`));
    out.weights.push(r.weights);
    out.epochs.push(r.epochs);
    out.converged.push(r.converged);
  }
  return out;
}

/**
 * Lays per-class weight vectors out feature-major (`w[j * k + c]`, the k biases last), the form scoring reads.
 * With two classes only class 1 is trained; class 0's machine is its negation.
 */
export function featureMajor(parts: readonly ClassWeights[], cols: number, k: number): Float32Array {
  const w = new Float32Array((cols + 1) * k);
  for (const part of parts)
    part.classes.forEach((c, at) => {
      const v = part.weights[at] as Float64Array;
      for (let j = 0; j <= cols; j++) w[j * k + c] = v[j]!;
      if (k === 2) for (let j = 0; j <= cols; j++) w[j * k + (1 - c)] = -v[j]!;
    });
  return w;
}

/** The classes one-vs-rest must train: all of them, or only class 1 of two. */
export const classesToTrain = (k: number): number[] =>
  k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
