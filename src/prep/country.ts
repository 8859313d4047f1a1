import { invalid, type Checked } from './checked.js';
import { alpha3ToAlpha2 } from './country-alpha3.js';

export type CountryProblem = 'not_a_string' | 'empty' | 'not_a_country' | 'unknown_code' | 'unknown_country';

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const shortNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none', style: 'short' });

/** Region codes CLDR names that are not countries: ISO's exceptionally reserved codes and Unicode's own. */
const reserved = new Set([
  'AC',
  'CP',
  'CQ',
  'DG',
  'EA',
  'IC',
  'TA',
  'EU',
  'EZ',
  'UN',
  'QO',
  'XA',
  'XB',
  'ZZ',
]);

/**
 * English names people write that CLDR's display names lack: ISO and UN short names, former names, and the
 * nations of the United Kingdom (a shop ships to "Scotland"). Needed because Intl gives one or two names per code.
 */
const aliases: Record<string, string> = {
  turkey: 'TR',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  'cabo verde': 'CV',
  'russian federation': 'RU',
  'republic of korea': 'KR',
  'viet nam': 'VN',
  swaziland: 'SZ',
  macedonia: 'MK',
  holland: 'NL',
  macau: 'MO',
  vatican: 'VA',
  'holy see': 'VA',
  'east timor': 'TL',
  'democratic republic of the congo': 'CD',
  'republic of the congo': 'CG',
  'united states of america': 'US',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
};

/** The current code for a region code (UK → GB, DD → DE, 276 → DE), or null when Intl does not know it. */
function canonicalRegion(code: string): string | null {
  try {
    const tag = Intl.getCanonicalLocales(`und-${code}`)[0] ?? '';
    return tag.startsWith('und-') ? tag.slice(4) : null;
  } catch {
    return null;
  }
}

/** An officially assigned ISO 3166-1 alpha-2 code, or XK. */
function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || reserved.has(code) || regionNames.of(code) === undefined) return false;
  return canonicalRegion(code) === code;
}

let codes: string[] | null = null;
let codeSet: ReadonlySet<string> | null = null;
let names: Map<string, string | null> | null = null;

/** Every country code Intl knows, sorted: the 249 ISO 3166-1 alpha-2 codes and XK. */
export function countryCodes(): readonly string[] {
  if (codes === null) {
    const all: string[] = [];
    for (let a = 65; a <= 90; a++) for (let b = 65; b <= 90; b++) all.push(String.fromCharCode(a, b));
    codes = all.filter(isCountryCode);
    codeSet = new Set(codes);
  }
  return codes;
}

function knownCode(code: string): boolean {
  if (codeSet === null) countryCodes();
  return (codeSet as ReadonlySet<string>).has(code);
}

/** Folds case, accents, punctuation, "&"/"and", "Saint"/"St." and a leading "the". */
export function countryNameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .replace(/\bsaint\b/g, 'st')
    .trim()
    .replace(/^the /, '');
}

function nameMap(): Map<string, string | null> {
  if (names !== null) return names;
  const map = new Map<string, string | null>();
  const add = (name: string, code: string): void => {
    const key = countryNameKey(name);
    if (key === '') return;
    const seen = map.get(key);
    map.set(key, seen === undefined || seen === code ? code : null);
  };
  for (const code of countryCodes()) {
    for (const name of [regionNames.of(code), shortNames.of(code)]) {
      if (name === undefined) continue;
      add(name, code);
      add(name.replace(/\([^)]*\)/g, ' '), code);
      const trailing = /\(([^)]*)\)\s*$/.exec(name);
      if (trailing?.[1]) add(trailing[1], code);
    }
  }
  for (const [alias, code] of Object.entries(aliases)) map.set(countryNameKey(alias), code);
  names = map;
  return map;
}

const found = (code: string, input: string): Checked<string, CountryProblem> => ({
  ok: true,
  value: code,
  changed: code !== input,
});

/**
 * Normalizes a country to its ISO 3166-1 alpha-2 code. Accepts alpha-2 (any case; retired codes such as UK map to
 * their successor), alpha-3, ISO numeric, and English names (CLDR's names, folded for case, accents and
 * punctuation, plus a few common aliases). Regions that are not countries (EU, UN, ZZ) are rejected as such.
 */
export function validateCountry(input: unknown): Checked<string, CountryProblem> {
  if (typeof input !== 'string') return invalid('not_a_string', 'A country must be a string.');
  const text = input.trim();
  if (text === '') return invalid('empty', 'The country is empty.');
  if (text.length > 80) return invalid('unknown_country', 'No country has a name that long.');
  // Test the shape before upper-casing: 'ß'.toUpperCase() is 'SS'.
  const upper = text.toUpperCase();
  if (/^[A-Za-z]{2}$/.test(text) && knownCode(upper)) return found(upper, input);
  if (/^[A-Za-z]{2}$/.test(text) || /^\d{3}$/.test(text)) {
    const code = canonicalRegion(upper);
    if (code !== null && knownCode(code)) return found(code, input);
    // CLDR maps unassigned numeric codes to ZZ, "Unknown Region".
    if (code !== null && regionNames.of(code) !== undefined && (code !== 'ZZ' || upper === 'ZZ')) {
      return invalid('not_a_country', `"${upper}" is a region code but not a country.`);
    }
    return invalid('unknown_code', `"${upper}" is not an ISO 3166-1 code.`);
  }
  if (/^[A-Za-z]{3}$/.test(text)) {
    const code = alpha3ToAlpha2.get(upper);
    if (code !== undefined) return found(code, input);
  }
  const code = nameMap().get(countryNameKey(text));
  if (code) return found(code, input);
  return invalid(
    'unknown_country',
    `${JSON.stringify(text.slice(0, 40))} is not a country name or code we know.`,
  );
}
