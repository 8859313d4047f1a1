import { AppError } from '../shared/index.js';

/**
 * Input errors of the recommenders. The registry has no recommender-specific code; like `ml/`, bad options and
 * malformed inputs use `invalid_request` and data that cannot be trained on uses `invalid_training_data`, with
 * `details.reason` saying what is wrong.
 */
export type RecommendInputProblem =
  'invalid_option' | 'length_mismatch' | 'out_of_range' | 'not_finite' | 'missing_input';

export function recommendInputError(
  reason: RecommendInputProblem,
  message: string,
  details: Record<string, unknown> = {},
): AppError {
  return new AppError('invalid_request', message, { reason, ...details });
}

export function invalidOption(message: string, details: Record<string, unknown> = {}): AppError {
  return recommendInputError('invalid_option', message, details);
}

/** A whole number ≥ `min`. */
export function checkCount(name: string, value: number, min = 0): void {
  if (!Number.isInteger(value) || value < min) {
    throw invalidOption(`${name} must be an integer ≥ ${min}, got ${value}`, { option: name, value });
  }
}

/** A finite number > 0. */
export function checkPositive(name: string, value: number): void {
  if (!(value > 0 && value < Infinity)) {
    throw invalidOption(`${name} must be a finite number > 0, got ${value}`, { option: name, value });
  }
}

/** A finite number ≥ 0. */
export function checkNonNegative(name: string, value: number): void {
  if (!(value >= 0 && value < Infinity)) {
    throw invalidOption(`${name} must be a finite number ≥ 0, got ${value}`, { option: name, value });
  }
}

/** `out` must hold one score per item. */
export function checkScoresLength(out: { length: number }, items: number): void {
  if (out.length !== items) {
    throw recommendInputError('length_mismatch', `scores need ${items} slots, got ${out.length}`, {
      lengths: [out.length, items],
    });
  }
}

/** `user` must be a row of the training matrix. */
export function checkUser(user: number, users: number): void {
  if (!Number.isInteger(user) || user < 0 || user >= users) {
    throw recommendInputError('out_of_range', `user ${user} is outside 0..${users - 1}`, { user, users });
  }
}
