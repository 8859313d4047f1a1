import { isCategoryCode } from './binning.js';
import {
  CATEGORICAL,
  GBDT_MODEL_FORMAT,
  type FeatureBinning,
  type GbdtModel,
  type GbdtTree,
} from './model.js';
import { resolveGbdtOptions, type GbdtOptions } from './options.js';

/**
 * Checks that `value` (e.g. `JSON.parse` of a stored model) is a well-formed GBDT model and returns it typed.
 * Beyond the shape, every tree must be a tree (each node and leaf reached once, children after their parent), so
 * scoring a parsed model always terminates. Throws a RangeError naming the first problem.
 */
export function parseGbdtModel(value: unknown): GbdtModel {
  const m = record(value, 'model');
  if (m.format !== GBDT_MODEL_FORMAT) throw new RangeError(`model.format must be '${GBDT_MODEL_FORMAT}'`);
  if (m.objective !== 'binary' && m.objective !== 'regression')
    throw new RangeError('model.objective is invalid');
  const numFeatures = integer(m.numFeatures, 'model.numFeatures', 1);
  const options = resolveGbdtOptions(record(m.options, 'model.options') as GbdtOptions, numFeatures);
  if (options.objective !== m.objective)
    throw new RangeError('model.options.objective differs from model.objective');
  const binning = list(m.binning, 'model.binning').map((b, f) => parseBinning(b, `model.binning[${f}]`));
  if (binning.length !== numFeatures) throw new RangeError('model.binning needs one entry per feature');
  const trees = list(m.trees, 'model.trees').map((t, i) => parseTree(t, numFeatures, `model.trees[${i}]`));
  const bestScore = m.bestScore === null ? null : finite(m.bestScore, 'model.bestScore');
  return {
    format: GBDT_MODEL_FORMAT,
    objective: m.objective,
    numFeatures,
    initScore: finite(m.initScore, 'model.initScore'),
    trees,
    binning,
    options,
    trainRows: integer(m.trainRows, 'model.trainRows', 0),
    bestScore,
  };
}

function parseBinning(value: unknown, at: string): FeatureBinning {
  const b = record(value, at);
  if (b.kind === 'numeric') {
    const edges = numbers(b.edges, `${at}.edges`);
    if (edges.some((e, i) => i > 0 && !(e > edges[i - 1]!)))
      throw new RangeError(`${at}.edges must increase`);
    if (typeof b.hasMissing !== 'boolean') throw new RangeError(`${at}.hasMissing must be a boolean`);
    return { kind: 'numeric', edges, hasMissing: b.hasMissing };
  }
  if (b.kind === 'categorical') {
    const categories = numbers(b.categories, `${at}.categories`);
    if (!categories.every(isCategoryCode)) throw new RangeError(`${at}.categories must be category codes`);
    return { kind: 'categorical', categories };
  }
  throw new RangeError(`${at}.kind must be 'numeric' or 'categorical'`);
}

function parseTree(value: unknown, numFeatures: number, at: string): GbdtTree {
  const t = record(value, at);
  const field = (name: keyof GbdtTree): number[] => numbers(t[name], `${at}.${name}`);
  const tree: GbdtTree = {
    splitFeature: field('splitFeature'),
    threshold: field('threshold'),
    decisionType: field('decisionType'),
    leftChild: field('leftChild'),
    rightChild: field('rightChild'),
    splitGain: field('splitGain'),
    internalCount: field('internalCount'),
    leafValue: field('leafValue'),
    leafCount: field('leafCount'),
    catBoundaries: field('catBoundaries'),
    catValues: field('catValues'),
  };
  const n = tree.splitFeature.length;
  for (const name of [
    'threshold',
    'decisionType',
    'leftChild',
    'rightChild',
    'splitGain',
    'internalCount',
  ] as const) {
    if (tree[name].length !== n) throw new RangeError(`${at}.${name} needs ${n} entries`);
  }
  if (tree.leafValue.length !== n + 1 || tree.leafCount.length !== n + 1) {
    throw new RangeError(`${at} needs ${n + 1} leaf values and counts`);
  }
  const cb = tree.catBoundaries;
  if (
    cb[0] !== 0 ||
    cb[cb.length - 1] !== tree.catValues.length ||
    cb.some((v, i) => i > 0 && v < cb[i - 1]!)
  ) {
    throw new RangeError(`${at}.catBoundaries must rise from 0 to catValues.length`);
  }
  if (!tree.catValues.every(isCategoryCode)) throw new RangeError(`${at}.catValues must be category codes`);
  const seenNode = new Uint8Array(n);
  const seenLeaf = new Uint8Array(n + 1);
  for (let k = 0; k < n; k++) {
    const where = `${at} node ${k}`;
    const f = tree.splitFeature[k]!;
    if (!Number.isInteger(f) || f < 0 || f >= numFeatures)
      throw new RangeError(`${where}: feature out of range`);
    const type = tree.decisionType[k]!;
    if (type !== 0 && type !== 1 && type !== CATEGORICAL) throw new RangeError(`${where}: bad decisionType`);
    const th = tree.threshold[k]!;
    if (type === CATEGORICAL && !(Number.isInteger(th) && th >= 0 && th < cb.length - 1)) {
      throw new RangeError(`${where}: categorical threshold must index catBoundaries`);
    }
    for (const child of [tree.leftChild[k]!, tree.rightChild[k]!]) {
      if (!Number.isInteger(child)) throw new RangeError(`${where}: child must be an integer`);
      const ok = child >= 0 ? child > k && child < n && !seenNode[child] : ~child <= n && !seenLeaf[~child];
      if (!ok) throw new RangeError(`${where}: child ${child} is out of range or reached twice`);
      if (child >= 0) seenNode[child] = 1;
      else seenLeaf[~child] = 1;
    }
  }
  if (n > 0 && seenNode.some((s, k) => k > 0 && !s)) throw new RangeError(`${at}: a node is unreachable`);
  if (n > 0 && !seenLeaf.every((s) => s === 1)) throw new RangeError(`${at}: a leaf is unreachable`);
  return tree;
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RangeError(`${at} must be an object`);
  }
  return value as Record<string, unknown>;
}

function list(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw new RangeError(`${at} must be an array`);
  return value;
}

function numbers(value: unknown, at: string): number[] {
  const a = list(value, at);
  if (!a.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new RangeError(`${at} must hold finite numbers`);
  }
  return a as number[];
}

function finite(value: unknown, at: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new RangeError(`${at} must be a finite number`);
  return value;
}

function integer(value: unknown, at: string, min: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${at} must be an integer ≥ ${min}`);
  }
  return value;
}
