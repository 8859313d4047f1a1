import type { GbdtObjective, ResolvedGbdtOptions } from './options.js';

/** How a feature's raw values were mapped to histogram bins during training (stored for inspection and reuse). */
export type FeatureBinning =
  | {
      kind: 'numeric';
      /** Increasing bin edges: a value x falls in bin b when edges[b − 1] < x ≤ edges[b]; NaN has its own bin. */
      edges: number[];
      /** Whether the training data held NaN in this column. */
      hasMissing: boolean;
    }
  | {
      kind: 'categorical';
      /** The codes with a bin of their own, most frequent first; all others (and NaN) share the "other" bin. */
      categories: number[];
    };

/** Bit flags of `GbdtTree.decisionType`. */
export const DEFAULT_LEFT = 1;
export const CATEGORICAL = 2;

/**
 * One tree as flat arrays (LightGBM's layout). Internal node k splits on `splitFeature[k]`; a child index c ≥ 0 is
 * an internal node, c < 0 is leaf ~c (= −c − 1). Node 0 is the root; a tree with no split has one leaf and no nodes.
 */
export interface GbdtTree {
  splitFeature: number[];
  /**
   * Numeric split: x ≤ threshold goes left, NaN follows the DEFAULT_LEFT flag. Categorical split: index k of the
   * category set `catValues[catBoundaries[k] .. catBoundaries[k + 1])`, whose codes go left; every other value right.
   */
  threshold: number[];
  decisionType: number[];
  leftChild: number[];
  rightChild: number[];
  /** Gain of each split (as LightGBM reports it: reduction of the regularised loss, without the ½). */
  splitGain: number[];
  /** Training rows (in the bag) reaching each node: TreeSHAP's cover. */
  internalCount: number[];
  /** Leaf outputs, learning rate applied. */
  leafValue: number[];
  leafCount: number[];
  catBoundaries: number[];
  catValues: number[];
}

export const GBDT_MODEL_FORMAT = 'rapport-gbdt/1';

/** A trained model: plain JSON (`JSON.stringify` / `parseGbdtModel` round-trip it exactly). */
export interface GbdtModel {
  format: typeof GBDT_MODEL_FORMAT;
  objective: GbdtObjective;
  numFeatures: number;
  /** Raw score before the first tree (log-odds of the base rate, or the mean target). */
  initScore: number;
  /** Trees up to the best iteration when early stopping ran. */
  trees: GbdtTree[];
  binning: FeatureBinning[];
  options: ResolvedGbdtOptions;
  /** Training rows, and the validation metric at the kept iteration (null without validation). */
  trainRows: number;
  bestScore: number | null;
}
