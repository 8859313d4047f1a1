import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createFieldCipher,
  emailLookupHash,
  maskValue,
  parseSecretKey,
  resolveSecretKey,
  splitPii,
} from './index.js';

describe('field cipher (AES-256-GCM)', () => {
  const cipher = createFieldCipher(randomBytes(32));

  it('round-trips any string, with a fresh IV each time', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const sealed = cipher.seal(text);
        expect(cipher.open(sealed)).toBe(Buffer.from(text, 'utf8').toString('utf8'));
      }),
    );
    expect(cipher.seal('same')).not.toBe(cipher.seal('same'));
  });

  it('detects tampering and a wrong key', () => {
    const sealed = cipher.seal('secret@example.com');
    const parts = sealed.split('.');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    expect(() => cipher.open([...parts.slice(0, 3), flipped.toString('base64url')].join('.'))).toThrow(
      /decrypt/,
    );
    expect(() => createFieldCipher(randomBytes(32)).open(sealed)).toThrow(/decrypt/);
  });

  it('hashes emails for lookup: stable, keyed, case- and space-insensitive', () => {
    expect(emailLookupHash(cipher, ' Jane@Example.COM ')).toBe(emailLookupHash(cipher, 'jane@example.com'));
    expect(emailLookupHash(createFieldCipher(randomBytes(32)), 'jane@example.com')).not.toBe(
      emailLookupHash(cipher, 'jane@example.com'),
    );
  });

  it('parses hex and base64 keys of 32 bytes and refuses others', () => {
    const key = randomBytes(32);
    expect(parseSecretKey(key.toString('hex')).equals(key)).toBe(true);
    expect(parseSecretKey(key.toString('base64')).equals(key)).toBe(true);
    expect(() => parseSecretKey('too-short')).toThrow(/32 bytes/);
  });

  it('generates the embedded key once, with 0600 permissions', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-key-'));
    const a = resolveSecretKey(undefined, dir);
    const b = resolveSecretKey(undefined, dir);
    expect(a.equals(b)).toBe(true);
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true });
  });
});

describe('PII split and masking', () => {
  it('moves PII traits out and keeps the rest', () => {
    const split = splitPii({ email: 'a@b.co', first_name: 'Ann', phone: '1', plan: 'gold', visits: 3 });
    expect(split.clean).toEqual({ plan: 'gold', visits: 3 });
    expect(split.pii).toEqual({ email: 'a@b.co', first_name: 'Ann', phone: '1' });
    expect(split.email).toBe('a@b.co');
    const none = { plan: 'x' };
    expect(splitPii(none)).toEqual({ clean: none, pii: null, email: null });
  });

  it('masks emails as j***@e***.com and other values by their first character', () => {
    expect(maskValue('email', 'jane.doe@example.com')).toBe('j***@e***.com');
    expect(maskValue('phone', '+4915112345678')).toBe('+***');
    expect(maskValue('birthday', { y: 1 })).toBe('***');
  });
});
