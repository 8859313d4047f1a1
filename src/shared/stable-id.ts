import { createHash } from 'node:crypto';

/** Crockford base32, lower case: the alphabet of the ids in `shared/ids.ts`. */
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';

/** The first `length` base32 characters (5 bits each) of the SHA-256 of `text`. */
export function hashId(text: string, length = 20): string {
  const digest = createHash('sha256').update(text, 'utf8').digest();
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of digest) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      bits -= 5;
      out += alphabet[(buffer >> bits) & 31];
    }
    if (out.length >= length) break;
  }
  return out;
}

/**
 * The Rapport customer id of a shop's user id: `cus_` and 20 base32 characters (100 bits) of its SHA-256.
 * Deterministic, so every import and identity resolution agree on it without a lookup.
 */
export function customerIdFor(userId: string): string {
  return `cus_${hashId(userId)}`;
}

/**
 * The customer id of a profile known only by an anonymous id or an email hash. The kind is part of the hashed
 * text (after a NUL, which no user id contains), so it can never equal `customerIdFor` of any user id.
 */
export function anonymousCustomerIdFor(kind: string, value: string): string {
  return `cus_${hashId(`\u0000${kind}\u0000${value}`)}`;
}
