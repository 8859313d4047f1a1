import { randomBytes } from 'node:crypto';

// randomBytes has a high fixed cost per call (a syscall and a buffer); small draws come from a pool refilled 4 KB at
// a time. Every byte is handed out once.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

/** `length` (≤ 4096) fresh CSPRNG bytes, as a view that stays valid (the pool is replaced, never overwritten). */
export function randomChunk(length: number): Buffer {
  if (offset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const chunk = pool.subarray(offset, offset + length);
  offset += length;
  return chunk;
}
