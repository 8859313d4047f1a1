import { randomChunk } from './random-pool.js';

export type IdPrefix = 'evt' | 'cus' | 'key' | 'dlq' | 'msg' | 'ses' | 'imp' | 'seg' | 'mdl';

/** A prefixed id such as `evt_01HZ…`: a branded string so ids of different kinds are not mixed up. */
export type Id<P extends IdPrefix> = `${P}_${string}` & { readonly __brand?: P };

const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

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
