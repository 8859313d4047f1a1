import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currencyCodes, validateCurrency } from './currency.js';

describe('validateCurrency', () => {
  it('normalizes case and whitespace to an ISO 4217 code', () => {
    expect(validateCurrency(' eur ')).toEqual({ ok: true, value: 'EUR', changed: true });
    expect(validateCurrency('CHF')).toEqual({ ok: true, value: 'CHF', changed: false });
    expect(currencyCodes().has('JPY')).toBe(true);
  });

  it('rejects unknown codes and non-strings', () => {
    const reason = (x: unknown) => {
      const v = validateCurrency(x);
      return v.ok ? v.value : v.reason;
    };
    expect(reason('EURO')).toBe('unknown_currency');
    expect(reason('XYZ')).toBe('unknown_currency');
    expect(reason('€')).toBe('unknown_currency');
    expect(reason('')).toBe('empty');
    expect(reason(978)).toBe('not_a_string');
  });

  it('accepts only codes the runtime lists, and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 5 }), (s) => {
        const v = validateCurrency(s);
        if (!v.ok) return;
        expect(currencyCodes().has(v.value)).toBe(true);
        expect(validateCurrency(v.value)).toEqual({ ok: true, value: v.value, changed: false });
      }),
    );
  });
});
