import type { FieldCipher } from './field-cipher.js';

/** Trait names treated as PII (compared case-insensitively, ignoring `_` and `-`). */
const piiNames = new Set([
  'email',
  'phone',
  'name',
  'firstname',
  'lastname',
  'username',
  'address',
  'street',
  'birthday',
  'birthdate',
  'dateofbirth',
  'postalcode',
  'zip',
  'ip',
]);

export function isPiiKey(key: string): boolean {
  return piiNames.has(key.toLowerCase().replace(/[_-]/g, ''));
}

/** Lower-cased, trimmed email; the form the lookup hash is computed from. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface PiiSplit {
  clean: Record<string, unknown>;
  pii: Record<string, unknown> | null;
  email: string | null;
}

/** Separates PII traits from the rest. Returns the original object when it holds no PII (no copy on the hot path). */
export function splitPii(traits: Record<string, unknown>): PiiSplit {
  let clean: Record<string, unknown> | null = null;
  let pii: Record<string, unknown> | null = null;
  for (const key of Object.keys(traits)) {
    if (!isPiiKey(key)) continue;
    clean ??= { ...traits };
    pii ??= {};
    pii[key] = traits[key];
    delete clean[key];
  }
  const emailValue = pii ? Object.entries(pii).find(([k]) => k.toLowerCase() === 'email')?.[1] : undefined;
  return {
    clean: clean ?? traits,
    pii,
    email: typeof emailValue === 'string' && emailValue.length > 0 ? emailValue : null,
  };
}

export function emailLookupHash(cipher: FieldCipher, email: string): string {
  return cipher.hash(`email:${normalizeEmail(email)}`);
}

/** `jane.doe@example.com` → `j***@e***.com`; other strings keep their first character. */
export function maskValue(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value === null || value === undefined ? value : '***';
  if (key.toLowerCase() === 'email') {
    const at = value.lastIndexOf('@');
    if (at > 0) {
      const domain = value.slice(at + 1);
      const dot = domain.lastIndexOf('.');
      const tld = dot > 0 ? domain.slice(dot) : '';
      return `${value[0]}***@${domain[0] ?? ''}***${tld}`;
    }
  }
  return value.length === 0 ? value : `${value[0]}***`;
}

export function maskRecord(pii: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pii)) out[key] = maskValue(key, value);
  return out;
}
