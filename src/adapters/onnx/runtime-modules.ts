import type * as Ort from 'onnxruntime-node';
import type * as Tokenizers from '@huggingface/tokenizers';
import { AppError } from '../../shared/index.js';

/**
 * The local encoder's libraries are imported on first use, so starting the CLI or the server never pays for them
 * (onnxruntime-node loads a native library of tens of megabytes) and a platform without them still runs the rest.
 */

export type OrtModule = typeof Ort;
export type TokenizersModule = typeof Tokenizers;

/** `load()`'s module, or an `encoder_runtime_unavailable` error naming the package when it cannot be loaded. */
export async function importOptional<T>(pkg: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AppError(
      'encoder_runtime_unavailable',
      `${pkg} cannot be loaded (${reason}): the local encoder needs it; install it with npm install ${pkg}`,
      { package: pkg },
      { cause: error },
    );
  }
}

export const loadOnnxRuntime = (): Promise<OrtModule> =>
  importOptional('onnxruntime-node', () => import('onnxruntime-node'));

export const loadTokenizers = (): Promise<TokenizersModule> =>
  importOptional('@huggingface/tokenizers', () => import('@huggingface/tokenizers'));
