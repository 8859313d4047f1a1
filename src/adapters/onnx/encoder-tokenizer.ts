import { AppError } from '../../shared/index.js';
import { cutText } from '../../text/index.js';
import type { EncoderFolder } from './encoder-folder.js';
import type { TokenizersModule } from './runtime-modules.js';

/**
 * The model's own tokenizer (`tokenizer.json`, run by @huggingface/tokenizers), with the length limit applied.
 * Texts are only cut to `MAX_TEXT_CHARS` first, which bounds the work on huge or hostile input; the rest of the
 * normalization (case, accents, Unicode forms) is the tokenizer's, because the model was trained with it.
 */

export interface Tokenized {
  ids: number[];
  types: number[];
}

export interface EncoderTokenizer {
  (text: string): Tokenized;
  /** The id that fills padded positions (masked out, but it must be a valid id). */
  readonly padId: number;
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * A full encoding cut to `maxLength`, keeping the tokens the post-processor put around the text (`[CLS]` … `[SEP]`,
 * `<s>` … `</s>`): a truncated text starts and ends as the model saw texts do in training. `textTokens` is how many
 * tokens the text itself has (its encoding without special tokens); only those are cut, from the end, so special
 * tokens the text itself contains (an `[UNK]` for an unknown emoji, a typed `[SEP]`) never take the text's place.
 */
export function truncateIds(
  ids: readonly number[],
  types: readonly number[],
  maxLength: number,
  textTokens: readonly number[],
): Tokenized {
  if (ids.length <= maxLength) return { ids: [...ids], types: [...types] };
  const added = Math.max(0, ids.length - textTokens.length);
  // Where the text sits in the full encoding: after the first `prefix` added tokens.
  let prefix = 0;
  for (let p = 0; p <= added; p++)
    if (textTokens.every((id, k) => ids[p + k] === id)) {
      prefix = p;
      break;
    }
  const suffix = Math.min(added - prefix, Math.max(0, maxLength - prefix - 1));
  const head = Math.max(0, maxLength - suffix);
  const keep = (x: readonly number[]) => [...x.slice(0, head), ...x.slice(x.length - suffix)];
  return { ids: keep(ids), types: keep(types) };
}

export function createEncoderTokenizer(mod: TokenizersModule, folder: EncoderFolder): EncoderTokenizer {
  let tokenizer: InstanceType<TokenizersModule['Tokenizer']>;
  try {
    tokenizer = new mod.Tokenizer(folder.tokenizer, folder.tokenizerConfig);
  } catch (error) {
    throw new AppError(
      'invalid_encoder',
      `${folder.tokenizerFile} does not describe a tokenizer: ${reason(error)}`,
      undefined,
      { cause: error },
    );
  }
  const configured = folder.tokenizerConfig.pad_token;
  const padToken =
    typeof configured === 'string'
      ? configured
      : typeof configured === 'object' && configured !== null && 'content' in configured
        ? String(configured.content)
        : undefined;
  const padId =
    (padToken !== undefined ? tokenizer.token_to_id(padToken) : undefined) ??
    tokenizer.token_to_id('[PAD]') ??
    tokenizer.token_to_id('<pad>') ??
    0;
  const tokenize = (text: string): Tokenized => {
    let encoding: { ids: number[]; token_type_ids: number[] };
    let textTokens: number[] = [];
    const input = cutText(text);
    try {
      encoding = tokenizer.encode(input, { return_token_type_ids: true });
      if (encoding.ids.length > folder.maxLength)
        textTokens = tokenizer.encode(input, { add_special_tokens: false }).ids;
    } catch (error) {
      throw new AppError(
        'invalid_encoder',
        `the tokenizer of ${folder.tokenizerFile} failed on a text: ${reason(error)}`,
        undefined,
        { cause: error },
      );
    }
    return truncateIds(encoding.ids, encoding.token_type_ids ?? [], folder.maxLength, textTokens);
  };
  return Object.assign(tokenize, { padId });
}
