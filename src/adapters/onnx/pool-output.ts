import { AppError } from '../../shared/index.js';
import { normalizeRow } from '../../text/index.js';

/**
 * Turns an encoder output into one unit-length row per text: a `[batch, dims]` output (a sentence embedding or a
 * pooler output) is taken as it is; a `[batch, tokens, dims]` output (hidden states) is averaged over each text's
 * real tokens, the attention mask leaving the padding out, as sentence-transformers' mean pooling does.
 */

export interface PooledRows {
  rows: Float32Array;
  dims: number;
}

/**
 * @param data the output values, row-major in `shape`.
 * @param mask `batch × tokens`: 1 for a real token, 0 for padding.
 * @param what names the output in error messages.
 */
export function poolOutput(
  data: Float32Array | Float64Array,
  shape: readonly number[],
  mask: Uint8Array,
  batch: number,
  tokens: number,
  what: string,
): PooledRows {
  const bad = (why: string) =>
    new AppError('invalid_encoder', `${what} has shape [${shape.join(', ')}]: ${why}`, { shape });
  if (shape[0] !== batch) throw bad(`expected ${batch} rows, one per text`);
  let rows: Float32Array;
  let dims: number;
  if (shape.length === 2) {
    dims = shape[1]!;
    rows = Float32Array.from(data);
  } else if (shape.length === 3) {
    if (shape[1] !== tokens) throw bad(`expected ${tokens} tokens per text`);
    dims = shape[2]!;
    rows = new Float32Array(batch * dims);
    const sum = new Float64Array(dims);
    for (let b = 0; b < batch; b++) {
      sum.fill(0);
      let count = 0;
      for (let t = 0; t < tokens; t++) {
        if (mask[b * tokens + t] === 0) continue;
        count++;
        const at = (b * tokens + t) * dims;
        for (let j = 0; j < dims; j++) sum[j]! += data[at + j]!;
      }
      for (let j = 0; j < dims; j++) rows[b * dims + j] = count > 0 ? sum[j]! / count : 0;
    }
  } else throw bad('expected [batch, dims] or [batch, tokens, dims]');
  if (!(dims > 0)) throw bad('no dimensions');
  for (let i = 0; i < rows.length; i++)
    if (!Number.isFinite(rows[i]!))
      throw new AppError('embedding_failed', `${what} holds values that are not finite numbers`);
  for (let b = 0; b < batch; b++) normalizeRow(rows, b * dims, dims);
  return { rows, dims };
}
