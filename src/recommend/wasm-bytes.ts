/**
 * The few pieces needed to assemble small WebAssembly modules from named opcodes (no toolchain, no binary blobs):
 * opcodes, LEB128, sections, a one-function module importing `env.memory`, and the part of the JS API used.
 */
export const op = {
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  f64Load: 0x2b,
  f32Store: 0x38,
  f64Store: 0x39,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32LtU: 0x49,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  f64Add: 0xa0,
  f32DemoteF64: 0xb6,
  simd: 0xfd,
  blockTypeEmpty: 0x40,
  i32: 0x7f,
  v128: 0x7b,
} as const;

/** SIMD sub-opcodes (after `op.simd`, LEB128-encoded). */
export const simdOp = {
  v128Load: 0,
  v128Const: 12,
  i8x16Shuffle: 13,
  f64x2ExtractLane: 33,
  f64x2PromoteLowF32x4: 95,
  f64x2Add: 240,
  f64x2Mul: 242,
} as const;

export function uleb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

export function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...uleb(bytes.length), ...bytes];
}

export function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * A module of one exported function `exportName` taking `params` i32 parameters and returning nothing, importing
 * `env.memory`; `body` is its locals declaration followed by its code (without the final `end`, added here).
 */
export function oneFunctionModule(exportName: string, params: number, body: number[]): Uint8Array {
  const funcType = [0x60, ...uleb(params), ...Array<number>(params).fill(op.i32), 0];
  const code = [...body, op.end];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
    ...section(1, [1, ...funcType]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, 0x00, 0x01]), // memory, min 1 page, no max
    ...section(3, [1, 0]),
    ...section(7, [1, ...name(exportName), 0x00, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

/** The part of the WebAssembly JS API used here (the project compiles without the DOM library, which types it). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
}

export const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * The module of `bytes()`, compiled on first use and kept; null (also kept) where WebAssembly or the features the
 * module uses (SIMD) are missing.
 */
export function compiledOnce(bytes: () => Uint8Array): () => object | null {
  let compiled: object | null | undefined;
  return () => {
    if (compiled === undefined) {
      const b = bytes();
      compiled = wasm !== undefined && wasm.validate(b) ? new wasm.Module(b) : null;
    }
    return compiled;
  };
}

export const WASM_PAGE = 65_536;
/** wasm32 memories stop at 4 GiB (65,536 pages). */
export const WASM_MAX_PAGES = 65_536;

/** Fresh zeroed memory of at least `bytes`, or null when it cannot be had. */
export function wasmMemory(bytes: number): { readonly buffer: ArrayBuffer } | null {
  const pages = Math.ceil(bytes / WASM_PAGE) || 1;
  if (wasm === undefined || pages > WASM_MAX_PAGES) return null;
  try {
    return new wasm.Memory({ initial: pages });
  } catch {
    return null; // RangeError: the memory cannot be reserved
  }
}
