import {
  isSupportedCountry,
  parsePhoneNumberFromString as parseMin,
  validatePhoneNumberLength as lengthMin,
  type CountryCode,
} from 'libphonenumber-js';
import {
  parsePhoneNumberFromString as parseMax,
  validatePhoneNumberLength as lengthMax,
} from 'libphonenumber-js/max';
import { invalid, type Checked } from './checked.js';

export type PhoneProblem =
  | 'not_a_string'
  | 'empty'
  | 'invalid_character'
  | 'missing_region'
  | 'invalid_country_code'
  | 'too_short'
  | 'too_long'
  | 'invalid_number';

export interface PhoneOptions {
  /** ISO 3166-1 alpha-2 region for numbers written without a country code (usually the customer's country). */
  defaultRegion?: string | null;
  /**
   * Validate against libphonenumber's full numbering-plan patterns instead of its default (lengths and leading
   * digits per region). Stricter, and rejects numbers in ranges not yet assigned.
   */
  strict?: boolean;
  /**
   * Fewest digits accepted, 5 by default. The default metadata accepts very short numbers in open numbering plans
   * (`12-34` in Germany is "valid"); no personal phone is that short outside a few tiny territories.
   */
  minDigits?: number;
}

const allowed = /^\+?[0-9\s\-()./]+$/;

const lengthReasons: Record<string, PhoneProblem> = {
  TOO_SHORT: 'too_short',
  TOO_LONG: 'too_long',
  INVALID_COUNTRY: 'invalid_country_code',
};

const messages: Record<PhoneProblem, string> = {
  not_a_string: 'A phone number must be a string.',
  empty: 'The phone number is empty.',
  invalid_character: 'A phone number holds digits, spaces, + - ( ) . / only, with + only in front.',
  missing_region: 'The number has no country code and no default region was given.',
  invalid_country_code: 'The country calling code does not exist.',
  too_short: 'The number is too short.',
  too_long: 'The number is too long.',
  invalid_number: 'The number does not fit the numbering plan of its country.',
};

const fail = (reason: PhoneProblem): Checked<string, PhoneProblem> => invalid(reason, messages[reason]);

/**
 * Normalizes a phone number to E.164 (`+4915112345678`) with libphonenumber-js. A national number (`0151 …`)
 * needs `defaultRegion`; `00` international prefixes and a `(0)` trunk digit after the country code are understood.
 */
export function validatePhone(input: unknown, options: PhoneOptions = {}): Checked<string, PhoneProblem> {
  let raw: string;
  if (typeof input === 'string') raw = input;
  else if (typeof input === 'number' && Number.isSafeInteger(input) && input > 0) raw = String(input);
  else return fail('not_a_string');
  let text = raw.trim();
  if (text === '') return fail('empty');
  if (text.length > 40) return fail('too_long');
  if (!allowed.test(text)) return fail('invalid_character');
  if (text.startsWith('+')) text = text.replace(/^(\+[0-9]{1,3})\s*\(0\)/, '$1');
  const digits = text.replace(/[^0-9]/g, '').length;
  if (digits < (options.minDigits ?? 5)) return fail('too_short');
  const region = typeof options.defaultRegion === 'string' ? options.defaultRegion.toUpperCase() : '';
  const defaultCountry = isSupportedCountry(region) ? (region as CountryCode) : undefined;
  if (!text.startsWith('+') && defaultCountry === undefined) return fail('missing_region');
  const parse = options.strict ? parseMax : parseMin;
  const lengthProblem = options.strict ? lengthMax : lengthMin;
  const phone = parse(text, defaultCountry);
  if (phone?.isValid()) return { ok: true, value: phone.number, changed: phone.number !== input };
  const problem = lengthProblem(text, defaultCountry);
  return fail((problem && lengthReasons[problem]) || 'invalid_number');
}
