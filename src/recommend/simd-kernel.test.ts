import { describe, expect, it } from 'vitest';
import { createRng } from '../shared/index.js';
import { addRowDots } from './row-dots.js';
import { simdModuleBytes, simdWorkspace } from './simd-kernel.js';
import { maxAbsDiff } from './test-kit.js';

describe('simd kernel', () => {
  it('assembles a module that Node 20 accepts', () => {
    const wasm = (globalThis as { WebAssembly?: { validate(bytes: Uint8Array): boolean } }).WebAssembly;
    expect(wasm?.validate(simdModuleBytes())).toBe(true);
  });

  it('adds the 4 × 3 row dot products into a strided block', () => {
    const ws = simdWorkspace(64);
    expect(ws).not.toBeNull();
    const { data, tile } = ws!;
    // Rows of 6 values at 0, 6, …, 36 (7 rows); block of 4 × 5 doubles at 42, pre-filled with 1.
    const rng = createRng('tile');
    for (let k = 0; k < 42; k++) data[k] = rng.next() - 0.5;
    data.fill(1, 42, 62);
    const at = (row: number, col = 0) => (row * 6 + col) * 8;
    // Columns 2..5 of rows 0..3 against rows 4..6: bytes = 4 columns · 8.
    tile(at(0, 2), at(1, 2), at(2, 2), at(3, 2), at(4, 2), at(5, 2), at(6, 2), 32, 42 * 8, 5 * 8);
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 5; c++) {
        let expected = 1;
        if (c < 3) for (let k = 2; k < 6; k++) expected += data[r * 6 + k]! * data[(4 + c) * 6 + k]!;
        expect(data[42 + r * 5 + c]).toBeCloseTo(expected, 14);
      }
    }
  });

  it('gives addRowDots the same sums as the JavaScript tiles, odd column counts included', () => {
    const n = 23;
    const ws = simdWorkspace(n * n + 11 * 7)!;
    const a = ws.data.subarray(0, n * n);
    const rng = createRng('dots');
    for (let k = 0; k < a.length; k++) a[k] = rng.next() - 0.5;
    const simdOut = ws.data.subarray(n * n);
    const jsOut = new Float64Array(11 * 7);
    addRowDots(a, n, 1, 12, 13, 20, 2, 21, simdOut, ws.tile); // 11 × 7 block over 19 columns
    addRowDots(a, n, 1, 12, 13, 20, 2, 21, jsOut);
    expect(maxAbsDiff(simdOut, jsOut)).toBeLessThan(1e-13);
    let direct = 0;
    for (let k = 2; k < 21; k++) direct += a[5 * n + k]! * a[15 * n + k]!;
    expect(jsOut[(5 - 1) * 7 + (15 - 13)]).toBeCloseTo(direct, 14);
  });
});
