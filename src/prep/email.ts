import { invalid, type Checked } from './checked.js';

export type EmailProblem =
  | 'not_a_string'
  | 'empty'
  | 'too_long'
  | 'whitespace_inside'
  | 'missing_at'
  | 'multiple_at'
  | 'non_ascii'
  | 'invalid_character'
  | 'empty_local_part'
  | 'local_part_too_long'
  | 'empty_domain'
  | 'consecutive_dots'
  | 'dot_at_edge'
  | 'missing_tld'
  | 'invalid_domain_label'
  | 'invalid_tld';

// RFC 5322 dot-atom text for the local part; quoted local parts and address literals are not accepted.
const localChar = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]$/;
const domainChars = /^[a-z0-9.-]+$/;
const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const tld = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

function oddCharacter(text: string): 'control' | 'non_ascii' | null {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return 'control';
    if (code > 0x7f) return 'non_ascii';
  }
  return null;
}

/**
 * Checks an email address and returns it trimmed and lower-cased. Accepts the common addressable form
 * (dot-atom local part, ASCII host name with a letter TLD); rejects with one reason, checked in a fixed order:
 * whitespace inside, missing or repeated `@`, non-ASCII, bad characters, empty parts, `..`, a dot at either end of
 * a part, a host without a TLD, a bad label or TLD. Lower-casing the local part is a deliberate choice: every
 * mailbox provider that matters treats it case-insensitively.
 */
export function validateEmail(input: unknown): Checked<string, EmailProblem> {
  if (typeof input !== 'string') return invalid('not_a_string', 'An email must be a string.');
  const text = input.trim();
  if (text === '') return invalid('empty', 'The email is empty.');
  if (text.length > 254) return invalid('too_long', 'An email is at most 254 characters.');
  if (/\s/.test(text)) return invalid('whitespace_inside', 'The email has whitespace inside it.');
  const at = text.split('@').length - 1;
  if (at === 0) return invalid('missing_at', 'The email has no @.');
  if (at > 1) return invalid('multiple_at', `The email has ${at} @ signs; it needs exactly one.`);
  const odd = oddCharacter(text);
  if (odd === 'control') return invalid('invalid_character', 'The email contains a control character.');
  if (odd === 'non_ascii') {
    return invalid(
      'non_ascii',
      'The email contains non-ASCII characters (internationalized addresses are not accepted).',
    );
  }
  const value = text.toLowerCase();
  const [local = '', domain = ''] = value.split('@');
  if (local === '') return invalid('empty_local_part', 'Nothing comes before the @.');
  if (domain === '') return invalid('empty_domain', 'Nothing comes after the @.');
  if (local.length > 64)
    return invalid('local_part_too_long', 'The part before the @ is longer than 64 characters.');
  if (value.includes('..')) return invalid('consecutive_dots', 'The email has two dots in a row.');
  if (/^\.|\.$/.test(local) || /^\.|\.$/.test(domain)) {
    return invalid('dot_at_edge', 'A dot starts or ends the part before or after the @.');
  }
  const badLocal = [...local].find((ch) => !localChar.test(ch));
  if (badLocal !== undefined)
    return invalid('invalid_character', `The part before the @ contains ${JSON.stringify(badLocal)}.`);
  if (!domainChars.test(domain)) {
    const bad = [...domain].find((ch) => !/[a-z0-9.-]/.test(ch)) ?? '';
    return invalid('invalid_character', `The domain contains ${JSON.stringify(bad)}.`);
  }
  const labels = domain.split('.');
  if (labels.length < 2) return invalid('missing_tld', `The domain "${domain}" has no top-level domain.`);
  if (!labels.every((l) => label.test(l))) {
    return invalid('invalid_domain_label', 'A domain label is too long or starts or ends with a hyphen.');
  }
  if (!tld.test(labels[labels.length - 1] as string)) {
    return invalid('invalid_tld', 'The top-level domain must be letters (or an xn-- label).');
  }
  return { ok: true, value, changed: value !== input };
}
