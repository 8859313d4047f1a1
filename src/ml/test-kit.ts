import { expect } from 'vitest';
import { AppError, type Rng } from '../shared/index.js';
import { createMatrix, type Matrix } from './matrix.js';

/** Test support (not a test): isotropic Gaussian blobs, rows interleaved (blob of row i is i mod blobs). */
export function gaussianBlobs(
  rng: Rng,
  centres: readonly (readonly number[])[],
  perBlob: number,
  sd: number,
): { data: Matrix; truth: Int32Array } {
  const d = centres[0]?.length ?? 0;
  const n = centres.length * perBlob;
  const data = createMatrix(n, d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const b = i % centres.length;
    truth[i] = b;
    for (let j = 0; j < d; j++) data.data[i * d + j] = rng.normal(centres[b]![j]!, sd);
  }
  return { data, truth };
}

/** Uniform rows in [0, 1)^cols. */
export function uniformRows(rng: Rng, rows: number, cols: number): Matrix {
  const m = createMatrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.next();
  return m;
}

/** True when two labellings are the same partition (equal up to renaming the labels). */
export function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((ab.get(x) ?? y) !== y || (ba.get(y) ?? x) !== x) return false;
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}

/** The `details.reason` of the AppError `fn` throws (failing the test on another error), or 'no error'. */
export function errorReason(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return (error as AppError).details?.reason;
  }
  return 'no error';
}
