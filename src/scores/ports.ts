import type { Contribution } from '../ml/index.js';

/** What a score says beyond its value: the inputs that moved it most, and model-specific extras. */
export interface ScoreDetail {
  /** The largest contributions to this customer's score, largest first (log-odds for classifiers). */
  contributions?: Contribution[];
  /** Model-specific numbers, e.g. a value model's P(alive) or expected next-order time (epoch ms, or null). */
  extra?: Record<string, number | string | null>;
}

/** One customer's score from one model version. */
export interface ModelScore {
  customerId: string;
  value: number;
  detail: ScoreDetail;
}

/** A customer's score from the active version of a model name, with where it came from. */
export interface ActiveScore extends ModelScore {
  /** The model name: `propensity_30d`, `churn_60d`, `clv_90d`, … */
  name: string;
  modelId: string;
  version: number;
  /** The time the score is for: the version's `dataWindow.asOf`. */
  asOf: number;
}

/**
 * The scores each model version gave each customer. Scores belong to a version, so promoting or rolling back a
 * model switches every customer's score in the same transaction that changes the active version: nothing to copy.
 */
export interface ScoreStore {
  /**
   * Stores a version's scores, replacing any it had; returns how many were written. Written in parts (not one
   * transaction), so call it before the version is registered, while no reader can see it.
   */
  write(modelId: string, scores: readonly ModelScore[]): Promise<number>;
  /**
   * Deletes the scores of old versions of `name`: the active version's and the `keep` newest versions' stay. A
   * version whose scores were deleted can still be rolled back to; it then has no scores until it is rescored.
   */
  prune(name: string, keep: number): Promise<number>;
  /** How many scores a version has. */
  count(modelId: string): Promise<number>;
  /** The customer's scores from every model name's active version, by name. */
  activeFor(customerId: string): Promise<ActiveScore[]>;
  /** Active score values of many customers (name → value per customer), for lists. */
  activeValues(customerIds: readonly string[]): Promise<Map<string, Record<string, number>>>;
}
