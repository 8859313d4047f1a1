import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateEmail } from './email.js';

const reason = (input: unknown) => {
  const v = validateEmail(input);
  return v.ok ? 'ok' : v.reason;
};

describe('validateEmail', () => {
  it('trims and lower-cases a messy but valid address', () => {
    expect(validateEmail('  Max.Schmidt@Example.COM \n')).toEqual({
      ok: true,
      value: 'max.schmidt@example.com',
      changed: true,
    });
    expect(validateEmail('a+tag@sub.example.co.uk')).toEqual({
      ok: true,
      value: 'a+tag@sub.example.co.uk',
      changed: false,
    });
    expect(reason("o'brien@xn--bcher-kva.example")).toBe('ok');
  });

  it('names the problem for each malformation the demo generator plants', () => {
    // src/demo/dirt.ts malformEmail, applied to jan.novak@example.org.
    expect(reason('jan..novak@@example')).toBe('multiple_at');
    expect(reason('jan..novak@example.org')).toBe('consecutive_dots');
    expect(reason('jan.novak@@example.org')).toBe('multiple_at');
    expect(reason('jan.novak@example')).toBe('missing_tld');
    expect(reason('jan.novak.example.org')).toBe('missing_at');
    expect(reason('jan.novak @example.org')).toBe('whitespace_inside');
    expect(reason('jan.novak@example.org,')).toBe('invalid_character');
  });

  it('rejects other broken shapes with a specific reason', () => {
    expect(reason(42)).toBe('not_a_string');
    expect(reason('   ')).toBe('empty');
    expect(reason('@example.org')).toBe('empty_local_part');
    expect(reason('jan@')).toBe('empty_domain');
    expect(reason('.jan@example.org')).toBe('dot_at_edge');
    expect(reason('jan@example.org.')).toBe('dot_at_edge');
    expect(reason('jan@-example.org')).toBe('invalid_domain_label');
    expect(reason('jan@example.c')).toBe('invalid_tld');
    expect(reason('jan@example.123')).toBe('invalid_tld');
    expect(reason('"jan"@example.org')).toBe('invalid_character');
    expect(reason('jan@[127.0.0.1]')).toBe('invalid_character');
    expect(reason(`${'a'.repeat(65)}@example.org`)).toBe('local_part_too_long');
  });

  it('gives clear verdicts on hostile input', () => {
    expect(reason('jürgen@example.de')).toBe('non_ascii');
    expect(reason('jan\u200b@example.org')).toBe('non_ascii');
    expect(reason('jan\u0000@example.org')).toBe('invalid_character');
    expect(reason('a@b.c\u0301om')).toBe('non_ascii');
    expect(reason(`${'x'.repeat(1_000_000)}@example.org`)).toBe('too_long');
    expect(reason(null)).toBe('not_a_string');
    expect(reason({ toString: () => 'a@b.com' })).toBe('not_a_string');
    const v = validateEmail('jan@@example.org');
    expect(!v.ok && v.message).toMatch(/2 @ signs/);
  });

  it('is idempotent: a normalized address normalizes to itself, unchanged', () => {
    const local = fc.stringMatching(/^[A-Za-z0-9._+-]{1,20}$/);
    const domain = fc.stringMatching(/^[A-Za-z0-9-]{1,12}(\.[A-Za-z0-9-]{1,12}){0,2}\.[A-Za-z]{2,6}$/);
    const pad = fc.constantFrom('', ' ', '\t', ' \n');
    fc.assert(
      fc.property(pad, local, domain, pad, (a, l, d, b) => {
        const first = validateEmail(`${a}${l}@${d}${b}`);
        if (!first.ok) return;
        expect(validateEmail(first.value)).toEqual({ ok: true, value: first.value, changed: false });
      }),
    );
  });

  it('never throws and always returns a verdict for arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (s) => {
        const v = validateEmail(s);
        expect(typeof v.ok).toBe('boolean');
        if (v.ok) expect(validateEmail(v.value).ok).toBe(true);
      }),
    );
  });
});
