import { AppError } from '../shared/index.js';
import { defaultSvdOptions, embedTexts, fitSvdEmbedder, type SvdOptions } from './svd-embedder.js';
import { normalizeRow } from './vector-index.js';

/**
 * Text encoders for the "classifier head on an encoder" path: something that turns texts into dense vectors, fitted
 * on the training texts if it learns anything (the built-in LSA) or used as is (a remote `/v1/embeddings`
 * service). The head (embedding-head.ts) is the same whatever the encoder, so encoders compare under one evaluation.
 */

export interface FittedEncoder {
  readonly name: string;
  readonly dims: number;
  /** texts × dims, row-major, each row of unit length. */
  encode(texts: readonly string[]): Promise<Float32Array>;
}

export interface TextEncoderSpec {
  readonly name: string;
  fit(texts: readonly string[]): Promise<FittedEncoder>;
}

/** The built-in encoder: LSA fitted on the training texts (no pretrained weights). */
export function lsaEncoder(options: SvdOptions = defaultSvdOptions): TextEncoderSpec {
  return {
    name: `lsa-${options.dims}`,
    async fit(texts) {
      const embedder = fitSvdEmbedder(texts, { ...options, dims: Math.min(options.dims, texts.length) });
      return {
        name: `lsa-${embedder.dims}`,
        dims: embedder.dims,
        encode: async (t) => embedTexts(embedder, t),
      };
    },
  };
}

/** Embeds one batch of texts remotely: one vector per text, or throws an `AppError`. */
export type EmbedBatch = (texts: readonly string[]) => Promise<number[][]>;

/**
 * A remote encoder (an OpenAI-compatible `/v1/embeddings` endpoint through the LLM layer, which redacts PII first).
 * Texts go in batches; every vector must have the same length.
 */
export function remoteEncoder(name: string, embed: EmbedBatch, batchSize = 128): TextEncoderSpec {
  const encoder: FittedEncoder & { dims: number } = {
    name,
    dims: 0,
    async encode(texts) {
      const rows: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = texts.slice(i, i + batchSize);
        const vectors = await embed(batch);
        if (vectors.length !== batch.length)
          throw new AppError(
            'embedding_failed',
            `${name} returned ${vectors.length} vectors for ${batch.length} texts`,
          );
        rows.push(...vectors);
      }
      const dims = rows[0]?.length ?? 0;
      if (rows.some((r) => r.length !== dims || dims === 0))
        throw new AppError('embedding_failed', `${name} returned vectors of different or zero length`);
      if (encoder.dims !== 0 && encoder.dims !== dims)
        throw new AppError(
          'embedding_failed',
          `${name} changed its vector length from ${encoder.dims} to ${dims}`,
        );
      encoder.dims = dims;
      const out = new Float32Array(rows.length * dims);
      rows.forEach((r, i) => {
        out.set(r, i * dims);
        normalizeRow(out, i * dims, dims);
      });
      return out;
    },
  };
  return { name, fit: async () => encoder };
}
