import type { TrainInput } from '../types.js';

/**
 * One offline evaluation: what the models train on, whom they are evaluated for and against what. Items are indexes
 * into a catalogue sorted by id (ascending string order), so ties rank by id as the protocols require.
 */
export interface EvalTask {
  /** e.g. `repeat-allowed`, `new-items`, `random-split`. */
  name: string;
  train: TrainInput;
  /** Catalogue item ids, by index. */
  itemIds: readonly string[];
  /** User ids, by matrix row. */
  userIds: readonly string[];
  /** Evaluated users (matrix rows), ascending. */
  users: Int32Array;
  /** Per evaluated user: target items inside the catalogue (the only ones that can be hit). */
  targets: Int32Array[];
  /** Per evaluated user: the target's size, items outside the catalogue included (recall's denominator). */
  targetSizes: Int32Array;
  /** Leave the user's training items out of the candidates (and so out of the target). */
  excludeSeen: boolean;
}

/** Ids sorted in ascending string order (code units, as the protocols' "ascending string order"), and their index. */
export function indexIds(ids: Iterable<string>): { ids: string[]; index: Map<string, number> } {
  const sorted = [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return { ids: sorted, index: new Map(sorted.map((id, i) => [id, i])) };
}

/** A task and the validation task inside its training part (for hyper-parameters and blend weights). */
export interface TaskWithValidation {
  task: EvalTask;
  validation: EvalTask;
}
