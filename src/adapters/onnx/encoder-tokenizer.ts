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
 * `ids` cut to `maxLength`, keeping the special tokens that close the sequence (`[SEP]`, `</s>`): a truncated text
 * ends as the model saw texts end in training.
 */
export function truncateIds(
  ids: readonly number[],
  types: readonly number[],
  maxLength: number,
  special: ReadonlySet<number>,
): Tokenized {
  if (ids.length <= maxLength) return { ids: [...ids], types: [...types] };
  let tail = 0;
  while (tail < ids.length && special.has(ids[ids.length - 1 - tail]!)) tail++;
  tail = Math.min(tail, maxLength - 1);
  const keep = (x: readonly number[]) => [...x.slice(0, maxLength - tail), ...x.slice(x.length - tail)];
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
  const special = new Set(
    [...tokenizer.get_added_tokens_decoder()].filter(([, t]) => t.special).map(([id]) => id),
  );
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
    try {
      encoding = tokenizer.encode(cutText(text), { return_token_type_ids: true });
    } catch (error) {
      throw new AppError(
        'invalid_encoder',
        `the tokenizer of ${folder.tokenizerFile} failed on a text: ${reason(error)}`,
        undefined,
        { cause: error },
      );
    }
    return truncateIds(encoding.ids, encoding.token_type_ids ?? [], folder.maxLength, special);
  };
  return Object.assign(tokenize, { padId });
}
