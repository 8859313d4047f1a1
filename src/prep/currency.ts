import { invalid, type Checked } from './checked.js';

export type CurrencyProblem = 'not_a_string' | 'empty' | 'unknown_currency';

let currencies: ReadonlySet<string> | null = null;

/** The ISO 4217 codes this runtime's ICU supports (`Intl.supportedValuesOf('currency')`). */
export function currencyCodes(): ReadonlySet<string> {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies;
}

/** Normalizes a currency to its upper-case ISO 4217 code: ` eur ` → `EUR`; unknown codes are rejected. */
export function validateCurrency(input: unknown): Checked<string, CurrencyProblem> {
  if (typeof input !== 'string') return invalid('not_a_string', 'A currency must be a string.');
  const value = input.trim().toUpperCase();
  if (value === '') return invalid('empty', 'The currency is empty.');
  if (!/^[A-Z]{3}$/.test(value) || !currencyCodes().has(value)) {
    return invalid(
      'unknown_currency',
      `${JSON.stringify(value.slice(0, 20))} is not an ISO 4217 currency code.`,
    );
  }
  return { ok: true, value, changed: value !== input };
}
