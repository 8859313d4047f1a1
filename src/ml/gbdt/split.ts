import type { BinnedData } from './binning.js';
import { BIN_STRIDE as IMPORTED_STRIDE } from './histogram.js';
import type { ResolvedGbdtOptions } from './options.js';

export type SplitParams = Pick<
  ResolvedGbdtOptions,
  | 'lambdaL2'
  | 'minDataInLeaf'
  | 'minSumHessianInLeaf'
  | 'minGainToSplit'
  | 'maxCatThreshold'
  | 'catSmooth'
  | 'catL2'
  | 'minDataPerGroup'
  | 'maxCatToOnehot'
  | 'monotoneConstraints'
>;

/** What the split search needs to know about a leaf. */
export interface LeafState {
  sumG: number;
  sumH: number;
  count: number;
  /** The leaf's current (unshrunk) output, and the bounds monotone constraints put on it and its descendants. */
  output: number;
  minOut: number;
  maxOut: number;
}

export interface SplitInfo {
  feature: number;
  gain: number;
  categorical: boolean;
  /** Numeric: bins ≤ thresholdBin go left. */
  thresholdBin: number;
  /** Numeric: whether the missing bin goes left. */
  defaultLeft: boolean;
  /** Categorical: the bins that go left (every other bin goes right). */
  leftBins: number[];
  leftG: number;
  leftH: number;
  leftCount: number;
  leftOutput: number;
  rightOutput: number;
}

// Module-local copy: imported bindings read in hot loops measured slower than local constants.
const BIN_STRIDE = IMPORTED_STRIDE;

/** The leaf value that minimises the regularised second-order loss, clipped to [min, max]. */
export function leafOutput(g: number, h: number, l2: number, min: number, max: number): number {
  const w = -g / (h + l2);
  return w < min ? min : w > max ? max : w;
}

/** −(2 G w + (H + λ) w²): the loss reduction of output w (G²/(H + λ) at the optimum). */
function gainGivenOutput(g: number, h: number, l2: number, w: number): number {
  return -(2 * g * w + (h + l2) * w * w);
}

/** Scratch of one search: the best candidate so far, kept in fields to avoid allocating per candidate. */
class Best {
  gain = -Infinity;
  feature = -1;
  categorical = false;
  thresholdBin = 0;
  defaultLeft = false;
  leftBins: number[] = [];
  leftG = 0;
  leftH = 0;
  leftCount = 0;
  leftOutput = 0;
  rightOutput = 0;
}

/**
 * The best split of a leaf over `features` (LightGBM's rules: numeric thresholds scanned with the missing bin on
 * either side; categorical one-vs-rest or many-vs-many by sorted gradient ratio), or null when none gains more
 * than `minGainToSplit` under the data, hessian and monotone constraints.
 */
export function findBestSplit(
  hist: Float64Array,
  data: BinnedData,
  features: Int32Array,
  isCategorical: Uint8Array,
  leaf: LeafState,
  params: SplitParams,
): SplitInfo | null {
  const best = new Best();
  for (let k = 0; k < features.length; k++) {
    const f = features[k]!;
    if (isCategorical[f]) scanCategorical(hist, data, f, leaf, params, best);
    else scanNumeric(hist, data, f, leaf, params, best);
  }
  if (best.feature < 0) return null;
  return { ...best };
}

/** Children gain minus the parent's, or −Infinity when the outputs break the feature's monotone constraint. */
function splitGain(
  leaf: LeafState,
  gl: number,
  hl: number,
  gr: number,
  hr: number,
  l2: number,
  monotone: number,
  out: { left: number; right: number },
): number {
  const lo = leaf.minOut;
  const hi = leaf.maxOut;
  const wl = leafOutput(gl, hl, l2, lo, hi);
  const wr = leafOutput(gr, hr, l2, lo, hi);
  if ((monotone > 0 && wl > wr) || (monotone < 0 && wl < wr)) return -Infinity;
  out.left = wl;
  out.right = wr;
  return gainGivenOutput(gl, hl, l2, wl) + gainGivenOutput(gr, hr, l2, wr);
}

const outputs = { left: 0, right: 0 };

function scanNumeric(
  hist: Float64Array,
  data: BinnedData,
  f: number,
  leaf: LeafState,
  p: SplitParams,
  best: Best,
): void {
  const j0 = data.offsets[f]! * BIN_STRIDE;
  const nb = data.numBins[f]! - 1; // non-missing bins; bin nb holds NaN
  const jm = j0 + nb * BIN_STRIDE;
  const missingCount = hist[jm + 2]!;
  const { sumG: G, sumH: H, count: C } = leaf;
  const l2 = p.lambdaL2;
  const mono = p.monotoneConstraints[f]!;
  const parentGain = gainGivenOutput(G, H, l2, leaf.output);
  const minGain = p.minGainToSplit;
  const minData = p.minDataInLeaf;
  const minHess = p.minSumHessianInLeaf;
  // Missing values right: left = bins 0..b. With missing values, b = nb − 1 splits NaN from everything else.
  let gl = 0;
  let hl = 0;
  let cl = 0;
  const last = missingCount > 0 ? nb - 1 : nb - 2;
  for (let b = 0; b <= last; b++) {
    const j = j0 + b * BIN_STRIDE;
    gl += hist[j]!;
    hl += hist[j + 1]!;
    cl += hist[j + 2]!;
    if (cl < minData || hl < minHess) continue;
    const cr = C - cl;
    const hr = H - hl;
    if (cr < minData || hr < minHess) break;
    const gain = splitGain(leaf, gl, hl, G - gl, hr, l2, mono, outputs) - parentGain;
    if (gain > minGain && gain > best.gain)
      record(best, gain, f, b, missingCount > 0 ? false : cl > cr, gl, hl, cl);
  }
  if (missingCount === 0) return;
  // Missing values left: right = bins b + 1..nb − 1.
  let gr = 0;
  let hr = 0;
  let cr = 0;
  for (let b = nb - 2; b >= 0; b--) {
    const j = j0 + (b + 1) * BIN_STRIDE;
    gr += hist[j]!;
    hr += hist[j + 1]!;
    cr += hist[j + 2]!;
    if (cr < minData || hr < minHess) continue;
    const cl2 = C - cr;
    const hl2 = H - hr;
    if (cl2 < minData || hl2 < minHess) break;
    const gain = splitGain(leaf, G - gr, hl2, gr, hr, l2, mono, outputs) - parentGain;
    if (gain > minGain && gain > best.gain) record(best, gain, f, b, true, G - gr, hl2, cl2);
  }
}

function record(
  best: Best,
  gain: number,
  f: number,
  bin: number,
  defaultLeft: boolean,
  gl: number,
  hl: number,
  cl: number,
): void {
  best.gain = gain;
  best.feature = f;
  best.categorical = false;
  best.thresholdBin = bin;
  best.defaultLeft = defaultLeft;
  best.leftBins = [];
  best.leftG = gl;
  best.leftH = hl;
  best.leftCount = cl;
  best.leftOutput = outputs.left;
  best.rightOutput = outputs.right;
}

function scanCategorical(
  hist: Float64Array,
  data: BinnedData,
  f: number,
  leaf: LeafState,
  p: SplitParams,
  best: Best,
): void {
  const j0 = data.offsets[f]! * BIN_STRIDE;
  const nc = data.numBins[f]! - 1; // listed categories; bin nc is "other"
  const { sumG: G, sumH: H, count: C } = leaf;
  // As LightGBM: the parent's loss without catL2, so many-vs-many splits must overcome the extra penalty.
  const parentGain = gainGivenOutput(G, H, p.lambdaL2, leaf.output);
  const consider = (gl: number, hl: number, cl: number, l2: number): boolean => {
    const gain = splitGain(leaf, gl, hl, G - gl, H - hl, l2, 0, outputs) - parentGain;
    if (!(gain > p.minGainToSplit && gain > best.gain)) return false;
    record(best, gain, f, 0, false, gl, hl, cl);
    best.categorical = true;
    return true;
  };
  if (nc + 1 <= p.maxCatToOnehot) {
    for (let c = 0; c < nc; c++) {
      const j = j0 + c * BIN_STRIDE;
      const cl = hist[j + 2]!;
      const hl = hist[j + 1]!;
      if (cl < p.minDataInLeaf || hl < p.minSumHessianInLeaf) continue;
      if (C - cl < p.minDataInLeaf || H - hl < p.minSumHessianInLeaf) continue;
      if (consider(hist[j]!, hl, cl, p.lambdaL2)) best.leftBins = [c];
    }
    return;
  }
  const used: number[] = [];
  // Rows estimated from the hessian (LightGBM's cnt_factor, scikit-learn's support_factor) must reach catSmooth.
  const support = C / H;
  for (let c = 0; c < nc; c++) if (hist[j0 + c * BIN_STRIDE + 1]! * support >= p.catSmooth) used.push(c);
  const ratio = (c: number): number =>
    hist[j0 + c * BIN_STRIDE]! / (hist[j0 + c * BIN_STRIDE + 1]! + p.catSmooth);
  used.sort((a, b) => ratio(a) - ratio(b) || a - b);
  const n = used.length;
  const maxNumCat = Math.min(p.maxCatThreshold, (n + 1) >> 1);
  const l2 = p.lambdaL2 + p.catL2;
  for (const dir of [1, -1]) {
    let gl = 0;
    let hl = 0;
    let cl = 0;
    let group = 0;
    for (let i = 0; i < n && i < maxNumCat; i++) {
      const c = used[dir > 0 ? i : n - 1 - i]!;
      const j = j0 + c * BIN_STRIDE;
      gl += hist[j]!;
      hl += hist[j + 1]!;
      cl += hist[j + 2]!;
      group += hist[j + 2]!;
      if (cl < p.minDataInLeaf || hl < p.minSumHessianInLeaf) continue;
      const cr = C - cl;
      if (cr < p.minDataInLeaf || cr < p.minDataPerGroup || H - hl < p.minSumHessianInLeaf) break;
      if (group < p.minDataPerGroup) continue;
      group = 0;
      if (consider(gl, hl, cl, l2)) best.leftBins = dir > 0 ? used.slice(0, i + 1) : used.slice(n - 1 - i);
    }
  }
}
