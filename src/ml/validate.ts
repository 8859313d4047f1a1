import { AppError } from '../shared/index.js';

/**
 * The code of every input error raised by the models, metrics, calibration and cross-validation here. The registry
 * has no ML-specific code yet; `details.reason` says what is wrong (`empty_input`, `length_mismatch`, `not_binary`,
 * `single_class`, `not_finite`, `out_of_range`, `invalid_option`).
 */
const CODE = 'invalid_request';

export type MlInputProblem =
  | 'empty_input'
  | 'length_mismatch'
  | 'not_binary'
  | 'single_class'
  | 'not_finite'
  | 'out_of_range'
  | 'invalid_option';

export function mlInputError(
  reason: MlInputProblem,
  message: string,
  details: Record<string, unknown> = {},
): AppError {
  return new AppError(CODE, message, { reason, ...details });
}

export function checkNonEmpty(what: string, values: ArrayLike<unknown>): void {
  if (values.length === 0) throw mlInputError('empty_input', `${what} is empty`);
}

/** Both arrays non-empty and equally long. */
export function checkPaired(
  a: ArrayLike<unknown>,
  b: ArrayLike<unknown>,
  what = 'yTrue and the predictions',
): void {
  if (a.length !== b.length) {
    throw mlInputError('length_mismatch', `${what} differ in length: ${a.length} vs ${b.length}`, {
      lengths: [a.length, b.length],
    });
  }
  checkNonEmpty(what, a);
}

export function checkFinite(what: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw mlInputError('not_finite', `${what} has a non-finite value at index ${i}`, { index: i });
    }
  }
}

/** Labels must be 0 or 1. Returns the number of positives. */
export function checkBinary(what: string, labels: ArrayLike<number>): number {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i]!;
    if (v === 1) positives++;
    else if (v !== 0) {
      throw mlInputError('not_binary', `${what} must hold only 0 and 1, found ${v} at index ${i}`, {
        index: i,
      });
    }
  }
  return positives;
}

/** Sample weights: as many as rows, finite and non-negative. */
export function checkWeights(weights: ArrayLike<number>, n: number): void {
  if (weights.length !== n) {
    throw mlInputError('length_mismatch', `${weights.length} sample weights for ${n} rows`, {
      lengths: [weights.length, n],
    });
  }
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    if (!(w >= 0 && w < Infinity)) {
      throw mlInputError(
        'not_finite',
        `sample weight ${w} at index ${i} is not a finite non-negative number`,
        {
          index: i,
        },
      );
    }
  }
}

export function invalidOption(message: string, details: Record<string, unknown> = {}): AppError {
  return mlInputError('invalid_option', message, details);
}
