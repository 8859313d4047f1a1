import { z } from 'zod';
import { AppError } from '../shared/index.js';
import type { TextClassifier } from './text-classifier.js';

/**
 * A text classifier as JSON for the model registry: the vocabulary and idf of each TF-IDF block, the class labels,
 * the weights (float32, base64), the temperature and the out-of-scope rule.
 */
export const TEXT_MODEL_FORMAT = 'rapport.text-classifier/1';

const base64Of = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

function float32Of(text: string, length: number, what: string): Float32Array {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length !== length * 4)
    throw malformed(`${what} holds ${bytes.length / 4} values, expected ${length}`);
  const out = new Float32Array(length);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

const malformed = (message: string) =>
  new AppError('invalid_model_artifact', `The text model artifact is malformed: ${message}`);

const range = z
  .strictObject({ min: z.number().int().min(1).max(10), max: z.number().int().min(1).max(10) })
  .nullable();

const artifactSchema = z.strictObject({
  format: z.literal(TEXT_MODEL_FORMAT),
  kind: z.enum(['svm', 'nbsvm', 'logreg']),
  labels: z.array(z.string()).min(2),
  temperature: z.number().positive(),
  outOfScope: z
    .strictObject({
      threshold: z.number().min(0).max(1),
      label: z.string().nullable(),
      method: z.enum(['keep_95pct_of_correct', 'best_validation_accuracy']),
    })
    .nullable(),
  tfidf: z.strictObject({
    config: z.strictObject({
      word: range,
      char: range,
      sublinearTf: z.boolean(),
      minTokenLength: z.number().int().min(1),
      minDf: z.number().int().min(1),
      hashBits: z.number().int().min(8).max(24).nullable(),
    }),
    blocks: z.array(
      z.strictObject({
        kind: z.enum(['word', 'char']),
        offset: z.number().int().min(0),
        size: z.number().int().min(0),
        terms: z.array(z.string()),
        idf: z.string(),
      }),
    ),
    cols: z.number().int().min(0),
  }),
  weights: z.string(),
});

export type TextModelArtifact = z.infer<typeof artifactSchema>;

export function textModelArtifact(model: TextClassifier): TextModelArtifact {
  return {
    format: TEXT_MODEL_FORMAT,
    kind: model.kind,
    labels: model.labels,
    temperature: model.temperature,
    outOfScope: model.outOfScope,
    tfidf: {
      config: model.tfidf.config,
      blocks: model.tfidf.blocks.map((b) => ({ ...b, idf: base64Of(b.idf) })),
      cols: model.tfidf.cols,
    },
    weights: base64Of(model.weights),
  };
}

/** The classifier in an artifact read back from storage; throws `invalid_model_artifact` when it is malformed. */
export function parseTextModelArtifact(value: unknown): TextClassifier {
  const parsed = artifactSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw malformed(`/${issue?.path.map(String).join('/') ?? ''} ${issue?.message ?? ''}`);
  }
  const a = parsed.data;
  let offset = 0;
  const blocks = a.tfidf.blocks.map((b, i) => {
    if (b.offset !== offset) throw malformed(`block ${i} starts at ${b.offset}, expected ${offset}`);
    if (a.tfidf.config.hashBits === null && b.terms.length !== b.size)
      throw malformed(`block ${i} has ${b.terms.length} terms for ${b.size} columns`);
    offset += b.size;
    return { ...b, idf: float32Of(b.idf, b.size, `block ${i} idf`) };
  });
  if (offset !== a.tfidf.cols) throw malformed(`the blocks cover ${offset} columns, not ${a.tfidf.cols}`);
  const k = a.labels.length;
  return {
    kind: a.kind,
    labels: a.labels,
    temperature: a.temperature,
    outOfScope: a.outOfScope,
    tfidf: { config: a.tfidf.config, blocks, cols: a.tfidf.cols },
    weights: float32Of(a.weights, (a.tfidf.cols + 1) * k, 'weights'),
  };
}
