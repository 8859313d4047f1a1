import fs from 'node:fs';
import path from 'node:path';
import { createRng } from '../../shared/index.js';
import { syntheticIntents } from '../../text/test-kit.js';

/**
 * Builds a tiny text-encoder folder laid out as Hugging Face exports one (`model.onnx`, `tokenizer.json`,
 * `tokenizer_config.json`, `config.json`), for tests: no weights can be downloaded here. The tokenizer is a
 * lower-casing WordPiece over the words of the synthetic intents (plus single letters, so any ASCII word still
 * tokenizes); the model looks words up in a seeded random embedding table. The ONNX file is written with a minimal
 * protobuf encoder of the onnx.proto messages it needs (field numbers as in onnx/onnx.proto).
 */

// ---- protobuf wire format: varints (wire type 0) and length-delimited fields (wire type 2) ----

type Bytes = Uint8Array;
const utf8 = new TextEncoder();

function varint(value: number): Bytes {
  if (!(Number.isSafeInteger(value) && value >= 0))
    throw new RangeError(`cannot encode ${value} as a varint`);
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

const concat = (parts: readonly Bytes[]): Bytes => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

const int = (field: number, value: number): Bytes => concat([varint(field * 8), varint(value)]);
const bytes = (field: number, value: Bytes): Bytes =>
  concat([varint(field * 8 + 2), varint(value.length), value]);
const str = (field: number, value: string): Bytes => bytes(field, utf8.encode(value));
const msg = (field: number, parts: readonly Bytes[]): Bytes => bytes(field, concat(parts));

// ---- the onnx.proto subset ----

const FLOAT = 1;
const INT32 = 6;
const INT64 = 7;
const ATTR_INT = 2;
const ATTR_INTS = 7;

/** TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian). */
function tensor(field: number, name: string, type: number, dims: readonly number[], raw: Bytes): Bytes {
  return msg(field, [...dims.map((d) => int(1, d)), int(2, type), str(8, name), bytes(9, raw)]);
}

/** ValueInfoProto { name 1, type 2: TypeProto { tensor_type 1: { elem_type 1, shape 2: { dim 1: { value 1 | param 2 } } } } }. */
function valueInfo(field: number, name: string, type: number, shape: readonly (number | string)[]): Bytes {
  const dims = shape.map((d) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)]));
  return msg(field, [str(1, name), msg(2, [msg(1, [int(1, type), msg(2, dims)])])]);
}

/** AttributeProto: name 1, i 3, ints 8, type 20. */
function attribute(name: string, value: number | readonly number[]): Bytes {
  return typeof value === 'number'
    ? msg(5, [str(1, name), int(3, value), int(20, ATTR_INT)])
    : msg(5, [str(1, name), ...value.map((v) => int(8, v)), int(20, ATTR_INTS)]);
}

/** NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
function node(
  op: string,
  inputs: readonly string[],
  output: string,
  attrs: Record<string, number | readonly number[]> = {},
): Bytes {
  return msg(1, [
    ...inputs.map((i) => str(1, i)),
    str(2, output),
    str(3, `${op}_${output}`),
    str(4, op),
    ...Object.entries(attrs).map(([k, v]) => attribute(k, v)),
  ]);
}

/** ModelProto: ir_version 1, producer_name 2, graph 7, opset_import 8 ({ domain 1, version 2 }). */
function model(graph: readonly Bytes[]): Bytes {
  return concat([int(1, 8), str(2, 'rapport-test-kit'), msg(7, graph), msg(8, [str(1, ''), int(2, 17)])]);
}

const floats = (x: Float32Array): Bytes => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
const int64s = (x: readonly number[]): Bytes => new Uint8Array(BigInt64Array.from(x, BigInt).buffer);

// ---- the tiny encoder ----

/**
 * - `hidden`: input_ids, attention_mask, token_type_ids → last_hidden_state = tanh(E[input_ids] + T[token_type_ids]),
 *   [batch, tokens, dims]; the mask is not used inside, so pooling must apply it.
 * - `pooled`: input_ids, attention_mask, position_ids (int32, unused inside) → last_hidden_state = E[input_ids] and
 *   sentence_embedding = the max of E[input_ids] over tokens, [batch, dims].
 * - `no-input-ids`: the token ids are an input named `tokens`.
 * - `bad-output`: last_hidden_state has a fourth axis.
 */
export type TinyEncoderKind = 'hidden' | 'pooled' | 'no-input-ids' | 'bad-output';

export interface TinyEncoderOptions {
  kind?: TinyEncoderKind;
  dims?: number;
  seed?: string;
  /** model_max_length and max_position_embeddings. Default 64. */
  maxLength?: number;
  /** Where the model goes inside the folder. Default `model.onnx`. */
  modelFile?: 'model.onnx' | 'onnx/model.onnx';
}

export interface TinyEncoder {
  dir: string;
  vocab: Map<string, number>;
  dims: number;
  /** vocab × dims, row-major. */
  embeddings: Float32Array;
  /** 2 × dims: token type 0, then 1. */
  typeEmbeddings: Float32Array;
}

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** The vocabulary: the special tokens, then every word and punctuation mark of the synthetic intents, then letters. */
function vocabulary(): Map<string, number> {
  const words = new Set<string>();
  for (const text of syntheticIntents(60, 'tiny-encoder-vocab').texts)
    for (const w of text.toLowerCase().match(/\p{L}+|\p{N}+|[^\s\p{L}\p{N}]/gu) ?? []) words.add(w);
  const letters = [...'abcdefghijklmnopqrstuvwxyz'];
  const tokens = [...SPECIALS, ...[...words].sort(), ...letters.flatMap((l) => [l, `##${l}`])];
  return new Map([...new Set(tokens)].map((t, i) => [t, i]));
}

function tokenizerJson(vocab: Map<string, number>): unknown {
  const special = (content: string) => ({
    id: vocab.get(content),
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  const cls = { SpecialToken: { id: '[CLS]', type_id: 0 } };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [cls, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        cls,
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [vocab.get(t)], tokens: [t] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab),
    },
  };
}

function graph(kind: TinyEncoderKind, v: number, d: number, e: Float32Array, t: Float32Array): Bytes[] {
  const ids = kind === 'no-input-ids' ? 'tokens' : 'input_ids';
  const seq = ['batch', 'sequence'];
  const inputs = [valueInfo(11, ids, INT64, seq)];
  const initializers = [tensor(5, 'word_embeddings', FLOAT, [v, d], floats(e))];
  const direct = kind === 'pooled' || kind === 'no-input-ids'; // the lookup is the output itself
  const nodes = [node('Gather', ['word_embeddings', ids], direct ? 'last_hidden_state' : 'words')];
  const outputs = [valueInfo(12, 'last_hidden_state', FLOAT, [...seq, d])];
  if (kind === 'hidden' || kind === 'pooled') inputs.push(valueInfo(11, 'attention_mask', INT64, seq));
  if (kind === 'hidden') {
    inputs.push(valueInfo(11, 'token_type_ids', INT64, seq));
    initializers.push(tensor(5, 'type_embeddings', FLOAT, [2, d], floats(t)));
    nodes.push(
      node('Gather', ['type_embeddings', 'token_type_ids'], 'types'),
      node('Add', ['words', 'types'], 'summed'),
      node('Tanh', ['summed'], 'last_hidden_state'),
    );
  }
  if (kind === 'pooled') {
    inputs.push(valueInfo(11, 'position_ids', INT32, seq));
    nodes.push(node('ReduceMax', ['last_hidden_state'], 'sentence_embedding', { axes: [1], keepdims: 0 }));
    outputs.push(valueInfo(12, 'sentence_embedding', FLOAT, ['batch', d]));
  }
  if (kind === 'bad-output') {
    initializers.push(tensor(5, 'axes', INT64, [1], int64s([3])));
    nodes.push(node('Unsqueeze', ['words', 'axes'], 'last_hidden_state'));
    outputs[0] = valueInfo(12, 'last_hidden_state', FLOAT, [...seq, d, 1]);
  }
  return [...nodes, str(2, `tiny-${kind}`), ...initializers, ...inputs, ...outputs];
}

/** Writes a tiny encoder folder into `dir` (created if needed) and returns its weights for reference checks. */
export function buildTinyEncoder(dir: string, options: TinyEncoderOptions = {}): TinyEncoder {
  const kind = options.kind ?? 'hidden';
  const dims = options.dims ?? 24;
  const maxLength = options.maxLength ?? 64;
  const rng = createRng(options.seed ?? 'tiny-encoder');
  const vocab = vocabulary();
  const embeddings = Float32Array.from({ length: vocab.size * dims }, () => rng.normal());
  const typeEmbeddings = Float32Array.from({ length: 2 * dims }, () => 0.1 * rng.normal());
  const modelFile = path.join(dir, options.modelFile ?? 'model.onnx');
  fs.mkdirSync(path.dirname(modelFile), { recursive: true });
  fs.writeFileSync(modelFile, model(graph(kind, vocab.size, dims, embeddings, typeEmbeddings)));
  const json = (file: string, value: unknown) =>
    fs.writeFileSync(path.join(dir, file), JSON.stringify(value, null, 1));
  json('tokenizer.json', tokenizerJson(vocab));
  json('tokenizer_config.json', {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: true,
    model_max_length: maxLength,
    pad_token: '[PAD]',
  });
  json('config.json', {
    model_type: 'bert',
    hidden_size: dims,
    vocab_size: vocab.size,
    max_position_embeddings: maxLength,
  });
  return { dir, vocab, dims, embeddings, typeEmbeddings };
}
