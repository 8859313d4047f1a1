import { expect } from 'vitest';
import { AppError } from '../../shared/index.js';

/** Test support (not a test): the `details.reason` of the AppError `fn` throws ('no error' if it returns). */
export function errorReason(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details?.reason;
  }
  return 'no error';
}

export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}
