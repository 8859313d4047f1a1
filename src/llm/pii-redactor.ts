import type { CountryCode } from 'libphonenumber-js';
import {
  findAddresses,
  findCards,
  findEmails,
  findPhones,
  mergeSpans,
  type PiiKind,
  type PiiSpan,
} from './pii-detectors.js';
import { createStreamRestorer, type StreamRestorer } from './placeholder-stream.js';

/** The customer's own values from the profile: always redacted wherever they appear, in any case. */
export interface KnownPii {
  /** Full names; each part of two or more letters is redacted on its own too. */
  names: readonly string[];
  /** Customer id, user ids, emails, phone numbers, … as stored. */
  identifiers: readonly string[];
}

export interface RedactorOptions {
  /** Regions whose national phone formats are recognised (international `+…` numbers always are). */
  phoneRegions: readonly CountryCode[];
}

export interface Redaction {
  /** The texts with every PII value swapped for a placeholder like `[EMAIL_1]`. */
  texts: string[];
  /** Placeholder → the original text it stands for. */
  placeholders: ReadonlyMap<string, string>;
  restore(text: string): string;
  /** Restores every string inside a parsed JSON value. */
  restoreDeep(value: unknown): unknown;
  /** For streamed replies: restores placeholders even when a chunk boundary splits one. */
  restorer(): StreamRestorer;
}

/** Any placeholder-shaped token; the redactor never issues one that already occurs in the input. */
export const PLACEHOLDER = /\[(?:EMAIL|PHONE|CARD|ADDRESS|NAME|ID)_\d+\]/g;

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A name's spellings to look for: NFC, typographic apostrophes made plain and kept, ß also as ss. */
function nameForms(name: string): string[] {
  const nfc = name.normalize('NFC').trim().toLowerCase();
  const forms = new Set([nfc, nfc.replace(/[\u2018\u2019\u02BC]/gu, "'"), nfc.replace(/'/gu, '\u2019')]);
  for (const f of [...forms]) if (f.includes('ß')) forms.add(f.replace(/ß/gu, 'ss'));
  return [...forms];
}

function knownValues(known: KnownPii): { value: string; kind: PiiKind }[] {
  const values = new Map<string, PiiKind>();
  for (const name of known.names)
    for (const form of nameForms(name)) {
      if (form.length >= 2) values.set(form, 'NAME');
      // Parts of a name on their own: "Jean-Luc Picard" → jean-luc, jean, luc, picard; "O'Brien" → o'brien, brien.
      for (const word of form.split(/[\s,]+/u))
        for (const part of [word, ...word.split(/[-'\u2019]+/u)])
          if (part.replace(/[^\p{L}]/gu, '').length >= 2 && !values.has(part)) values.set(part, 'NAME');
    }
  for (const id of known.identifiers) {
    const trimmed = id.trim();
    if (trimmed.length < 2) continue;
    const kind: PiiKind = trimmed.includes('@')
      ? 'EMAIL'
      : /^\+?[\d\s().-]{6,}$/.test(trimmed)
        ? 'PHONE'
        : 'ID';
    values.set(trimmed.toLowerCase(), kind);
  }
  return [...values]
    .map(([value, kind]) => ({ value, kind }))
    .sort((a, b) => b.value.length - a.value.length);
}

function knownSpans(text: string, known: readonly { value: string; kind: PiiKind }[]): PiiSpan[] {
  if (known.length === 0) return [];
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}_])(?:${known.map((k) => escapeRegex(k.value)).join('|')})(?![\\p{L}\\p{N}_])`,
    'giu',
  );
  const kinds = new Map(known.map((k) => [k.value, k.kind]));
  return [...text.matchAll(pattern)].map((m) => ({
    kind: kinds.get(m[0].toLowerCase()) ?? 'ID',
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * Swaps PII in `texts` for stable placeholders: the same text gets the same placeholder in every message of the
 * request, numbered in order of appearance, so two customers' identical requests redact to the same prompt.
 */
export function redactTexts(texts: readonly string[], known: KnownPii, options: RedactorOptions): Redaction {
  const reserved = new Set(texts.flatMap((t) => t.match(PLACEHOLDER) ?? []));
  const values = knownValues(known);
  const bySurface = new Map<string, string>();
  const placeholders = new Map<string, string>();
  const counters = new Map<PiiKind, number>();
  const placeholderFor = (kind: PiiKind, surface: string): string => {
    const existing = bySurface.get(surface);
    if (existing !== undefined) return existing;
    let n = counters.get(kind) ?? 0;
    let token: string;
    do token = `[${kind}_${++n}]`;
    while (reserved.has(token));
    counters.set(kind, n);
    bySurface.set(surface, token);
    placeholders.set(token, surface);
    return token;
  };
  const redacted = texts.map((text) => {
    const spans = mergeSpans([
      ...knownSpans(text, values),
      ...findEmails(text),
      ...findCards(text),
      ...findPhones(text, options.phoneRegions),
      ...findAddresses(text),
    ]);
    let out = '';
    let at = 0;
    for (const span of spans) {
      out += text.slice(at, span.start) + placeholderFor(span.kind, text.slice(span.start, span.end));
      at = span.end;
    }
    return out + text.slice(at);
  });
  const restore = (text: string) => text.replace(PLACEHOLDER, (token) => placeholders.get(token) ?? token);
  const restoreDeep = (value: unknown): unknown => {
    if (typeof value === 'string') return restore(value);
    if (Array.isArray(value)) return value.map(restoreDeep);
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [restore(k), restoreDeep(v)]));
    return value;
  };
  return {
    texts: redacted,
    placeholders,
    restore,
    restoreDeep,
    restorer: () => createStreamRestorer(restore),
  };
}
