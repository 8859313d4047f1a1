/**
 * Customer text on its way into a prompt: Unicode-normalised (NFC), control characters removed (tab and newline
 * kept, CR/CRLF become newline), bidirectional overrides removed (they can make text read differently than it is),
 * and cut to `maxChars` with a note saying how much was left out. Mixed scripts pass through untouched.
 */
export interface CleanText {
  text: string;
  /** Characters cut off (0 when the text fit). */
  omitted: number;
}

// C0 and C1 controls except \t and \n, DEL, and the bidi embeddings/overrides/isolates.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function cleanText(text: string, maxChars: number): CleanText {
  // Cut before normalising so a huge input costs O(maxChars), keeping a margin for what cleaning removes.
  const head = text.length > maxChars * 2 ? text.slice(0, maxChars * 2) : text;
  let clean = head.replace(/\r\n?/g, '\n').replace(CONTROL, '').normalize('NFC');
  const dropped = text.length - head.length;
  if (clean.length <= maxChars && dropped === 0) return { text: clean, omitted: 0 };
  let cut = Math.min(maxChars, clean.length);
  // Never split a surrogate pair.
  const last = clean.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  const omitted = clean.length - cut + dropped;
  clean = clean.slice(0, cut);
  return omitted === 0
    ? { text: clean, omitted }
    : { text: `${clean}\n[… truncated: ${omitted.toLocaleString('en-US')} characters omitted]`, omitted };
}
