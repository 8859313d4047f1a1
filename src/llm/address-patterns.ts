/**
 * Street addresses as they appear in free text: a house number next to a street name with a street type, in
 * English, German, French, Dutch and Spanish. A pattern set, not a parser: it aims at the common written forms
 * (`221B Baker Street`, `Hauptstraße 5a`, `12 bis rue de la Paix`, `Keizersgracht 123-2`, `Calle Mayor, 5`) and
 * accepts missing some unusual ones over redacting ordinary sentences.
 */

/** House number: `5`, `5a`, `12-14`, `123-2`, `7 bis`. */
const NUMBER = String.raw`\d{1,5}(?:\s?[a-zA-Z](?![\p{L}]))?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?`;
const FR_NUMBER = String.raw`\d{1,5}(?:\s?(?:bis|ter|quater|[a-zA-Z](?![\p{L}])))?`;
/** A capitalised word of a street name (`Baker`, `O'Connell`, `Saint-Denis`, `St.`). */
const CAP = String.raw`\p{Lu}[\p{L}'’.-]*`;
/** A street-name word in Romance languages, where particles are lower-case (`de la`, `del`, `des`). */
const ROMANCE = String.raw`(?:\p{Lu}[\p{L}'’.-]*|d[eu]|des|la|le|les|du|del|de\s?l['’]|d['’]|los|las|y)`;

const EN_TYPES = [
  'street',
  'st\\.?',
  'avenue',
  'ave\\.?',
  'road',
  'rd\\.?',
  'lane',
  'ln\\.?',
  'drive',
  'dr\\.?',
  'boulevard',
  'blvd\\.?',
  'court',
  'ct\\.?',
  'way',
  'place',
  'pl\\.?',
  'terrace',
  'close',
  'crescent',
  'square',
  'highway',
  'parkway',
].join('|');
const DE_SUFFIX = 'straße|strasse|str\\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad';
const DE_WORDS = 'Straße|Strasse|Str\\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer';
const NL_SUFFIX = 'straat|laan|weg|plein|gracht|kade|singel|dijk|steeg|hof|markt';
const FR_TYPES =
  'rue|avenue|av\\.|boulevard|bd\\.?|place|chemin|allée|allee|impasse|quai|route|cours|passage|square';
const ES_TYPES =
  'calle|c/|avenida|avda\\.?|av\\.|plaza|pza\\.?|paseo|pº|camino|carretera|ctra\\.?|ronda|travesía|glorieta';

/** `rue` → `[rR][uU][eE]`: street types in any case while name words stay capitalised (`/i` would fold `\p{Lu}`). */
function anyCase(alternatives: string): string {
  return alternatives.replace(/\p{L}/gu, (c) =>
    c.toLowerCase() === c.toUpperCase() ? c : `[${c.toLowerCase()}${c.toUpperCase()}]`,
  );
}

/** Each pattern matches one whole address phrase (flags `gu`). */
const sources = [
  // English: number first, capitalised name, type, optional direction (221B Baker Street, 1600 Pennsylvania Ave NW).
  String.raw`(?<![\p{L}\p{N}])${NUMBER}\s+(?:${CAP}\s+){1,4}(?:${anyCase(EN_TYPES)})(?:\s+(?:N|S|E|W|NE|NW|SE|SW))?(?![\p{L}\p{N}])`,
  // German and Dutch compounds: name ending in the type, then the number (Hauptstraße 5a, Kerkstraat 12).
  String.raw`(?<![\p{L}\p{N}])${CAP}(?:${DE_SUFFIX}|${NL_SUFFIX})\s+${NUMBER}(?![\p{L}\p{N}])`,
  // German separate words: Berliner Straße 12, Am Alten Markt 3 is left out (no type word).
  String.raw`(?<![\p{L}\p{N}])(?:${CAP}\s+){1,3}(?:${anyCase(DE_WORDS)})\s+${NUMBER}(?![\p{L}\p{N}])`,
  // French: number, optional comma, type, up to five name words (12 bis, rue de la Paix).
  String.raw`(?<![\p{L}\p{N}])${FR_NUMBER},?\s+(?:${anyCase(FR_TYPES)})\s+(?:${ROMANCE}\s+){0,4}\p{Lu}[\p{L}'’-]*(?![\p{L}\p{N}])`,
  // Spanish: type, up to five name words, optional comma or nº, number (Calle Mayor, 5; Avda. de la Constitución 12).
  String.raw`(?<![\p{L}\p{N}])(?:${anyCase(ES_TYPES)})\s*(?:${ROMANCE}\s+){0,4}\p{Lu}[\p{L}'’-]*,?\s+(?:n[º°o]\.?\s*)?${NUMBER}(?![\p{L}\p{N}])`,
];

/** Fresh regular expressions (they are global, so each caller gets its own lastIndex). */
export function addressPatterns(): RegExp[] {
  return sources.map((source) => new RegExp(source, 'gu'));
}
