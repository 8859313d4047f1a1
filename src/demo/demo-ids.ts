/** Deterministic ids: a counter through a bijective 32-bit mixer, so they look random but never collide. */
import { hashString as hashLabel } from '../shared/index.js';

function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const hexCodes = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

function writeHex(out: number[], at: number, value: number, digits: number): void {
  for (let i = digits - 1; i >= 0; i--) out[at + digits - 1 - i] = hexCodes[(value >>> (4 * i)) & 15] ?? 48;
}

/**
 * UUID-v4-shaped strings; unique within one factory for 2^32 calls. Built from char codes so each id is one flat
 * string rather than a tree of concatenations (there are a few hundred thousand of them).
 */
export function createUuidFactory(seed: number, namespace: string): () => string {
  const salt = fmix32(hashLabel(namespace) ^ fmix32(seed));
  const codes = new Array<number>(36).fill(45); // '-'
  let counter = 0;
  return () => {
    const a = fmix32((counter++ + salt) >>> 0);
    const b = fmix32(a ^ salt);
    const c = fmix32(b ^ 0x9e3779b9);
    const d = fmix32(c ^ salt ^ 0x7f4a7c15);
    writeHex(codes, 0, a, 8);
    writeHex(codes, 9, b >>> 16, 4);
    codes[14] = 52; // '4'
    writeHex(codes, 15, b & 0xfff, 3);
    codes[19] = hexCodes[8 + (c & 3)] ?? 56;
    writeHex(codes, 20, c >>> 20, 3);
    writeHex(codes, 24, c & 0xfffff, 5);
    writeHex(codes, 29, d >>> 4, 7);
    return String.fromCharCode(...codes);
  };
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
