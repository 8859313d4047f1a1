import type { BinnedData } from './binning.js';
import { buildHistogram, subtractHistogram, BIN_STRIDE } from './histogram.js';
import { CATEGORICAL, DEFAULT_LEFT, type FeatureBinning, type GbdtTree } from './model.js';
import type { ResolvedGbdtOptions } from './options.js';
import { findBestSplit, leafOutput, type LeafState, type SplitInfo } from './split.js';

/** Buffers one training run reuses for every tree. */
export interface GrowContext {
  data: BinnedData;
  binning: readonly FeatureBinning[];
  isCategorical: Uint8Array;
  params: ResolvedGbdtOptions;
  /** Rows of the current bag, partitioned so that each leaf owns a contiguous range. */
  order: Int32Array;
  scratch: Int32Array;
  /** Histogram buffers, reused across trees. */
  pool: Float64Array[];
}

export function createGrowContext(
  data: BinnedData,
  binning: readonly FeatureBinning[],
  params: ResolvedGbdtOptions,
): GrowContext {
  const isCategorical = new Uint8Array(data.cols);
  for (let f = 0; f < data.cols; f++) isCategorical[f] = binning[f]!.kind === 'categorical' ? 1 : 0;
  return {
    data,
    binning,
    isCategorical,
    params,
    order: new Int32Array(data.rows),
    scratch: new Int32Array(data.rows),
    pool: [],
  };
}

/** A grown tree, and where its training rows ended up: leaf l holds `order[leafBegin[l]..leafEnd[l])`. */
export interface GrownTree {
  tree: GbdtTree;
  order: Int32Array;
  leafBegin: Int32Array;
  leafEnd: Int32Array;
}

interface Leaf extends LeafState {
  begin: number;
  end: number;
  depth: number;
  /** Internal node whose child this leaf is (−1 for the root), and on which side. */
  parent: number;
  isLeft: boolean;
  hist: Float64Array | null;
  split: SplitInfo | null;
}

/**
 * Grows one tree leaf-wise (best-first): repeatedly splits the leaf whose best split gains most, until `maxLeaves`
 * or no leaf can split. Histograms: the smaller child's is built from its rows, the larger's is the parent's minus
 * it. Leaf values are the second-order optimum times `learningRate`.
 */
export function growTree(
  ctx: GrowContext,
  grad: Float64Array,
  hess: Float64Array,
  bag: Int32Array,
  features: Int32Array,
): GrownTree {
  const { data, params: p } = ctx;
  const free = [...ctx.pool];
  const take = (): Float64Array => free.pop() ?? newBuffer(ctx);
  const release = (leaf: Leaf): void => {
    if (leaf.hist !== null) free.push(leaf.hist);
    leaf.hist = null;
  };
  const order = ctx.order;
  order.set(bag);
  let sumG = 0;
  let sumH = 0;
  for (let i = 0; i < bag.length; i++) {
    sumG += grad[bag[i]!]!;
    sumH += hess[bag[i]!]!;
  }
  const tree = emptyTree();
  const root: Leaf = {
    sumG,
    sumH,
    count: bag.length,
    output: leafOutput(sumG, sumH, p.lambdaL2, -Infinity, Infinity),
    minOut: -Infinity,
    maxOut: Infinity,
    begin: 0,
    end: bag.length,
    depth: 0,
    parent: -1,
    isLeft: false,
    hist: null,
    split: null,
  };
  const leaves: Leaf[] = [root];
  const searchSplit = (leaf: Leaf): void => {
    leaf.split = findBestSplit(leaf.hist!, data, features, ctx.isCategorical, leaf, p);
    if (leaf.split === null) release(leaf);
  };
  if (splittable(root, p)) {
    root.hist = take();
    buildHistogram(root.hist, data, features, order, 0, bag.length, grad, hess);
    searchSplit(root);
  }
  while (leaves.length < p.maxLeaves) {
    let li = -1;
    for (let l = 0; l < leaves.length; l++) {
      const s = leaves[l]!.split;
      if (s !== null && (li < 0 || s.gain > leaves[li]!.split!.gain)) li = l;
    }
    if (li < 0) break;
    const leaf = leaves[li]!;
    const split = leaf.split!;
    const node = addNode(tree, ctx, leaf, split);
    const mid = partition(ctx, leaf, split);
    const left: Leaf = child(leaf, node, true, split.leftG, split.leftH, leaf.begin, mid, split.leftOutput);
    const right: Leaf = child(
      leaf,
      node,
      false,
      leaf.sumG - split.leftG,
      leaf.sumH - split.leftH,
      mid,
      leaf.end,
      split.rightOutput,
    );
    tree.leftChild[node] = ~li;
    tree.rightChild[node] = ~leaves.length;
    const mono = p.monotoneConstraints[split.feature]!;
    if (mono !== 0) {
      const m = (split.leftOutput + split.rightOutput) / 2;
      const [low, high] = mono > 0 ? [left, right] : [right, left];
      low.maxOut = Math.min(low.maxOut, m);
      high.minOut = Math.max(high.minOut, m);
    }
    leaves[li] = left;
    leaves.push(right);
    const parentHist = leaf.hist!;
    leaf.hist = null;
    const full = leaves.length >= p.maxLeaves;
    const canLeft = !full && splittable(left, p);
    const canRight = !full && splittable(right, p);
    if (canLeft || canRight) {
      const [small, large] = left.count < right.count ? [left, right] : [right, left];
      small.hist = take();
      buildHistogram(small.hist, data, features, order, small.begin, small.end, grad, hess);
      subtractHistogram(parentHist, small.hist, data, features);
      large.hist = parentHist;
      if (canLeft) searchSplit(left);
      else release(left);
      if (canRight) searchSplit(right);
      else release(right);
    } else {
      free.push(parentHist);
    }
  }
  const leafBegin = new Int32Array(leaves.length);
  const leafEnd = new Int32Array(leaves.length);
  leaves.forEach((leaf, l) => {
    release(leaf);
    tree.leafValue.push(leaf.output * p.learningRate);
    tree.leafCount.push(leaf.count);
    leafBegin[l] = leaf.begin;
    leafEnd[l] = leaf.end;
  });
  ctx.pool = free;
  return { tree, order, leafBegin, leafEnd };
}

function newBuffer(ctx: GrowContext): Float64Array {
  return new Float64Array(ctx.data.totalBins * BIN_STRIDE);
}

function splittable(leaf: Leaf, p: ResolvedGbdtOptions): boolean {
  return (
    leaf.count >= 2 * p.minDataInLeaf &&
    leaf.sumH >= 2 * p.minSumHessianInLeaf &&
    (p.maxDepth < 0 || leaf.depth < p.maxDepth)
  );
}

function child(
  parent: Leaf,
  node: number,
  isLeft: boolean,
  sumG: number,
  sumH: number,
  begin: number,
  end: number,
  output: number,
): Leaf {
  return {
    sumG,
    sumH,
    count: end - begin,
    output,
    minOut: parent.minOut,
    maxOut: parent.maxOut,
    begin,
    end,
    depth: parent.depth + 1,
    parent: node,
    isLeft,
    hist: null,
    split: null,
  };
}

export function emptyTree(): GbdtTree {
  return {
    splitFeature: [],
    threshold: [],
    decisionType: [],
    leftChild: [],
    rightChild: [],
    splitGain: [],
    internalCount: [],
    leafValue: [],
    leafCount: [],
    catBoundaries: [0],
    catValues: [],
  };
}

/** Appends the internal node that replaces `leaf` and links it from the leaf's parent; returns its index. */
function addNode(tree: GbdtTree, ctx: GrowContext, leaf: Leaf, split: SplitInfo): number {
  const node = tree.splitFeature.length;
  const f = split.feature;
  const binning = ctx.binning[f]!;
  tree.splitFeature.push(f);
  tree.splitGain.push(split.gain);
  tree.internalCount.push(leaf.count);
  tree.leftChild.push(0);
  tree.rightChild.push(0);
  if (binning.kind === 'categorical') {
    const codes = split.leftBins.map((b) => binning.categories[b]!).sort((a, b) => a - b);
    tree.threshold.push(tree.catBoundaries.length - 1);
    tree.catValues.push(...codes);
    tree.catBoundaries.push(tree.catValues.length);
    tree.decisionType.push(CATEGORICAL);
  } else {
    // The last non-missing bin only splits NaN from everything else.
    tree.threshold.push(binning.edges[split.thresholdBin] ?? Number.MAX_VALUE);
    tree.decisionType.push(split.defaultLeft ? DEFAULT_LEFT : 0);
  }
  if (leaf.parent >= 0) (leaf.isLeft ? tree.leftChild : tree.rightChild)[leaf.parent] = node;
  return node;
}

/** Stable partition of the leaf's rows: left rows first; returns the first right position. */
function partition(ctx: GrowContext, leaf: Leaf, split: SplitInfo): number {
  const { data, order, scratch } = ctx;
  const f = split.feature;
  const { bins, cols } = data;
  const goLeft = new Uint8Array(data.numBins[f]!);
  if (split.categorical) {
    for (const b of split.leftBins) goLeft[b] = 1;
  } else {
    goLeft.fill(1, 0, split.thresholdBin + 1);
    goLeft[goLeft.length - 1] = split.defaultLeft ? 1 : 0;
  }
  let wl = leaf.begin;
  let wr = 0;
  for (let q = leaf.begin; q < leaf.end; q++) {
    const r = order[q]!;
    if (goLeft[bins[r * cols + f]!]) order[wl++] = r;
    else scratch[wr++] = r;
  }
  order.set(scratch.subarray(0, wr), wl);
  return wl;
}
