import path from 'node:path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import { AppError } from '../../shared/index.js';
import type { FittedEncoder, TextEncoderSpec } from '../../text/index.js';
import { readEncoderFolder } from './encoder-folder.js';
import { createEncoderTokenizer, type Tokenized } from './encoder-tokenizer.js';
import { poolOutput } from './pool-output.js';
import { loadOnnxRuntime, loadTokenizers, type OrtModule } from './runtime-modules.js';

/**
 * A local transformer encoder: an ONNX model and its Hugging Face tokenizer from a folder the user supplies, run
 * with onnxruntime-node on the CPU (no remote loading: nothing is downloaded). One session per encoder, loaded on
 * the first `fit` and kept until `close`; the encoder is pretrained, so `fit` learns nothing from the texts.
 */

export interface OnnxEncoderOptions {
  /** Tokens per text at most, special tokens included; the model's own limit applies when lower. Default 512. */
  maxLength?: number;
  /** Texts per model call. Default 32. */
  batchSize?: number;
  /** onnxruntime's intra-op threads. Default: onnxruntime's own choice. */
  threads?: number;
  /**
   * The output to use. Default: `sentence_embedding`, else `last_hidden_state` (mean-pooled over the attention
   * mask), else `pooler_output`, else the model's only output.
   */
  output?: string;
}

export interface OnnxTextEncoder extends TextEncoderSpec {
  /** Releases the model session; a later `fit` loads it again. */
  close(): Promise<void>;
}

const TEXT_INPUTS = ['input_ids', 'attention_mask', 'token_type_ids', 'position_ids'];
const PREFERRED_OUTPUTS = ['sentence_embedding', 'last_hidden_state', 'pooler_output'];

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0];

interface Loaded {
  encoder: FittedEncoder;
  session: InferenceSession;
}

/** The model's text inputs, each with its integer type; anything else a text encoder does not feed is an error. */
function textInputs(session: InferenceSession, file: string): Map<string, 'int64' | 'int32'> {
  const inputs = new Map<string, 'int64' | 'int32'>();
  for (const m of session.inputMetadata) {
    if (!TEXT_INPUTS.includes(m.name))
      throw new AppError(
        'invalid_encoder',
        `${file} takes an input "${m.name}"; a text encoder takes ${TEXT_INPUTS.join(', ')}`,
      );
    if (!m.isTensor || (m.type !== 'int64' && m.type !== 'int32'))
      throw new AppError('invalid_encoder', `${file}: input "${m.name}" is not an int64 or int32 tensor`);
    inputs.set(m.name, m.type);
  }
  if (!inputs.has('input_ids'))
    throw new AppError(
      'invalid_encoder',
      `${file} has no input_ids input (its inputs: ${session.inputNames.join(', ') || 'none'})`,
    );
  return inputs;
}

function chooseOutput(session: InferenceSession, file: string, wanted: string | undefined): string {
  const names = session.outputNames;
  const output =
    wanted ?? PREFERRED_OUTPUTS.find((n) => names.includes(n)) ?? (names.length === 1 ? names[0] : undefined);
  if (output === undefined || !names.includes(output))
    throw new AppError(
      'invalid_encoder',
      `${file} has no output ${wanted ?? PREFERRED_OUTPUTS.join(', ')} (its outputs: ${names.join(', ')})`,
    );
  const meta = session.outputMetadata.find((m) => m.name === output);
  if (meta?.isTensor && meta.shape.length > 0 && meta.shape.length !== 2 && meta.shape.length !== 3)
    throw new AppError(
      'invalid_encoder',
      `${file}: output ${output} has shape [${meta.shape.join(', ')}]; expected [batch, dims] or [batch, tokens, dims]`,
    );
  return output;
}

async function load(folder: string, options: OnnxEncoderOptions): Promise<Loaded> {
  const files = await readEncoderFolder(folder, options.maxLength ?? 512);
  const [ort, tokenizers] = await Promise.all([loadOnnxRuntime(), loadTokenizers()]);
  const tokenize = createEncoderTokenizer(tokenizers, files);
  const file = files.modelFile;
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(file, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      interOpNumThreads: 1,
      logSeverityLevel: 3,
      ...(options.threads !== undefined ? { intraOpNumThreads: options.threads } : {}),
    });
  } catch (error) {
    throw new AppError('invalid_encoder', `onnxruntime cannot load ${file}: ${reason(error)}`, undefined, {
      cause: error,
    });
  }
  try {
    const inputs = textInputs(session, file);
    const output = chooseOutput(session, file, options.output);
    const run = runner(ort, session, inputs, output, file, tokenize.padId);
    const batchSize = options.batchSize ?? 32;
    const name = `onnx:${path.basename(files.dir)}`;
    const probe = await encodeAll(['probe'], tokenize, run, batchSize);
    const encoder: FittedEncoder = {
      name,
      dims: probe.dims,
      async encode(texts) {
        const { rows, dims } = await encodeAll(texts, tokenize, run, batchSize);
        if (texts.length > 0 && dims !== probe.dims)
          throw new AppError(
            'embedding_failed',
            `${name} changed its vector length from ${probe.dims} to ${dims}`,
          );
        return rows;
      },
    };
    return { encoder, session };
  } catch (error) {
    await session.release();
    throw error;
  }
}

type Run = (batch: readonly Tokenized[]) => Promise<{ rows: Float32Array; dims: number }>;

/** One model call on a batch of tokenized texts, padded to the longest: one unit row per text. */
function runner(
  ort: OrtModule,
  session: InferenceSession,
  inputs: Map<string, 'int64' | 'int32'>,
  output: string,
  file: string,
  padId: number,
): Run {
  return async (batch) => {
    const n = batch.length;
    const tokens = Math.max(1, ...batch.map((t) => t.ids.length));
    const values: Record<string, number[]> = {
      input_ids: new Array<number>(n * tokens).fill(padId),
      attention_mask: new Array<number>(n * tokens).fill(0),
      token_type_ids: new Array<number>(n * tokens).fill(0),
      position_ids: Array.from({ length: n * tokens }, (_, i) => i % tokens),
    };
    batch.forEach((t, b) =>
      t.ids.forEach((id, i) => {
        values.input_ids![b * tokens + i] = id;
        values.attention_mask![b * tokens + i] = 1;
        values.token_type_ids![b * tokens + i] = t.types[i] ?? 0;
      }),
    );
    const feeds: Record<string, Tensor> = {};
    for (const [name, type] of inputs)
      feeds[name] =
        type === 'int64'
          ? new ort.Tensor('int64', BigInt64Array.from(values[name]!, BigInt), [n, tokens])
          : new ort.Tensor('int32', Int32Array.from(values[name]!), [n, tokens]);
    let result: Tensor;
    try {
      result = (await session.run(feeds, [output]))[output]!;
    } catch (error) {
      throw new AppError('embedding_failed', `${file} failed on ${n} texts: ${reason(error)}`, undefined, {
        cause: error,
      });
    }
    const data = result.data;
    if (!(data instanceof Float32Array || data instanceof Float64Array))
      throw new AppError('invalid_encoder', `${file}: output ${output} is ${result.type}, not float32`);
    const mask = Uint8Array.from(values.attention_mask!);
    return poolOutput(data, result.dims, mask, n, tokens, `output ${output} of ${file}`);
  };
}

/** Every text through the model in batches of similar length (less padding), rows back in the texts' order. */
async function encodeAll(
  texts: readonly string[],
  tokenize: (text: string) => Tokenized,
  run: Run,
  batchSize: number,
): Promise<{ rows: Float32Array; dims: number }> {
  const tokenized = texts.map(tokenize);
  const order = tokenized
    .map((_, i) => i)
    .sort((a, b) => tokenized[a]!.ids.length - tokenized[b]!.ids.length);
  let out = new Float32Array(0);
  let dims = 0;
  for (let start = 0; start < order.length; start += batchSize) {
    const rows = order.slice(start, start + batchSize);
    const pooled = await run(rows.map((i) => tokenized[i]!));
    if (start === 0) {
      dims = pooled.dims;
      out = new Float32Array(texts.length * dims);
    } else if (pooled.dims !== dims)
      throw new AppError('embedding_failed', `the model returned ${dims} dimensions, then ${pooled.dims}`);
    rows.forEach((i, r) => out.set(pooled.rows.subarray(r * dims, (r + 1) * dims), i * dims));
  }
  return { rows: out, dims };
}

/**
 * A text encoder from a local model folder as Hugging Face exports it: `model.onnx` (or `onnx/model.onnx`),
 * `tokenizer.json`, optionally `tokenizer_config.json` and `config.json`. It feeds whichever of `input_ids`,
 * `attention_mask`, `token_type_ids` and `position_ids` the model declares, each batch padded to its longest text
 * and every text cut to the model's length limit. A missing folder is `encoder_not_found`; a folder that cannot be
 * used (a file missing or malformed, a model that is not a text encoder) is `invalid_encoder`.
 */
export function onnxEncoder(folder: string, options: OnnxEncoderOptions = {}): OnnxTextEncoder {
  for (const key of ['maxLength', 'batchSize', 'threads'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isInteger(value) && value > 0))
      throw new RangeError(`${key} must be a positive integer`);
  }
  let loading: Promise<Loaded> | undefined;
  return {
    name: `onnx:${path.basename(path.resolve(folder))}`,
    async fit() {
      loading ??= load(folder, options).catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return (await loading).encoder;
    },
    async close() {
      const current = loading;
      loading = undefined;
      const loaded = await current?.catch(() => null);
      await loaded?.session.release();
    },
  };
}
