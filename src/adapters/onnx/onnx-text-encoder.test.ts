import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../shared/index.js';
import { defaultTextTrainOptions, encoderHeadTrainer, evaluateTexts } from '../../text/index.js';
import { syntheticIntents } from '../../text/test-kit.js';
import { maxLengthOf } from './encoder-folder.js';
import { truncateIds } from './encoder-tokenizer.js';
import { onnxEncoder } from './onnx-text-encoder.js';
import { importOptional } from './runtime-modules.js';
import { buildTinyEncoder, type TinyEncoder } from './test-kit.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-onnx-'));
const closers: (() => Promise<void>)[] = [];
/** An encoder closed after the suite. */
function open(dir: string, options: Parameters<typeof onnxEncoder>[1] = {}) {
  const encoder = onnxEncoder(dir, { threads: 1, ...options });
  closers.push(() => encoder.close());
  return encoder;
}

const failure = (f: () => Promise<unknown>) =>
  f().then(
    () => ({ code: 'ok', message: '' }),
    (e: unknown) =>
      isAppError(e) ? { code: e.code, message: e.message } : { code: 'other', message: String(e) },
  );

const norm = (v: Float32Array, i: number, d: number) => Math.hypot(...v.subarray(i * d, (i + 1) * d));

/** The tiny model's sentence vector computed here from its weights: mean over tokens of tanh(E[id] + T[0]). */
function reference(kit: TinyEncoder, words: string[], pool: 'mean' | 'max'): number[] {
  const ids = ['[CLS]', ...words, '[SEP]'].map((w) => kit.vocab.get(w)!);
  const d = kit.dims;
  const rows = ids.map((id) =>
    Array.from({ length: d }, (_, j) =>
      pool === 'mean'
        ? Math.tanh(kit.embeddings[id * d + j]! + kit.typeEmbeddings[j]!)
        : kit.embeddings[id * d + j]!,
    ),
  );
  const v = Array.from({ length: d }, (_, j) =>
    pool === 'mean' ? rows.reduce((s, r) => s + r[j]!, 0) / rows.length : Math.max(...rows.map((r) => r[j]!)),
  );
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const closeTo = (actual: ArrayLike<number>, expected: ArrayLike<number>, digits = 5) => {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, digits);
};

describe('onnxEncoder (a local ONNX encoder, on a tiny model built by the test kit)', () => {
  let tiny: TinyEncoder;
  let pooled: TinyEncoder;
  beforeAll(() => {
    tiny = buildTinyEncoder(path.join(root, 'tiny'));
    pooled = buildTinyEncoder(path.join(root, 'pooled'), { kind: 'pooled', modelFile: 'onnx/model.onnx' });
  });
  afterAll(async () => {
    for (const close of closers) await close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('encodes deterministically into unit rows equal to the mean of the token states', async () => {
    const fitted = await open(tiny.dir).fit([]);
    expect(fitted).toMatchObject({ name: 'onnx:tiny', dims: 24 });
    const texts = ['Where is my order', 'I want a refund please', 'cancel the plan!!', ''];
    const v = await fitted.encode(texts);
    expect(v).toHaveLength(texts.length * 24);
    for (let i = 0; i < texts.length; i++) expect(norm(v, i, 24)).toBeCloseTo(1, 5);
    // The same vectors again, and from a second session on the same folder.
    expect(await fitted.encode(texts)).toEqual(v);
    expect(await (await open(tiny.dir).fit([])).encode(texts)).toEqual(v);
    // The tokenizer lower-cases and the model looks words up: the reference is computed from the kit's weights.
    closeTo(v.subarray(0, 24), reference(tiny, ['where', 'is', 'my', 'order'], 'mean'));
    closeTo(v.subarray(3 * 24), reference(tiny, [], 'mean'));
    expect(await fitted.encode([])).toHaveLength(0);
  });

  it('pads each batch to its longest text and keeps the padding out of the mean (the attention mask)', async () => {
    const fitted = await open(tiny.dir, { batchSize: 8 }).fit([]);
    const short = 'refund';
    const long =
      'hello where is my order 1234 I still no sign of the parcel and the delivery address is wrong';
    const alone = await fitted.encode([short]);
    const batched = await fitted.encode([long, short, long]);
    closeTo(batched.subarray(24, 48), alone, 6);
    closeTo(batched.subarray(0, 24), batched.subarray(48, 72), 6);
    closeTo(alone, reference(tiny, ['refund'], 'mean'));
  });

  it('cuts a 2 MB text to the model length (64 tokens), keeping the closing [SEP]', async () => {
    const fitted = await open(tiny.dir).fit([]);
    const words = ['where', 'is', 'my', 'order', 'refund', 'cancel', 'the', 'plan'];
    const huge = Array.from({ length: 400_000 }, (_, i) => words[i % words.length]).join(' ');
    expect(huge.length).toBeGreaterThan(2_000_000);
    const v = await fitted.encode([huge]);
    expect(norm(v, 0, 24)).toBeCloseTo(1, 5);
    const first62 = Array.from({ length: 62 }, (_, i) => words[i % words.length]!);
    closeTo(v, reference(tiny, first62, 'mean'));
  });

  it('a long text ending in unknown characters still reads as its words, not as [UNK]s', async () => {
    const fitted = await open(tiny.dir, { maxLength: 16 }).fit([]);
    const words = 'where is my order refund cancel the plan where is my order';
    const v = await fitted.encode([words, `${words} ${'☃ '.repeat(40)}`, '☃ ☃ ☃']);
    const cos = (a: number, b: number) => {
      let s = 0;
      for (let j = 0; j < 24; j++) s += v[a * 24 + j]! * v[b * 24 + j]!;
      return s;
    };
    expect(cos(0, 1)).toBeGreaterThan(0.8); // 0.15 when [UNK]s took the words' places
    expect(cos(0, 1)).toBeGreaterThan(cos(2, 1));
  });

  it('any text, however hostile, gives a finite unit row', async () => {
    const fitted = await open(tiny.dir).fit([]);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'binary', maxLength: 200 }), { minLength: 1, maxLength: 6 }),
        async (texts) => {
          const v = await fitted.encode(texts);
          expect(v).toHaveLength(texts.length * 24);
          for (let i = 0; i < texts.length; i++) expect(norm(v, i, 24)).toBeCloseTo(1, 4);
        },
      ),
      { numRuns: 60, seed: 6 },
    );
  });

  it('takes a [batch, dims] sentence_embedding output as it is, from onnx/model.onnx', async () => {
    const fitted = await open(pooled.dir).fit([]);
    expect(fitted.name).toBe('onnx:pooled');
    const v = await fitted.encode(['where is my order']);
    // The model's own pooling (a max over tokens), not our mean of last_hidden_state.
    closeTo(v, reference(pooled, ['where', 'is', 'my', 'order'], 'max'));
  });

  it('a head trained on its embeddings tells the synthetic intents apart', async () => {
    const data = syntheticIntents(40);
    const e = await evaluateTexts(
      data,
      { kind: 'split', spec: { kind: 'cv', k: 4, seed: 's' } },
      encoderHeadTrainer(open(tiny.dir), { svm: defaultTextTrainOptions.svm, seed: '0', threads: 1 }),
    );
    expect(e.folds.map((f) => f.kind)).toEqual(Array(4).fill('head on onnx:tiny'));
    // Four classes: chance is 0.25 (a constant or content-blind encoder scores that); 0.90 measured.
    expect(e.summary.accuracy.mean).toBeGreaterThan(0.8);
  });

  it('says what is wrong with a folder, with a stable code', async () => {
    const dir = (name: string) => {
      const d = path.join(root, name);
      fs.mkdirSync(d, { recursive: true });
      return d;
    };
    const fit = (d: string) => failure(() => onnxEncoder(d).fit([]));

    const missing = await fit(path.join(root, 'nowhere'));
    expect(missing.code).toBe('encoder_not_found');
    expect(missing.message).toContain('nowhere');

    const empty = await fit(dir('empty'));
    expect(empty).toMatchObject({ code: 'invalid_encoder' });
    expect(empty.message).toMatch(/holds no model\.onnx or onnx\/model\.onnx/);

    const garbageModel = buildTinyEncoder(dir('garbage-model')).dir;
    fs.writeFileSync(path.join(garbageModel, 'model.onnx'), 'not a protobuf at all');
    const badModel = await fit(garbageModel);
    expect(badModel.code).toBe('invalid_encoder');
    expect(badModel.message).toMatch(/onnxruntime cannot load .*model\.onnx/);

    const noTokenizer = buildTinyEncoder(dir('no-tokenizer')).dir;
    fs.rmSync(path.join(noTokenizer, 'tokenizer.json'));
    expect((await fit(noTokenizer)).message).toMatch(/holds no tokenizer\.json/);

    const garbageTokenizer = buildTinyEncoder(dir('garbage-tokenizer')).dir;
    fs.writeFileSync(path.join(garbageTokenizer, 'tokenizer.json'), '{ "model": ');
    const badJson = await fit(garbageTokenizer);
    expect(badJson.code).toBe('invalid_encoder');
    expect(badJson.message).toMatch(/tokenizer\.json is not valid JSON/);
    fs.writeFileSync(path.join(garbageTokenizer, 'tokenizer.json'), '{ "vocab": [] }');
    expect(await fit(garbageTokenizer)).toMatchObject({ code: 'invalid_encoder' });
    expect((await fit(garbageTokenizer)).message).toMatch(/tokenizer\.json does not describe a tokenizer/);

    const noIds = buildTinyEncoder(dir('no-input-ids'), { kind: 'no-input-ids' }).dir;
    const noIdsFailure = await fit(noIds);
    expect(noIdsFailure.code).toBe('invalid_encoder');
    expect(noIdsFailure.message).toMatch(/takes an input "tokens"/);

    const badOutput = buildTinyEncoder(dir('bad-output'), { kind: 'bad-output' }).dir;
    const badOutputFailure = await fit(badOutput);
    expect(badOutputFailure.code).toBe('invalid_encoder');
    expect(badOutputFailure.message).toMatch(/last_hidden_state has shape \[batch, sequence, 24, 1\]/);

    expect((await failure(() => onnxEncoder(tiny.dir, { output: 'logits' }).fit([]))).message).toMatch(
      /has no output logits \(its outputs: last_hidden_state\)/,
    );
    expect(() => onnxEncoder(tiny.dir, { batchSize: 0 })).toThrow(RangeError);
  });

  it('a package that cannot be imported is encoder_runtime_unavailable, naming it', async () => {
    const name = 'rapport-no-such-package';
    const r = await failure(() => importOptional(name, () => import(name)));
    expect(r.code).toBe('encoder_runtime_unavailable');
    expect(r.message).toMatch(
      /^rapport-no-such-package cannot be loaded .*npm install rapport-no-such-package/,
    );
  });

  it('close releases the session and a later fit loads it again', async () => {
    const encoder = onnxEncoder(tiny.dir, { threads: 1 });
    const before = await (await encoder.fit([])).encode(['refund']);
    await encoder.close();
    const after = await (await encoder.fit([])).encode(['refund']);
    expect(after).toEqual(before);
    await encoder.close();
    await encoder.close();
  });
});

describe('length limits', () => {
  it('the smallest sane limit of the tokenizer, the model and the cap', () => {
    expect(maxLengthOf({ model_max_length: 1e30 }, { max_position_embeddings: 514 }, 512)).toBe(512);
    expect(maxLengthOf({ model_max_length: 128 }, { max_position_embeddings: 512 }, 512)).toBe(128);
    expect(maxLengthOf({}, { max_position_embeddings: 256 }, 512)).toBe(256);
    expect(maxLengthOf({ model_max_length: '64' }, {}, 512)).toBe(512);
  });

  it('truncation keeps the tokens put around the text, and cuts only the text', () => {
    // [CLS]=101 … [SEP]=102 around the text 5 6 7 8.
    expect(truncateIds([101, 5, 6, 7, 8, 102], [0, 0, 0, 0, 0, 0], 4, [5, 6, 7, 8])).toEqual({
      ids: [101, 5, 6, 102],
      types: [0, 0, 0, 0],
    });
    // A text ending in special tokens of its own ([UNK]=100 for unknown characters) keeps its words, not them.
    const text = [5, 6, 7, 100, 100, 100, 100];
    expect(truncateIds([101, ...text, 102], new Array(9).fill(0), 5, text).ids).toEqual([101, 5, 6, 7, 102]);
    // No added tokens (a tokenizer without a post-processor): a plain cut.
    expect(truncateIds([5, 6, 7, 8], [0, 0, 1, 1], 2, [5, 6, 7, 8]).ids).toEqual([5, 6]);
    expect(truncateIds([101, 5, 102], [0, 0, 0], 8, [5]).ids).toEqual([101, 5, 102]);
    // Only a suffix (</s>=2).
    expect(truncateIds([5, 6, 7, 2], [0, 0, 0, 0], 3, [5, 6, 7]).ids).toEqual([5, 6, 2]);
  });
});
