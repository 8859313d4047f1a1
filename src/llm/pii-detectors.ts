import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js';
import { addressPatterns } from './address-patterns.js';

export type PiiKind = 'EMAIL' | 'PHONE' | 'CARD' | 'ADDRESS' | 'NAME' | 'ID';

export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
const DATE = /^(?:\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4})$/;
/** 13 digits or more, optionally grouped by spaces, dashes or dots (a card may run into its expiry or CVV). */
const CARD_CANDIDATE = /(?<![\p{N}])\d(?:[ .-]?\d){12,}(?![\p{N}])/gu;

/** The Luhn checksum every payment card number satisfies. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

function regexSpans(
  text: string,
  pattern: RegExp,
  kind: PiiKind,
  accept?: (m: string) => boolean,
): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(pattern))
    if (accept === undefined || accept(m[0]))
      spans.push({ kind, start: m.index, end: m.index + m[0].length });
  return spans;
}

export function findEmails(text: string): PiiSpan[] {
  return regexSpans(text, EMAIL, 'EMAIL');
}

/**
 * Card numbers: a run of 13–19 digits passing Luhn, or, in a longer run, its leading or trailing 13–19 digits
 * (a card followed by its expiry or CVV, or preceded by a count), longest first.
 */
export function findCards(text: string): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const m of text.matchAll(CARD_CANDIDATE)) {
    const at: number[] = [];
    for (let i = 0; i < m[0].length; i++)
      if (m[0].charCodeAt(i) >= 48 && m[0].charCodeAt(i) <= 57) at.push(i);
    const digits = m[0].replace(/\D/g, '');
    const span = (from: number, to: number) => ({
      kind: 'CARD' as const,
      start: m.index + at[from]!,
      end: m.index + at[to - 1]! + 1,
    });
    // Where the writer grouped digits, a card ends (or starts) at a group boundary.
    const grouped = at.length < m[0].length;
    const boundary = new Set([0, digits.length]);
    for (let d = 0; d + 1 < at.length; d++) if (at[d + 1]! - at[d]! > 1) boundary.add(d + 1);
    let found: PiiSpan | null = null;
    for (let len = Math.min(19, digits.length); len >= 13 && found === null; len--) {
      const tail = digits.length - len;
      if ((!grouped || boundary.has(len)) && luhnValid(digits.slice(0, len))) found = span(0, len);
      else if ((!grouped || boundary.has(tail)) && luhnValid(digits.slice(tail)))
        found = span(tail, digits.length);
    }
    if (found) spans.push(found);
  }
  return spans;
}

/**
 * Phone numbers in international form anywhere, and in national form for each of `regions`. A national number
 * needs eight digits or more: shorter ones (local numbers without an area code) look like counts and order numbers.
 */
export function findPhones(text: string, regions: readonly CountryCode[]): PiiSpan[] {
  const spans: PiiSpan[] = [];
  for (const region of regions.length === 0 ? [undefined] : regions)
    for (const found of findPhoneNumbersInText(
      text,
      region === undefined ? {} : { defaultCountry: region },
    )) {
      const written = text.slice(found.startsAt, found.endsAt);
      // Part of a longer digit run (a card or account number), or a date: not a phone number.
      const before = text.slice(Math.max(0, found.startsAt - 2), found.startsAt);
      const after = text.slice(found.endsAt, found.endsAt + 2);
      if (/\d[\s-]?$/.test(before) || /^[\s-]?\d/.test(after) || DATE.test(written.trim())) continue;
      if (written.trimStart().startsWith('+') || written.replace(/\D/g, '').length >= 8)
        spans.push({ kind: 'PHONE', start: found.startsAt, end: found.endsAt });
    }
  return spans;
}

export function findAddresses(text: string): PiiSpan[] {
  return addressPatterns().flatMap((pattern) => regexSpans(text, pattern, 'ADDRESS'));
}

/** Overlapping spans merged into the earliest-starting, longest one (its kind wins). */
export function mergeSpans(spans: readonly PiiSpan[]): PiiSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PiiSpan[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && span.start < last.end) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
}
