import type { SimdTile } from './simd-kernel.js';

/**
 * The hot kernel of the dense SPD inverse: dot products between rows of a square row-major matrix, over a range
 * of columns, added into a small block. Every O(n³) step of `invertSpd` is one of these, so it is tuned for V8:
 * columns are walked in chunks that stay in cache, and 4 × 3 rows are combined per pass (12 running sums and
 * 7 loads per step fit in the 16 SSE registers; measured ~2.4 G multiply-adds/s on one core, 5× the naive loop).
 * Given the WebAssembly SIMD tile (`a` and `out` then live in its memory), the 4 × 3 tiles run there instead.
 */

/** Columns per chunk: 7 row segments of 512 doubles (28 KB) stay in L1/L2 while a tile runs over them. */
const CHUNK = 1024;

/**
 * `out[(i - i0) * (j1 - j0) + (j - j0)] += Σ_{k0 ≤ k < k1} a[i·n + k] · a[j·n + k]` for i in [i0, i1), j in [j0, j1).
 */
export function addRowDots(
  a: Float64Array,
  n: number,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  k0: number,
  k1: number,
  out: Float64Array,
  simd: SimdTile | null = null,
): void {
  const width = j1 - j0;
  const aBase = a.byteOffset;
  const outBase = out.byteOffset;
  for (let kb = k0; kb < k1; kb += CHUNK) {
    const ke = Math.min(kb + CHUNK, k1);
    // The SIMD tile takes pairs of columns; an odd last column goes to the scalar tile.
    const pairsEnd = kb + ((ke - kb) & ~1);
    let i = i0;
    for (; i + 4 <= i1; i += 4) {
      const o = (i - i0) * width - j0;
      let j = j0;
      for (; j + 3 <= j1; j += 3) {
        if (simd === null) {
          tile4x3(a, n, i, j, kb, ke, out, o + j, width);
        } else {
          if (pairsEnd > kb) simdTile(simd, aBase, n, i, j, kb, pairsEnd, outBase, o + j, width);
          if (ke > pairsEnd) tile4x3(a, n, i, j, pairsEnd, ke, out, o + j, width);
        }
      }
      for (; j < j1; j++) tile4x1(a, n, i, j, kb, ke, out, o + j, width);
    }
    for (; i < i1; i++) {
      const o = (i - i0) * width - j0;
      let j = j0;
      for (; j + 3 <= j1; j += 3) tile1x3(a, n, i, j, kb, ke, out, o + j);
      for (; j < j1; j++) out[o + j]! += dot(a, i * n, j * n, kb, ke);
    }
  }
}

/** Σ_{k0 ≤ k < k1} a[p + k] · a[q + k]. */
export function dot(a: Float64Array, p: number, q: number, k0: number, k1: number): number {
  let s = 0;
  for (let k = k0; k < k1; k++) s += a[p + k]! * a[q + k]!;
  return s;
}

/** The SIMD 4 × 3 tile at rows i.., j.., columns [kb, ke) (an even count); `aBase`/`outBase` are byte offsets. */
function simdTile(
  tile: SimdTile,
  aBase: number,
  n: number,
  i: number,
  j: number,
  kb: number,
  ke: number,
  outBase: number,
  o: number,
  width: number,
): void {
  const row = n * 8;
  const a0 = aBase + i * row + kb * 8;
  const b0 = aBase + j * row + kb * 8;
  tile(
    a0,
    a0 + row,
    a0 + 2 * row,
    a0 + 3 * row,
    b0,
    b0 + row,
    b0 + 2 * row,
    (ke - kb) * 8,
    outBase + o * 8,
    width * 8,
  );
}

function tile4x3(
  a: Float64Array,
  n: number,
  i: number,
  j: number,
  kb: number,
  ke: number,
  out: Float64Array,
  o: number,
  width: number,
): void {
  const a0 = i * n;
  const a1 = a0 + n;
  const a2 = a1 + n;
  const a3 = a2 + n;
  const b0 = j * n;
  const b1 = b0 + n;
  const b2 = b1 + n;
  let s00 = 0,
    s01 = 0,
    s02 = 0,
    s10 = 0,
    s11 = 0,
    s12 = 0;
  let s20 = 0,
    s21 = 0,
    s22 = 0,
    s30 = 0,
    s31 = 0,
    s32 = 0;
  for (let k = kb; k < ke; k++) {
    const y0 = a[b0 + k]!;
    const y1 = a[b1 + k]!;
    const y2 = a[b2 + k]!;
    let x = a[a0 + k]!;
    s00 += x * y0;
    s01 += x * y1;
    s02 += x * y2;
    x = a[a1 + k]!;
    s10 += x * y0;
    s11 += x * y1;
    s12 += x * y2;
    x = a[a2 + k]!;
    s20 += x * y0;
    s21 += x * y1;
    s22 += x * y2;
    x = a[a3 + k]!;
    s30 += x * y0;
    s31 += x * y1;
    s32 += x * y2;
  }
  out[o]! += s00;
  out[o + 1]! += s01;
  out[o + 2]! += s02;
  o += width;
  out[o]! += s10;
  out[o + 1]! += s11;
  out[o + 2]! += s12;
  o += width;
  out[o]! += s20;
  out[o + 1]! += s21;
  out[o + 2]! += s22;
  o += width;
  out[o]! += s30;
  out[o + 1]! += s31;
  out[o + 2]! += s32;
}

function tile4x1(
  a: Float64Array,
  n: number,
  i: number,
  j: number,
  kb: number,
  ke: number,
  out: Float64Array,
  o: number,
  width: number,
): void {
  const a0 = i * n;
  const a1 = a0 + n;
  const a2 = a1 + n;
  const a3 = a2 + n;
  const b0 = j * n;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  for (let k = kb; k < ke; k++) {
    const y = a[b0 + k]!;
    s0 += a[a0 + k]! * y;
    s1 += a[a1 + k]! * y;
    s2 += a[a2 + k]! * y;
    s3 += a[a3 + k]! * y;
  }
  out[o]! += s0;
  out[o + width]! += s1;
  out[o + 2 * width]! += s2;
  out[o + 3 * width]! += s3;
}

function tile1x3(
  a: Float64Array,
  n: number,
  i: number,
  j: number,
  kb: number,
  ke: number,
  out: Float64Array,
  o: number,
): void {
  const a0 = i * n;
  const b0 = j * n;
  const b1 = b0 + n;
  const b2 = b1 + n;
  let s0 = 0,
    s1 = 0,
    s2 = 0;
  for (let k = kb; k < ke; k++) {
    const x = a[a0 + k]!;
    s0 += x * a[b0 + k]!;
    s1 += x * a[b1 + k]!;
    s2 += x * a[b2 + k]!;
  }
  out[o]! += s0;
  out[o + 1]! += s1;
  out[o + 2]! += s2;
}
