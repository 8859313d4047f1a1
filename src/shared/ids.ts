import { randomBytes } from 'node:crypto';

export type IdPrefix = 'evt' | 'cus' | 'key' | 'dlq' | 'msg' | 'ses' | 'imp' | 'seg';

/** A prefixed id such as `evt_01HZ…`: a branded string so ids of different kinds are not mixed up. */
export type Id<P extends IdPrefix> = `${P}_${string}` & { readonly __brand?: P };

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

// randomBytes has a high fixed cost per call; ids draw from a pool refilled 4 KB at a time.
const POOL_SIZE = 4096;
let pool = randomBytes(POOL_SIZE);
let offset = 0;

function randomChunk(length: number): Buffer {
  if (offset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    offset = 0;
  }
  const chunk = pool.subarray(offset, offset + length);
  offset += length;
  return chunk;
}

/** Time-ordered id: 10 chars of milliseconds (Crockford base32) then 16 random chars. */
let lastMs = -1;
let lastTime = '';

export function newId<P extends IdPrefix>(prefix: P, nowMs: number = Date.now()): Id<P> {
  // Ids minted in the same millisecond (a whole batch shares its receivedAt) share the encoded time.
  if (nowMs !== lastMs) {
    let time = '';
    let t = nowMs;
    for (let i = 0; i < 10; i++) {
      time = alphabet[t % 32] + time;
      t = Math.floor(t / 32);
    }
    lastMs = nowMs;
    lastTime = time;
  }
  const time = lastTime;
  const bytes = randomChunk(16);
  let rand = '';
  for (const b of bytes) rand += alphabet[b % 32];
  return `${prefix}_${time}${rand}` as Id<P>;
}
