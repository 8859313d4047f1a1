import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alpha3ToAlpha2 } from './country-alpha3.js';
import { countryCodes, countryNameKey, validateCountry } from './country.js';

const code = (input: unknown) => {
  const v = validateCountry(input);
  return v.ok ? v.value : v.reason;
};

describe('validateCountry', () => {
  it('knows the 249 ISO 3166-1 codes and Kosovo', () => {
    const codes = countryCodes();
    expect(codes).toHaveLength(250);
    expect(codes).toContain('DE');
    expect(codes).toContain('XK');
    expect(codes).not.toContain('EU');
    expect(codes).not.toContain('UK');
  });

  it('has an alpha-3 for exactly the codes Intl accepts', () => {
    expect([...new Set(alpha3ToAlpha2.values())].sort()).toEqual([...countryCodes()]);
    expect(alpha3ToAlpha2.size).toBe(250);
    expect(alpha3ToAlpha2.get('DEU')).toBe('DE');
    expect(alpha3ToAlpha2.get('GBR')).toBe('GB');
  });

  it('accepts alpha-2 in any case, retired codes, alpha-3 and ISO numeric', () => {
    expect(validateCountry('de')).toEqual({ ok: true, value: 'DE', changed: true });
    expect(validateCountry('DE')).toEqual({ ok: true, value: 'DE', changed: false });
    expect(code('UK')).toBe('GB');
    expect(code(' nld ')).toBe('NL');
    expect(code('USA')).toBe('US');
    expect(code('276')).toBe('DE');
  });

  it('accepts English names, folding case, accents and punctuation', () => {
    expect(code('Germany')).toBe('DE');
    expect(code('  the netherlands ')).toBe('NL');
    expect(code('Cote d’Ivoire')).toBe('CI');
    expect(code("cote d'ivoire")).toBe('CI');
    expect(code('Bosnia and Herzegovina')).toBe('BA');
    expect(code('Saint Lucia')).toBe('LC');
    expect(code('US Virgin Islands')).toBe('VI');
    expect(code('Myanmar')).toBe('MM');
    expect(code('Burma')).toBe('MM');
    expect(code('Hong Kong')).toBe('HK');
    expect(code('Turkey')).toBe('TR');
    expect(code('Türkiye')).toBe('TR');
    expect(code('United Kingdom')).toBe('GB');
    expect(countryNameKey('St. Kitts & Nevis')).toBe('st kitts and nevis');
  });

  it('rejects regions that are not countries, unknown codes and unknown names', () => {
    expect(code('EU')).toBe('not_a_country');
    expect(code('ZZ')).toBe('not_a_country');
    expect(code('150')).toBe('not_a_country');
    expect(code('QQ')).toBe('unknown_code');
    expect(code('999')).toBe('unknown_code');
    expect(code('Congo')).toBe('unknown_country');
    expect(code('Atlantis')).toBe('unknown_country');
    expect(code('ß')).toBe('unknown_country');
    expect(code('')).toBe('empty');
    expect(code(49)).toBe('not_a_string');
    expect(code('x'.repeat(10_000))).toBe('unknown_country');
  });

  it('is idempotent and never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...countryCodes()), fc.string({ unit: 'grapheme', maxLength: 20 })),
        (s) => {
          const v = validateCountry(s);
          if (v.ok) expect(validateCountry(v.value)).toEqual({ ok: true, value: v.value, changed: false });
        },
      ),
    );
  });
});
