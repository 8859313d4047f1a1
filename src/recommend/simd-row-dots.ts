/**
 * Scoring every catalogue item against a folded-in customer vector (out[i] = x · y_i over the rows of a float32
 * matrix) with WebAssembly SIMD, for the ALS part of a recommendation computed on request. The result is the same,
 * bit for bit, as the scalar JavaScript loop it replaces (`dotRows` in serving/scorer.ts): x is rounded to float32
 * first, each product is exact in float64, four running sums (one per column modulo 4) add in the same order, and
 * out[i] = (s0 + s1) + (s2 + s3) rounded to float32. Only the speed differs.
 *
 * dots(x, y, groups, n, out), byte addresses into the memory: x holds f float64, y n rows of f float32, out n
 * float32; groups = f / 4 ≥ 1 and n ≥ 1.
 */
import { compiledOnce, oneFunctionModule, op, simdOp, uleb, wasm, wasmMemory } from './wasm-bytes.js';

export interface SimdRowDots {
  /** The rows, float32, row-major: a view into WebAssembly memory, to be read (not written) like any array. */
  readonly rows: Float32Array;
  /** out[i] = x · row i for every row; x has `f` entries, out at least as many as there are rows. */
  dots(x: ArrayLike<number>, out: Float32Array): void;
}

/** The module's bytes: imports `env.memory`, exports `dots`. */
export function rowDotsModuleBytes(): Uint8Array {
  const [X, Y, GROUPS, N, OUT] = [0, 1, 2, 3, 4];
  const XP = 5;
  const G = 6;
  const [A, B, V] = [7, 8, 9];
  const code: number[] = [];
  const get = (i: number) => code.push(op.localGet, ...uleb(i));
  const set = (i: number) => code.push(op.localSet, ...uleb(i));
  const tee = (i: number) => code.push(op.localTee, ...uleb(i));
  const simd = (sub: number, ...immediates: number[]) => code.push(op.simd, ...uleb(sub), ...immediates);
  const addConst = (local: number, value: number) => {
    get(local);
    code.push(op.i32Const, value, op.i32Add);
    set(local);
  };
  const zero = Array<number>(16).fill(0);
  // Bytes 8–15 (columns 2 and 3 of the group) to the low half, where promote_low reads.
  const highToLow = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];

  code.push(op.loop, op.blockTypeEmpty); // rows
  simd(simdOp.v128Const, ...zero);
  set(A);
  simd(simdOp.v128Const, ...zero);
  set(B);
  get(X);
  set(XP);
  get(GROUPS);
  set(G);
  code.push(op.loop, op.blockTypeEmpty); // groups of four columns
  get(Y);
  simd(simdOp.v128Load, 4, 0);
  set(V);
  get(A);
  get(V);
  simd(simdOp.f64x2PromoteLowF32x4);
  get(XP);
  simd(simdOp.v128Load, 4, 0);
  simd(simdOp.f64x2Mul);
  simd(simdOp.f64x2Add);
  set(A);
  get(B);
  get(V);
  get(V);
  simd(simdOp.i8x16Shuffle, ...highToLow);
  simd(simdOp.f64x2PromoteLowF32x4);
  get(XP);
  simd(simdOp.v128Load, 4, 16);
  simd(simdOp.f64x2Mul);
  simd(simdOp.f64x2Add);
  set(B);
  addConst(Y, 16);
  addConst(XP, 32);
  get(G);
  code.push(op.i32Const, 1, op.i32Sub);
  tee(G);
  code.push(op.brIf, 0, op.end);
  // out = f32((a0 + a1) + (b0 + b1))
  get(OUT);
  get(A);
  simd(simdOp.f64x2ExtractLane, 0);
  get(A);
  simd(simdOp.f64x2ExtractLane, 1);
  code.push(op.f64Add);
  get(B);
  simd(simdOp.f64x2ExtractLane, 0);
  get(B);
  simd(simdOp.f64x2ExtractLane, 1);
  code.push(op.f64Add, op.f64Add, op.f32DemoteF64, op.f32Store, 2, 0);
  addConst(OUT, 4);
  get(N);
  code.push(op.i32Const, 1, op.i32Sub);
  tee(N);
  code.push(op.brIf, 0, op.end);

  const locals = [2, 2, op.i32, 3, op.v128];
  return oneFunctionModule('dots', 5, [...locals, ...code]);
}

const rowDotsModule = compiledOnce(rowDotsModuleBytes);

type Dots = (x: number, y: number, groups: number, n: number, out: number) => void;

/**
 * The rows (`rows.length / f` of them, f wide) copied into WebAssembly memory, with the SIMD dots over them; null
 * when WebAssembly SIMD or the memory is missing, or f is not a positive multiple of 4 (the caller then keeps its
 * JavaScript loop).
 */
export function simdRowDots(rows: Float32Array, f: number): SimdRowDots | null {
  if (!(f > 0) || f % 4 !== 0 || rows.length % f !== 0) return null;
  const module = rowDotsModule();
  if (wasm === undefined || module === null) return null;
  const n = rows.length / f;
  const xBytes = f * 8;
  const yBytes = rows.length * 4;
  const memory = wasmMemory(xBytes + yBytes + n * 4);
  if (memory === null) return null;
  const dots = new wasm.Instance(module, { env: { memory } }).exports.dots as Dots;
  const x = new Float64Array(memory.buffer, 0, f);
  const y = new Float32Array(memory.buffer, xBytes, rows.length);
  y.set(rows);
  const out = new Float32Array(memory.buffer, xBytes + yBytes, n);
  return {
    rows: y,
    dots(vector, into) {
      if (n === 0) return;
      for (let r = 0; r < f; r++) x[r] = Math.fround(vector[r] as number);
      dots(0, xBytes, f / 4, n, xBytes + yBytes);
      into.set(out);
    },
  };
}
