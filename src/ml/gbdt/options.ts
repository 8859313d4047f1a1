/** What the boosted trees predict: P(y = 1) through the logistic link, or a real value. */
export type GbdtObjective = 'binary' | 'regression';

/** −1: the prediction may only fall as the feature grows; 1: only rise; 0: unconstrained. */
export type MonotoneConstraint = -1 | 0 | 1;

/**
 * Hyper-parameters, named and defaulted as in LightGBM (camelCase). A plain record of numbers, so that it crosses
 * `worker_threads` unchanged and is stored in the model.
 */
export interface GbdtOptions {
  objective?: GbdtObjective;
  /** Boosting rounds (trees). Default 100. */
  numIterations?: number;
  /** Shrinkage applied to each tree's leaf values. Default 0.1. */
  learningRate?: number;
  /** Leaves per tree (leaf-wise growth stops there). Default 31. */
  maxLeaves?: number;
  /** Depth limit (root = depth 0); undefined = none. */
  maxDepth?: number;
  /** Fewest (bagged) training rows in a leaf, ≥ 1. Default 20. */
  minDataInLeaf?: number;
  /** Smallest sum of hessians in a leaf. Default 1e-3. */
  minSumHessianInLeaf?: number;
  /** L2 penalty on leaf values. Default 0. */
  lambdaL2?: number;
  /** A split must gain more than this. Default 0. */
  minGainToSplit?: number;
  /** Bins for the non-missing values of a numeric feature (and categories kept per categorical one), ≤ 255. */
  maxBin?: number;
  /** Share of rows drawn (without replacement) for each bag, in (0, 1]. Default 1 (no bagging). */
  baggingFraction?: number;
  /** Draw a new bag every `baggingFreq` iterations; 0 = no bagging. Default 0. */
  baggingFreq?: number;
  /** Share of features each tree may split on, in (0, 1]. Default 1. */
  featureFraction?: number;
  /** Column indices holding categorical codes (non-negative integers; anything else is "other"). */
  categoricalFeatures?: readonly number[];
  /** Largest set of categories sent left by one many-vs-many split. Default 32. */
  maxCatThreshold?: number;
  /**
   * Categories are ordered by Σ gradient / (Σ hessian + catSmooth); those with fewer rows than catSmooth (estimated
   * from the hessian, as LightGBM) stay on the "other" side. Default 10.
   */
  catSmooth?: number;
  /** Extra L2 penalty on the children of many-vs-many categorical splits. Default 10. */
  catL2?: number;
  /** Fewest rows per group of categories scanned in a many-vs-many split. Default 100. */
  minDataPerGroup?: number;
  /** Features with at most this many bins (categories + "other") use one-vs-rest splits. Default 4. */
  maxCatToOnehot?: number;
  /** One entry per feature (missing entries = 0); LightGBM's 'basic' method. Numeric features only. */
  monotoneConstraints?: readonly MonotoneConstraint[];
  /**
   * Column indices no tree may split on (LightGBM's `ignore_column`), e.g. columns that track time and will leave
   * their training range; `featureFraction` samples among the others.
   */
  ignoredFeatures?: readonly number[];
  /** Binary only: weight of positive rows in the gradients (not in the init score, as LightGBM). Default 1. */
  scalePosWeight?: number;
  /** Stop when the validation metric has not improved for this many rounds; needs a validation set. */
  earlyStoppingRounds?: number;
  /** Seed of the bagging and feature sampling. Default 0. */
  seed?: number | string;
}

/** Every option with its value (defaults filled in); what a model records. */
export interface ResolvedGbdtOptions {
  objective: GbdtObjective;
  numIterations: number;
  learningRate: number;
  maxLeaves: number;
  /** −1 when unlimited (JSON has no `undefined`). */
  maxDepth: number;
  minDataInLeaf: number;
  minSumHessianInLeaf: number;
  lambdaL2: number;
  minGainToSplit: number;
  maxBin: number;
  baggingFraction: number;
  baggingFreq: number;
  featureFraction: number;
  categoricalFeatures: number[];
  maxCatThreshold: number;
  catSmooth: number;
  catL2: number;
  minDataPerGroup: number;
  maxCatToOnehot: number;
  monotoneConstraints: MonotoneConstraint[];
  ignoredFeatures: number[];
  scalePosWeight: number;
  /** 0 when off. */
  earlyStoppingRounds: number;
  seed: number | string;
}

export const GBDT_DEFAULTS: Readonly<
  Omit<ResolvedGbdtOptions, 'categoricalFeatures' | 'monotoneConstraints' | 'ignoredFeatures'>
> = {
  objective: 'binary',
  numIterations: 100,
  learningRate: 0.1,
  maxLeaves: 31,
  maxDepth: -1,
  minDataInLeaf: 20,
  minSumHessianInLeaf: 1e-3,
  lambdaL2: 0,
  minGainToSplit: 0,
  maxBin: 255,
  baggingFraction: 1,
  baggingFreq: 0,
  featureFraction: 1,
  maxCatThreshold: 32,
  catSmooth: 10,
  catL2: 10,
  minDataPerGroup: 100,
  maxCatToOnehot: 4,
  scalePosWeight: 1,
  earlyStoppingRounds: 0,
  seed: 0,
};

/** Fills in defaults and checks every option against `numFeatures`; throws a RangeError naming the first bad one. */
export function resolveGbdtOptions(options: GbdtOptions, numFeatures: number): ResolvedGbdtOptions {
  const o = { ...GBDT_DEFAULTS, ...definedOnly(options) };
  if (o.objective !== 'binary' && o.objective !== 'regression') {
    throw new RangeError(`objective must be 'binary' or 'regression', got ${String(o.objective)}`);
  }
  const int = (name: string, v: number, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (!Number.isInteger(v) || v < min || v > max) {
      throw new RangeError(`${name} must be an integer in ${min}..${max}, got ${v}`);
    }
  };
  const real = (name: string, v: number, min: number, max: number, minOpen = false): void => {
    if (!Number.isFinite(v) || v < min || v > max || (minOpen && v === min)) {
      throw new RangeError(`${name} must be in ${minOpen ? '(' : '['}${min}, ${max}], got ${v}`);
    }
  };
  int('numIterations', o.numIterations, 0);
  real('learningRate', o.learningRate, 0, 1e3, true);
  int('maxLeaves', o.maxLeaves, 2, 131072);
  if (o.maxDepth !== -1) int('maxDepth', o.maxDepth, 1, 64);
  int('minDataInLeaf', o.minDataInLeaf, 1);
  real('minSumHessianInLeaf', o.minSumHessianInLeaf, 0, Infinity);
  real('lambdaL2', o.lambdaL2, 0, Infinity);
  real('minGainToSplit', o.minGainToSplit, 0, Infinity);
  int('maxBin', o.maxBin, 2, 255);
  real('baggingFraction', o.baggingFraction, 0, 1, true);
  int('baggingFreq', o.baggingFreq, 0);
  real('featureFraction', o.featureFraction, 0, 1, true);
  int('maxCatThreshold', o.maxCatThreshold, 1);
  real('catSmooth', o.catSmooth, 0, Infinity);
  real('catL2', o.catL2, 0, Infinity);
  int('minDataPerGroup', o.minDataPerGroup, 1);
  int('maxCatToOnehot', o.maxCatToOnehot, 0);
  real('scalePosWeight', o.scalePosWeight, 0, Infinity, true);
  int('earlyStoppingRounds', o.earlyStoppingRounds, 0);
  if (typeof o.seed !== 'string' && !Number.isFinite(o.seed))
    throw new RangeError('seed must be a number or string');
  const categoricalFeatures = [...new Set(options.categoricalFeatures ?? [])].sort((a, b) => a - b);
  for (const f of categoricalFeatures) int('categoricalFeatures entry', f, 0, numFeatures - 1);
  const given = options.monotoneConstraints ?? [];
  if (given.length > numFeatures) {
    throw new RangeError(`monotoneConstraints has ${given.length} entries for ${numFeatures} features`);
  }
  const monotoneConstraints = Array.from({ length: numFeatures }, (_, f): MonotoneConstraint => {
    const c = given[f] ?? 0;
    if (c !== -1 && c !== 0 && c !== 1) throw new RangeError(`monotone constraint ${f} must be -1, 0 or 1`);
    if (c !== 0 && categoricalFeatures.includes(f)) {
      throw new RangeError(`feature ${f} is categorical and cannot carry a monotone constraint`);
    }
    return c;
  });
  const ignoredFeatures = [...new Set(options.ignoredFeatures ?? [])].sort((a, b) => a - b);
  for (const f of ignoredFeatures) int('ignoredFeatures entry', f, 0, numFeatures - 1);
  return { ...o, categoricalFeatures, monotoneConstraints, ignoredFeatures };
}

/** The known options that are set (extra keys, e.g. from a stored model, are dropped). */
function definedOnly(options: GbdtOptions): Partial<ResolvedGbdtOptions> {
  const given = options as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(GBDT_DEFAULTS)) if (given[k] !== undefined) out[k] = given[k];
  return out as Partial<ResolvedGbdtOptions>;
}
