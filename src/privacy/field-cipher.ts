import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';
import { AppError } from '../shared/index.js';
import { randomChunk } from '../shared/random-pool.js';

/**
 * AES-256-GCM for PII fields at rest and HMAC-SHA256 for lookups without decryption.
 * Sealed format: `v1.<iv b64url>.<tag b64url>.<ciphertext b64url>`. The HMAC key is derived from the
 * master key so one secret serves both, and the two uses never share key material.
 */
export interface FieldCipher {
  seal(plaintext: string): string;
  open(sealed: string): string;
  sealJson(value: unknown): string;
  openJson<T = unknown>(sealed: string): T;
  /** Keyed hash of an already-normalized value (hex). */
  hash(value: string): string;
}

export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const candidates = [
    /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : null,
    Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64'),
  ];
  for (const candidate of candidates) if (candidate && candidate.length === 32) return candidate;
  throw new AppError('invalid_secret_key');
}

export function createFieldCipher(masterKey: Buffer): FieldCipher {
  if (masterKey.length !== 32) throw new AppError('invalid_secret_key');
  const encKey = createHmac('sha256', masterKey).update('rapport:pii-encryption:v1').digest();
  const macKey = createHmac('sha256', masterKey).update('rapport:pii-lookup:v1').digest();
  const seal = (plaintext: string): string => {
    const iv = randomChunk(12); // a fresh random 96-bit nonce per seal
    const cipher = createCipheriv('aes-256-gcm', encKey, iv);
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v1.${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${ct.toString('base64url')}`;
  };
  const open = (sealed: string): string => {
    const parts = sealed.split('.');
    if (parts.length !== 4 || parts[0] !== 'v1') throw new AppError('decryption_failed');
    try {
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(parts[1] ?? '', 'base64url'));
      decipher.setAuthTag(Buffer.from(parts[2] ?? '', 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(parts[3] ?? '', 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch (cause) {
      throw new AppError('decryption_failed', undefined, undefined, { cause });
    }
  };
  return {
    seal,
    open,
    sealJson: (value) => seal(JSON.stringify(value)),
    openJson: <T>(sealed: string) => JSON.parse(open(sealed)) as T,
    hash: (value) => createHmac('sha256', macKey).update(value).digest('hex'),
  };
}
