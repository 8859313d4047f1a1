import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { rowDotsModuleBytes, simdRowDots } from './simd-row-dots.js';

/** The scalar loop the kernel must match bit for bit: x in float32, four float64 lane sums, (s0 + s1) + (s2 + s3). */
function scalarRowDots(x: ArrayLike<number>, y: Float32Array, f: number, n: number): Float32Array {
  const xs = Float32Array.from(x);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const s = [0, 0, 0, 0];
    for (let r = 0; r < f; r++) s[r % 4]! += xs[r]! * y[i * f + r]!;
    out[i] = s[0]! + s[1]! + (s[2]! + s[3]!);
  }
  return out;
}

describe('simd row dots', () => {
  it('assembles a module that Node 20 accepts', () => {
    const wasm = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(wasm?.validate(rowDotsModuleBytes())).toBe(true);
  });

  it.each([
    [4, 1],
    [8, 7],
    [12, 33],
    [64, 1000],
  ])('gives the scalar loop’s float32 results bit for bit (f = %i, %i rows)', (f, n) => {
    const rng = createRng(`rows-${f}-${n}`);
    // Values over many magnitudes, so that the order of the additions shows in the last bits.
    const value = () => (rng.next() - 0.5) * 10 ** Math.floor(rng.next() * 8 - 4);
    const y = Float32Array.from({ length: f * n }, value);
    const x = Float64Array.from({ length: f }, value);
    const kernel = simdRowDots(y, f);
    expect(kernel).not.toBeNull();
    expect(Array.from(kernel!.rows)).toEqual(Array.from(y));
    const out = new Float32Array(n);
    kernel!.dots(x, out);
    const expected = scalarRowDots(x, y, f, n);
    for (let i = 0; i < n; i++) expect(Object.is(out[i], expected[i]), `row ${i}`).toBe(true);
    // A second vector over the same rows: nothing of the first call stays behind.
    const x2 = Float64Array.from({ length: f }, value);
    kernel!.dots(x2, out);
    const expected2 = scalarRowDots(x2, y, f, n);
    for (let i = 0; i < n; i++) expect(Object.is(out[i], expected2[i]), `row ${i}`).toBe(true);
  });

  it('carries NaN and infinities through as the scalar loop does', () => {
    const f = 4;
    const y = Float32Array.from([
      1,
      2,
      3,
      4,
      Number.NaN,
      0,
      0,
      0,
      Infinity,
      1,
      1,
      1,
      -Infinity,
      Infinity,
      0,
      0,
    ]);
    const x = [1, 1, 1, 1];
    const out = new Float32Array(4);
    simdRowDots(y, f)!.dots(x, out);
    expect(Array.from(out)).toEqual(Array.from(scalarRowDots(x, y, f, 4)));
    expect(out[0]).toBe(10);
    expect(out[1]).toBeNaN();
    expect(out[2]).toBe(Infinity);
    expect(out[3]).toBeNaN();
  });

  it('declines shapes it cannot tile, so the caller keeps its own loop', () => {
    expect(simdRowDots(new Float32Array(12), 3)).toBeNull();
    expect(simdRowDots(new Float32Array(12), 0)).toBeNull();
    expect(simdRowDots(new Float32Array(10), 4)).toBeNull();
  });

  it('scores an empty catalogue as nothing', () => {
    const kernel = simdRowDots(new Float32Array(0), 8)!;
    const out = new Float32Array(0);
    kernel.dots(new Float64Array(8), out);
    expect(out.length).toBe(0);
  });
});
