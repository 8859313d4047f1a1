import { createMatrix, type Matrix } from '../matrix.js';
import type { GbdtModel } from './model.js';
import { compileModel, goesLeft, type CompiledTrees } from './predict.js';

/**
 * SHAP values of each row's raw score by exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2),
 * with each node's training row count as its cover. Returns rows × (numFeatures + 1): column f is feature f's
 * contribution, the last column the expected raw score (init score plus each tree's cover-weighted mean leaf); a
 * row's entries sum to its raw score, as LightGBM's `pred_contrib`.
 */
export function treeShap(model: GbdtModel, x: Matrix): Matrix {
  const d = model.numFeatures;
  if (x.cols !== d) throw new RangeError(`model expects ${d} features, data has ${x.cols}`);
  const c = compileModel(model);
  const nTrees = c.roots.length;
  let expected = model.initScore;
  let maxDepth = 0;
  for (let t = 0; t < nTrees; t++) {
    expected += expectedValue(c, c.roots[t]!);
    maxDepth = Math.max(maxDepth, depthOf(c, c.roots[t]!));
  }
  const out = createMatrix(x.rows, d + 1);
  const maxd = maxDepth + 2;
  const path = createPath((maxd * (maxd + 1)) / 2);
  for (let i = 0; i < x.rows; i++) {
    const phi = out.data.subarray(i * (d + 1), (i + 1) * (d + 1));
    for (let t = 0; t < nTrees; t++) {
      const root = c.roots[t]!;
      if (root >= 0) recurse(c, x.data, i * d, phi, path, root, 0, 0, 1, 1, -1);
    }
    phi[d] = expected;
  }
  return out;
}

function cover(c: CompiledTrees, node: number): number {
  return node >= 0 ? c.nodeCount[node]! : c.leafCount[~node]!;
}

function expectedValue(c: CompiledTrees, node: number): number {
  if (node < 0) return c.leafValue[~node]!;
  const w = cover(c, node);
  const l = c.left[node]!;
  const r = c.right[node]!;
  return (cover(c, l) * expectedValue(c, l) + cover(c, r) * expectedValue(c, r)) / w;
}

function depthOf(c: CompiledTrees, node: number): number {
  return node < 0 ? 0 : 1 + Math.max(depthOf(c, c.left[node]!), depthOf(c, c.right[node]!));
}

/** The "unique path" of Algorithm 2: one slot per level, each level's path stored after its parent's. */
interface Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
}

function createPath(size: number): Path {
  return {
    feature: new Int32Array(size),
    zero: new Float64Array(size),
    one: new Float64Array(size),
    weight: new Float64Array(size),
  };
}

function recurse(
  c: CompiledTrees,
  x: Float64Array,
  offset: number,
  phi: Float64Array,
  path: Path,
  node: number,
  parentStart: number,
  depth: number,
  parentZero: number,
  parentOne: number,
  parentFeature: number,
): void {
  // This level's path: a copy of the parent's, extended by the parent's split.
  const s = parentStart + depth + 1;
  path.feature.copyWithin(s, parentStart, parentStart + depth + 1);
  path.zero.copyWithin(s, parentStart, parentStart + depth + 1);
  path.one.copyWithin(s, parentStart, parentStart + depth + 1);
  path.weight.copyWithin(s, parentStart, parentStart + depth + 1);
  extend(path, s, depth, parentZero, parentOne, parentFeature);
  if (node < 0) {
    const value = c.leafValue[~node]!;
    for (let i = 1; i <= depth; i++) {
      const w = unwoundSum(path, s, depth, i);
      phi[path.feature[s + i]!]! += w * (path.one[s + i]! - path.zero[s + i]!) * value;
    }
    return;
  }
  const f = c.feature[node]!;
  const left = c.left[node]!;
  const right = c.right[node]!;
  const toLeft = goesLeft(c, node, x[offset + f]!);
  const hot = toLeft ? left : right;
  const cold = toLeft ? right : left;
  const w = cover(c, node);
  let incomingZero = 1;
  let incomingOne = 1;
  let k = 0;
  while (k <= depth && path.feature[s + k] !== f) k++;
  if (k <= depth) {
    // The feature was split on above: undo that split, to redo it here with both fractions combined.
    incomingZero = path.zero[s + k]!;
    incomingOne = path.one[s + k]!;
    unwind(path, s, depth, k);
    depth--;
  }
  recurse(c, x, offset, phi, path, hot, s, depth + 1, (cover(c, hot) / w) * incomingZero, incomingOne, f);
  recurse(c, x, offset, phi, path, cold, s, depth + 1, (cover(c, cold) / w) * incomingZero, 0, f);
}

function extend(path: Path, s: number, depth: number, zero: number, one: number, feature: number): void {
  const { weight } = path;
  path.feature[s + depth] = feature;
  path.zero[s + depth] = zero;
  path.one[s + depth] = one;
  weight[s + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    weight[s + i + 1]! += (one * weight[s + i]! * (i + 1)) / (depth + 1);
    weight[s + i] = (zero * weight[s + i]! * (depth - i)) / (depth + 1);
  }
}

function unwind(path: Path, s: number, depth: number, k: number): void {
  const { weight } = path;
  const one = path.one[s + k]!;
  const zero = path.zero[s + k]!;
  let next = weight[s + depth]!;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = weight[s + i]!;
      weight[s + i] = (next * (depth + 1)) / ((i + 1) * one);
      next = tmp - (weight[s + i]! * zero * (depth - i)) / (depth + 1);
    } else {
      weight[s + i] = (weight[s + i]! * (depth + 1)) / (zero * (depth - i));
    }
  }
  for (let i = k; i < depth; i++) {
    path.feature[s + i] = path.feature[s + i + 1]!;
    path.zero[s + i] = path.zero[s + i + 1]!;
    path.one[s + i] = path.one[s + i + 1]!;
  }
}

/** Total permutation weight of the path with element k removed (without changing the path). */
function unwoundSum(path: Path, s: number, depth: number, k: number): number {
  const { weight } = path;
  const one = path.one[s + k]!;
  const zero = path.zero[s + k]!;
  let next = weight[s + depth]!;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (one !== 0) {
      const tmp = (next * (depth + 1)) / ((i + 1) * one);
      total += tmp;
      next = weight[s + i]! - tmp * zero * ((depth - i) / (depth + 1));
    } else if (zero !== 0) {
      total += weight[s + i]! / zero / ((depth - i) / (depth + 1));
    }
  }
  return total;
}
