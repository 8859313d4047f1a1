import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, normalizeText } from './normalize.js';
import { tokenize, tokensOf } from './tokenize.js';

describe('normalizeText', () => {
  it('applies NFKC, folds case (ß, final sigma) and plain apostrophes', () => {
    expect(normalizeText('ＡＢＣ ﬁne Straße ΟΔΟΣ')).toBe('abc fine strasse οδοσ');
    expect(normalizeText('don’t ‘quote’')).toBe("don't 'quote'");
  });

  it('turns controls into spaces, drops invisible format characters, collapses whitespace', () => {
    expect(normalizeText('a\u0000b\tc\n\nd')).toBe('a b c d');
    expect(normalizeText('pay\u200Bpal \u202Eevil\u202C')).toBe('paypal evil');
  });

  it('cuts long input without splitting a surrogate pair', () => {
    const text = `${'a'.repeat(MAX_TEXT_CHARS - 1)}😀tail`;
    const cut = normalizeText(text);
    expect(cut.length).toBe(MAX_TEXT_CHARS - 1);
    expect(normalizeText('x'.repeat(5_000_000)).length).toBe(MAX_TEXT_CHARS);
  });
});

describe('tokenize', () => {
  it('keeps words with inner apostrophes and digits, splits on punctuation', () => {
    expect(tokenize("I don't like it, 3.5kg!")).toEqual(['i', "don't", 'like', 'it', '3', '5kg']);
  });

  it('turns runs of Chinese or Japanese script into character bigrams', () => {
    expect(tokenize('退货政策')).toEqual(['退货', '货政', '政策']);
    expect(tokenize('好')).toEqual(['好']);
    expect(tokenize('返品したい')).toEqual(['返品', '品し', 'した', 'たい']);
    expect(tokenize('refund退货ok')).toEqual(['refund', '退货', 'ok']);
  });

  it('keeps emoji, skin tones, ZWJ sequences and flags as single tokens', () => {
    expect(tokensOf(normalizeText('love 👍🏽 👨‍👩‍👧 🇩🇪'))).toEqual([
      { text: 'love', kind: 'word' },
      { text: '👍🏽', kind: 'emoji' },
      { text: '👨‍👩‍👧', kind: 'emoji' },
      { text: '🇩🇪', kind: 'emoji' },
    ]);
  });

  it('handles mixed scripts and accents', () => {
    expect(tokenize('Café Привет مرحبا naïve')).toEqual(['café', 'привет', 'مرحبا', 'naïve']);
  });

  it('survives hostile input', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize('\u0000\u0001\uFEFF')).toEqual([]);
    expect(tokenize('\uD800 lone surrogate')).toEqual(['lone', 'surrogate']);
    expect(tokenize(`${'🙂'.repeat(100_000)}`).length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  });
});
