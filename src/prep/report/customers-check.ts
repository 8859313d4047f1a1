import { maskValue } from '../../privacy/index.js';
import { isMissing } from '../cells.js';
import { validateCountry } from '../country.js';
import { validateEmail } from '../email.js';
import { validatePhone } from '../phone.js';
import { displayValue } from '../quality-report.js';
import type { CustomerQualityRow } from '../ports.js';
import { createSection, type RuleDefinitions } from './section.js';
import type { SourceQualityReport } from './types.js';

export const customerRules = {
  'email:missing': 'No email, or a blank one.',
  'email:malformed':
    'The email fails prep validation (one @, dot-atom local part, a host with a letter TLD, no whitespace inside).',
  'email:normalized':
    'A valid email that only needed trimming or lower-casing (validateEmail reports it changed).',
  'phone:missing': 'No phone, or a blank one.',
  'phone:malformed':
    "The phone cannot be read as a number of its country's numbering plan (libphonenumber lengths and prefixes; national numbers read in the customer's country).",
  'phone:reformatted':
    'A valid phone not written in E.164 (spaces, punctuation, a 00 prefix, a national form).',
  'city:missing': 'No city, or a blank one.',
  'country:missing': 'No country, or a blank one.',
  'country:invalid':
    'The country is not an ISO 3166-1 code, a retired or alpha-3 code, or an English country name.',
  'country:normalized': 'A valid country not written as an upper-case ISO 3166-1 alpha-2 code.',
  'first_name:miscased':
    'A first name of two or more letters written all in lower case or all in upper case.',
  'last_name:miscased': 'A last name of two or more letters written all in lower case or all in upper case.',
} as const satisfies RuleDefinitions;

type Rule = keyof typeof customerRules;

/** Masked, quoted (so whitespace shows): `" j***@e***.com "`. */
const masked = (key: string, value: unknown): string => displayValue(maskValue(key, value));

/** `all lower` / `all upper` for a name written in one case only; null for a name of mixed case or < 2 letters. */
export function nameCasing(value: unknown): 'all lower-case' | 'all upper-case' | null {
  if (typeof value !== 'string') return null;
  const letters = value.replace(/[^\p{L}]/gu, '');
  // Caseless scripts (CJK, Arabic) have no upper or lower case: nothing to judge.
  if (letters.length < 2 || letters.toLowerCase() === letters.toUpperCase()) return null;
  if (letters === letters.toLowerCase()) return 'all lower-case';
  if (letters === letters.toUpperCase()) return 'all upper-case';
  return null;
}

export interface CustomerCheck {
  add(rows: readonly CustomerQualityRow[]): void;
  build(): SourceQualityReport;
}

/**
 * Checks stored customers: email, phone (read in the customer's country), city, country and the casing of names.
 * Examples quote the customer id and masked values only.
 */
export function createCustomerCheck(maxExamples: number): CustomerCheck {
  const section = createSection('customers', maxExamples, customerRules);
  let rows = 0;
  const touch = (
    rule: Rule,
    id: string,
    column: string,
    extra: { before?: string; after?: string; note?: string },
  ) => section.touch(rule, { row: rows, id, column, ...extra });

  function check(c: CustomerQualityRow): void {
    const pii = c.pii ?? {};
    const field = (name: string): unknown => (Object.hasOwn(pii, name) ? pii[name] : c.traits[name]);

    const email = field('email');
    if (isMissing(email)) touch('email:missing', c.id, 'email', {});
    else {
      const v = validateEmail(email);
      if (!v.ok)
        touch('email:malformed', c.id, 'email', {
          before: masked('email', email),
          note: `${v.reason}: ${v.message}`,
        });
      else if (v.changed)
        touch('email:normalized', c.id, 'email', {
          before: masked('email', email),
          after: masked('email', v.value),
        });
    }

    const country = field('country');
    const region = isMissing(country) ? null : validateCountry(country);
    if (region === null) touch('country:missing', c.id, 'country', {});
    else if (!region.ok)
      touch('country:invalid', c.id, 'country', { before: displayValue(country), note: region.reason });
    else if (region.changed)
      touch('country:normalized', c.id, 'country', {
        before: displayValue(country),
        after: displayValue(region.value),
      });

    const phone = field('phone');
    if (isMissing(phone)) touch('phone:missing', c.id, 'phone', {});
    else {
      const v = validatePhone(phone, { defaultRegion: region?.ok ? region.value : null });
      if (!v.ok)
        touch('phone:malformed', c.id, 'phone', {
          before: masked('phone', phone),
          note: `${v.reason}: ${v.message}`,
        });
      else if (v.changed)
        touch('phone:reformatted', c.id, 'phone', {
          before: masked('phone', phone),
          after: masked('phone', v.value),
        });
    }

    if (isMissing(field('city'))) touch('city:missing', c.id, 'city', {});

    for (const [column, rule] of [
      ['first_name', 'first_name:miscased'],
      ['last_name', 'last_name:miscased'],
    ] as const) {
      const value = field(column);
      const casing = nameCasing(value);
      if (casing !== null) touch(rule, c.id, column, { before: masked(column, value), note: casing });
    }
  }

  return {
    add(batch) {
      for (const c of batch) {
        check(c);
        rows++;
      }
    },
    build: () => section.build(rows),
  };
}
