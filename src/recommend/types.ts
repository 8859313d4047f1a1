/**
 * The shapes every recommender shares. Users and items are dense indexes (0..users-1, 0..items-1) that the caller
 * maps to and from its own ids; algorithms see only typed arrays.
 */

/** A sparse users × items matrix in CSR form (rows = users); column indexes ascend within a row, no duplicates. */
export interface InteractionMatrix {
  readonly users: number;
  readonly items: number;
  /** Length users + 1: row u's entries are at indptr[u] .. indptr[u+1]-1. */
  readonly indptr: Int32Array;
  /** Item index of each entry. */
  readonly indices: Int32Array;
  /** Weight of each entry: 1 for binary data, or a count (e.g. distinct orders holding the item). */
  readonly weights: Float32Array;
}

/** What a recommender trains on. */
export interface TrainInput {
  /** Who interacted with what (weights: how many distinct times, e.g. orders; at least 1). */
  readonly matrix: InteractionMatrix;
  /** Per matrix entry (same order as `indices`): time of the latest interaction, epoch ms. Optional. */
  readonly lastAt?: Float64Array;
  /** The end of the training period, epoch ms (popularity windows and decay count back from it). */
  readonly asOf?: number;
  /** Per item: its text (name, description, category), for content-based models. Optional. */
  readonly itemText?: readonly string[];
}

/** A trained model: scores for every item for one user, higher is better. */
export interface FittedRecommender {
  /**
   * Writes a score for each item into `out` (length = items). Items the model cannot score get -Infinity.
   * Must not allocate per call beyond small scratch space: evaluation calls it once per user.
   */
  scoreUser(user: number, out: Float32Array): void;
}
