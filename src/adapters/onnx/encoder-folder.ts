import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/index.js';

/**
 * Reads a text-encoder folder as Hugging Face exports it: `model.onnx` (or `onnx/model.onnx`), `tokenizer.json`,
 * and optionally `tokenizer_config.json` and `config.json`. Nothing is fetched: a file that is not there is an error.
 */

export interface EncoderFolder {
  /** The absolute folder. */
  dir: string;
  modelFile: string;
  tokenizerFile: string;
  /** Parsed `tokenizer.json`: checked to be an object, its contents are the tokenizer library's business. */
  tokenizer: Record<string, unknown>;
  /** Parsed `tokenizer_config.json`, or `{}` when there is none. */
  tokenizerConfig: Record<string, unknown>;
  /** Tokens per text, special tokens included. */
  maxLength: number;
}

/** Where a model may sit in the folder, in order of preference. */
export const MODEL_FILES = ['model.onnx', path.join('onnx', 'model.onnx')];

const isFile = (file: string) =>
  fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

async function readJson(file: string, required: boolean): Promise<Record<string, unknown> | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AppError('invalid_encoder', `${file} cannot be read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid_encoder', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new AppError('invalid_encoder', `${file} does not hold a JSON object`);
  return value as Record<string, unknown>;
}

/** A usable length limit: a positive whole number below a million (tokenizers write 1e30 for "no limit"). */
const limit = (value: unknown): number | null =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 1e6 ? value : null;

/**
 * The number of tokens a text is cut to: the smallest of the tokenizer's `model_max_length`, the model's
 * `max_position_embeddings` and `cap`.
 */
export function maxLengthOf(
  tokenizerConfig: Record<string, unknown>,
  config: Record<string, unknown>,
  cap: number,
): number {
  const limits = [limit(tokenizerConfig.model_max_length), limit(config.max_position_embeddings), cap];
  return Math.min(...limits.filter((l): l is number => l !== null));
}

export async function readEncoderFolder(folder: string, cap: number): Promise<EncoderFolder> {
  const dir = path.resolve(folder);
  const stat = await fs.stat(dir).catch(() => null);
  if (stat === null) throw new AppError('encoder_not_found', `the encoder folder ${dir} does not exist`);
  if (!stat.isDirectory()) throw new AppError('encoder_not_found', `${dir} is not a folder`);
  let modelFile: string | null = null;
  for (const candidate of MODEL_FILES)
    if (modelFile === null && (await isFile(path.join(dir, candidate))))
      modelFile = path.join(dir, candidate);
  if (modelFile === null)
    throw new AppError('invalid_encoder', `${dir} holds no ${MODEL_FILES.join(' or ')}`, { folder: dir });
  const tokenizerFile = path.join(dir, 'tokenizer.json');
  if (!(await isFile(tokenizerFile)))
    throw new AppError('invalid_encoder', `${dir} holds no tokenizer.json (Hugging Face tokenizers format)`, {
      folder: dir,
    });
  const tokenizer = (await readJson(tokenizerFile, true)) ?? {};
  const tokenizerConfig = (await readJson(path.join(dir, 'tokenizer_config.json'), false)) ?? {};
  const config = (await readJson(path.join(dir, 'config.json'), false)) ?? {};
  return {
    dir,
    modelFile,
    tokenizerFile,
    tokenizer,
    tokenizerConfig,
    maxLength: maxLengthOf(tokenizerConfig, config, cap),
  };
}
