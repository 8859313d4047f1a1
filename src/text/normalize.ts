/**
 * Text normalization shared by every text model: Unicode NFKC (full-width forms, ligatures and compatibility
 * characters become their plain forms), case folding, typographic apostrophes made plain, control and format
 * characters removed (zero-width joiners inside emoji sequences survive), runs of whitespace collapsed.
 */

/** Texts longer than this are cut before any model sees them (a review is rarely longer than a few thousand). */
export const MAX_TEXT_CHARS = 10_000;

// C0/C1 controls separate words; invisible format characters (zero-width spaces, bidi overrides, BOM) vanish.
// U+200D (zero-width joiner) stays: it binds emoji sequences.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/gu;
const FORMAT = /[\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uFFF9-\uFFFB]/gu;
const APOSTROPHE = /[\u2018\u2019\u02BC\u2032\uFF07`´]/gu;
const WHITESPACE = /\s+/gu;

/** Case folding beyond lower-casing for the letters whose folds differ (German ß, Greek final sigma). */
function fold(text: string): string {
  const lower = text.toLowerCase();
  return /[ßς]/u.test(lower) ? lower.replace(/ß/gu, 'ss').replace(/ς/gu, 'σ') : lower;
}

/** `text` cut to `maxChars` code units, never inside a surrogate pair. */
export function cutText(text: string, maxChars = MAX_TEXT_CHARS): string {
  if (text.length <= maxChars) return text;
  const head = text.slice(0, maxChars);
  return /[\uD800-\uDBFF]$/u.test(head) ? head.slice(0, -1) : head;
}

/** The normalized form of `text`, cut to `maxChars` code units (never inside a surrogate pair). */
export function normalizeText(text: string, maxChars = MAX_TEXT_CHARS): string {
  return fold(
    cutText(text, maxChars)
      .normalize('NFKC')
      .replace(CONTROL, ' ')
      .replace(FORMAT, '')
      .replace(APOSTROPHE, "'"),
  )
    .replace(WHITESPACE, ' ')
    .trim();
}
