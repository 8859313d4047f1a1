import { AppError } from '../shared/index.js';
import { addRowDots, dot } from './row-dots.js';
import { simdWorkspace, type SimdTile } from './simd-kernel.js';
import { checkCount, recommendInputError } from './validate.js';

/**
 * The inverse of a symmetric positive-definite matrix through its Cholesky factor, hand-rolled because EASE needs
 * a dense 4,000 × 4,000 inverse and no dependency-free JavaScript library does it at speed. Three passes of
 * n³/6 multiply-adds each, all of them row-against-row dot products (`addRowDots`), with a single n × n buffer:
 *
 * 1. G = L·Lᵀ, L lower, left-looking by blocks of rows (L overwrites the lower triangle);
 * 2. W = L⁻ᵀ, upper, by rows: W[i][j] = −(Σ_{i ≤ k < j} W[i][k]·L[j][k]) / L[j][j] (W fills the upper triangle);
 * 3. G⁻¹ = W·Wᵀ: P[i][j] = Σ_{k ≥ i} W[i][k]·W[j][k] for j ≤ i (P overwrites L), then mirrored.
 *
 * Blocks keep the O(n³) work in the 4 × 3 tiles of `addRowDots`; inside a block the short triangular remainders
 * are plain dot products (O(n²·block) in all). The matrix is copied into WebAssembly memory so that the tiles run as
 * SIMD code (see simd-kernel.ts), which needs as much memory again while it runs.
 */

export interface SpdInverseOptions {
  /** Rows per block. Default 48 (a multiple of the 4 × 3 tile); tests use small blocks to cross block edges. */
  readonly blockSize?: number;
  /** Use the WebAssembly SIMD tile where available (default true); false runs the JavaScript tiles only. */
  readonly simd?: boolean;
}

const DEFAULT_BLOCK = 48;

/**
 * Replaces `a` (n × n, row-major, symmetric positive-definite; only the lower triangle and diagonal are read) by
 * its inverse, both triangles filled. Throws `invalid_training_data` (reason `not_positive_definite`) when a
 * pivot is not a finite positive number (`a` is then left unspecified).
 */
export function invertSpd(a: Float64Array, n: number, options: SpdInverseOptions = {}): void {
  checkCount('n', n);
  if (a.length !== n * n) {
    throw recommendInputError(
      'length_mismatch',
      `a ${n} × ${n} matrix needs ${n * n} values, got ${a.length}`,
    );
  }
  const nb = options.blockSize ?? DEFAULT_BLOCK;
  checkCount('blockSize', nb, 1);
  const workspace = options.simd === false ? null : simdWorkspace(n * n + nb * nb);
  const tile = workspace?.tile ?? null;
  const m = workspace === null ? a : workspace.data.subarray(0, n * n);
  const scratch = workspace === null ? new Float64Array(nb * nb) : workspace.data.subarray(n * n);
  if (m !== a) m.set(a);
  const factorDiagonal = new Float64Array(n);
  const inverseDiagonal = new Float64Array(n);
  cholesky(m, n, nb, factorDiagonal, scratch, tile);
  invertFactor(m, n, nb, factorDiagonal, scratch, tile);
  multiplyFactor(m, n, nb, inverseDiagonal, scratch, tile);
  mirrorLower(m, n, inverseDiagonal);
  if (m !== a) a.set(m);
}

function notPositiveDefinite(pivot: number, value: number): AppError {
  return new AppError(
    'invalid_training_data',
    `the matrix is not positive definite: pivot ${pivot} is ${value} (NaN or infinite entries, or too little regularisation)`,
    { reason: 'not_positive_definite', pivot, value },
  );
}

/** Lower triangle of `a` ← L with G = L·Lᵀ; `ld` ← diag(L). */
function cholesky(
  a: Float64Array,
  n: number,
  nb: number,
  ld: Float64Array,
  s: Float64Array,
  tile: SimdTile | null,
): void {
  for (let ib = 0; ib < n; ib += nb) {
    const ie = Math.min(ib + nb, n);
    for (let jb = 0; jb < ib; jb += nb) {
      const je = jb + nb;
      const w = nb;
      s.fill(0, 0, (ie - ib) * w);
      if (jb > 0) addRowDots(a, n, ib, ie, jb, je, 0, jb, s, tile);
      for (let i = ib; i < ie; i++) {
        const r = i * n;
        const o = (i - ib) * w - jb;
        for (let j = jb; j < je; j++) {
          a[r + j] = (a[r + j]! - s[o + j]! - dot(a, r, j * n, jb, j)) / ld[j]!;
        }
      }
    }
    const w = ie - ib;
    s.fill(0, 0, w * w);
    if (ib > 0) addRowDots(a, n, ib, ie, ib, ie, 0, ib, s, tile);
    for (let i = ib; i < ie; i++) {
      const r = i * n;
      const o = (i - ib) * w - ib;
      for (let j = ib; j < i; j++) a[r + j] = (a[r + j]! - s[o + j]! - dot(a, r, j * n, ib, j)) / ld[j]!;
      const d = a[r + i]! - s[o + i]! - dot(a, r, r, ib, i);
      if (!(d > 0 && d < Infinity)) throw notPositiveDefinite(i, d);
      ld[i] = Math.sqrt(d);
      a[r + i] = ld[i]!;
    }
  }
}

/**
 * Upper triangle and diagonal of `a` ← W = L⁻ᵀ (L read from the lower triangle, its diagonal from `ld`). Once a
 * diagonal block of W is done, no later step reads that block's part of L, so it is zeroed: W's rows then read as
 * zero left of the diagonal within the block, and the block-against-block products can start at the block's
 * first column instead of leaving a triangular remainder.
 */
function invertFactor(
  a: Float64Array,
  n: number,
  nb: number,
  ld: Float64Array,
  s: Float64Array,
  tile: SimdTile | null,
): void {
  for (let i = 0; i < n; i++) a[i * n + i] = 1 / ld[i]!;
  for (let ib = 0; ib < n; ib += nb) {
    const ie = Math.min(ib + nb, n);
    for (let i = ib; i < ie; i++) {
      const r = i * n;
      for (let j = i + 1; j < ie; j++) a[r + j] = -dot(a, r, j * n, i, j) / ld[j]!;
    }
    for (let i = ib; i < ie; i++) a.fill(0, i * n + ib, i * n + i);
    for (let jb = ie; jb < n; jb += nb) {
      const je = Math.min(jb + nb, n);
      const w = je - jb;
      s.fill(0, 0, (ie - ib) * w);
      addRowDots(a, n, ib, ie, jb, je, ib, jb, s, tile);
      for (let i = ib; i < ie; i++) {
        const r = i * n;
        const o = (i - ib) * w - jb;
        for (let j = jb; j < je; j++) a[r + j] = -(s[o + j]! + dot(a, r, j * n, jb, j)) / ld[j]!;
      }
    }
  }
}

/**
 * Lower triangle of `a` ← the strictly lower part of W·Wᵀ, `pd` ← its diagonal (W read from the upper triangle;
 * the diagonal blocks' lower parts are zero, see `invertFactor`).
 */
function multiplyFactor(
  a: Float64Array,
  n: number,
  nb: number,
  pd: Float64Array,
  s: Float64Array,
  tile: SimdTile | null,
): void {
  for (let ib = 0; ib < n; ib += nb) {
    const ie = Math.min(ib + nb, n);
    for (let jb = 0; jb <= ib; jb += nb) {
      const je = Math.min(jb + nb, n);
      const w = je - jb;
      s.fill(0, 0, (ie - ib) * w);
      addRowDots(a, n, ib, ie, jb, je, ib, n, s, tile);
      for (let i = ib; i < ie; i++) {
        const r = i * n;
        const o = (i - ib) * w - jb;
        const last = Math.min(je, i);
        for (let j = jb; j < last; j++) a[r + j] = s[o + j]!;
        if (jb === ib) pd[i] = s[o + i]!;
      }
    }
  }
}

/** Copies the lower triangle onto the upper one, `diagonal` onto the diagonal; in tiles, for the cache. */
function mirrorLower(a: Float64Array, n: number, diagonal: Float64Array): void {
  const t = 64;
  for (let ib = 0; ib < n; ib += t) {
    const ie = Math.min(ib + t, n);
    for (let jb = 0; jb <= ib; jb += t) {
      const je = Math.min(jb + t, n);
      for (let i = ib; i < ie; i++) {
        const last = Math.min(je, i);
        for (let j = jb; j < last; j++) a[j * n + i] = a[i * n + j]!;
      }
    }
  }
  for (let i = 0; i < n; i++) a[i * n + i] = diagonal[i]!;
}
