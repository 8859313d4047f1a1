/** Deterministic ids: a counter through a bijective 32-bit mixer, so they look random but never collide. */

function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashLabel(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

const hex = (n: number, width: number): string => (n >>> 0).toString(16).padStart(8, '0').slice(8 - width);

/** UUID-v4-shaped strings; unique within one factory for 2^32 calls. */
export function createUuidFactory(seed: number, namespace: string): () => string {
  const salt = fmix32(hashLabel(namespace) ^ fmix32(seed));
  let counter = 0;
  return () => {
    const a = fmix32((counter++ + salt) >>> 0);
    const b = fmix32(a ^ salt);
    const c = fmix32(b ^ 0x9e3779b9);
    const d = fmix32(c ^ salt ^ 0x7f4a7c15);
    const variant = (8 + (c & 3)).toString(16);
    return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b, 3)}-${variant}${hex(c >>> 4, 3)}-${hex(c >>> 20, 4)}${hex(d, 8)}`;
  };
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
