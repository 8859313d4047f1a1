import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePhone } from './phone.js';

const reason = (input: unknown, defaultRegion?: string, strict = false) => {
  const v = validatePhone(input, { defaultRegion: defaultRegion ?? null, strict });
  return v.ok ? v.value : v.reason;
};

describe('validatePhone', () => {
  it('writes international and national numbers in E.164', () => {
    expect(validatePhone('+49 151 23456789')).toEqual({ ok: true, value: '+4915123456789', changed: true });
    expect(reason('0151 23456789', 'DE')).toBe('+4915123456789');
    expect(reason('06 12 34 56 78', 'FR')).toBe('+33612345678');
    expect(reason('0049 151 23456789', 'DE')).toBe('+4915123456789');
    expect(reason('+49 (0) 151 23456789')).toBe('+4915123456789');
    expect(reason('(020) 7946-0958', 'GB')).toBe('+442079460958');
    expect(validatePhone('+4915123456789')).toEqual({ ok: true, value: '+4915123456789', changed: false });
  });

  it('names the problem for each malformation the demo generator plants', () => {
    // src/demo/dirt.ts malformPhone, applied to +4915123456789 for a customer in Germany.
    expect(reason('12-34', 'DE')).toBe('too_short');
    expect(reason('n/a', 'DE')).toBe('invalid_character');
    expect(reason('+49 (0) 151-', 'DE')).toBe('too_short');
    // Germany's plan allows numbers this long, so it fails the pattern rather than the length.
    expect(reason('0151234567899999', 'DE')).toBe('invalid_number');
    expect(reason('+33 6 12 34 56 78 99 99')).toBe('too_long');
    expect(reason('call me', 'DE')).toBe('invalid_character');
    expect(reason('+4915abc', 'DE')).toBe('invalid_character');
  });

  it('needs a region for a national number and a real country code', () => {
    expect(reason('0151 23456789')).toBe('missing_region');
    expect(reason('0151 23456789', 'not-a-region')).toBe('missing_region');
    expect(reason('+999 1234 5678')).toBe('invalid_country_code');
    expect(reason('1+49123456', 'DE')).toBe('invalid_character');
  });

  it('is stricter with full metadata: unassigned ranges are rejected', () => {
    // +49 151 takes 8 subscriber digits; the default metadata only checks the overall length range.
    expect(reason('+49 151 1234567')).toBe('+491511234567');
    expect(reason('+49 151 1234567', undefined, true)).toBe('invalid_number');
  });

  it('gives clear verdicts on hostile input', () => {
    expect(reason(null)).toBe('not_a_string');
    expect(reason(NaN)).toBe('not_a_string');
    // A number cell cannot hold the leading + (or 0), so it reads as national.
    expect(reason(4915123456789)).toBe('missing_region');
    expect(reason(15123456789, 'DE')).toBe('+4915123456789');
    expect(reason('')).toBe('empty');
    expect(reason('9'.repeat(100_000), 'DE')).toBe('too_long');
    expect(reason('٠١٥١٢٣٤٥٦٧٨٩', 'DE')).toBe('invalid_character');
  });

  it('is idempotent on what it accepts and never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.stringMatching(/^\+?[0-9 ()-]{0,20}$/), fc.string({ maxLength: 30 })),
        fc.constantFrom('DE', 'FR', 'US', 'IE', 'XX', ''),
        (text, region) => {
          const v = validatePhone(text, { defaultRegion: region });
          if (v.ok) expect(validatePhone(v.value)).toEqual({ ok: true, value: v.value, changed: false });
        },
      ),
    );
  });
});
