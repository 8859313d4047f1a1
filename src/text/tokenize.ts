import { normalizeText } from './normalize.js';

/**
 * A Unicode-aware tokenizer. After `normalizeText`:
 * - words are runs of letters, marks and digits, with inner apostrophes kept ("don't", "l'heure");
 * - Chinese and Japanese script (Han, Hiragana, Katakana), written without spaces, becomes overlapping character
 *   bigrams ("退货政策" → "退货", "货政", "政策"); a lone character is a token by itself;
 * - an emoji, with its modifiers and zero-width-joiner sequence or as a flag, is one token;
 * - everything else (punctuation, symbols, spaces) separates tokens.
 */

const CJK = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30FC';
const EMOJI_PART = '\\p{Extended_Pictographic}(?:\\uFE0F|\\p{Emoji_Modifier})*';
const TOKEN = new RegExp(
  [
    `(?<emoji>\\p{Regional_Indicator}{2}|${EMOJI_PART}(?:\\u200D${EMOJI_PART})*)`,
    `(?<cjk>[${CJK}]+)`,
    `(?<word>[[\\p{L}\\p{M}\\p{N}]--[${CJK}]]+(?:'[[\\p{L}\\p{M}\\p{N}]--[${CJK}]]+)*)`,
  ].join('|'),
  'gv',
);

export type TokenKind = 'word' | 'cjk' | 'emoji';

export interface Token {
  text: string;
  kind: TokenKind;
}

/** Tokens of already normalized text, with their kind. */
export function tokensOf(normalized: string): Token[] {
  const out: Token[] = [];
  for (const match of normalized.matchAll(TOKEN)) {
    const groups = match.groups ?? {};
    if (groups.emoji !== undefined) out.push({ text: groups.emoji, kind: 'emoji' });
    else if (groups.word !== undefined) out.push({ text: groups.word, kind: 'word' });
    else if (groups.cjk !== undefined) {
      const chars = [...groups.cjk];
      if (chars.length === 1) out.push({ text: chars[0] as string, kind: 'cjk' });
      for (let i = 0; i + 1 < chars.length; i++)
        out.push({ text: (chars[i] as string) + (chars[i + 1] as string), kind: 'cjk' });
    }
  }
  return out;
}

/** The token strings of `text` (normalized first). */
export function tokenize(text: string): string[] {
  return tokensOf(normalizeText(text)).map((t) => t.text);
}
