import { z } from 'zod';
import { AppError } from '../shared/index.js';

/** Model names: `propensity_30d`, `churn_60d`, `clv_90d`, … (not `mdl_…`, which is how ids begin). */
export const MODEL_NAME_PATTERN = /^(?!mdl_)[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const ID_PATTERN = /^mdl_[0-9a-z]{26}$/;
const MAX_VERSION = 2_147_483_647;

// zod 4 numbers are finite: NaN and ±Infinity fail.
const finite = z.number();
const epochMs = z.number().int().min(0);

/** A trained model as a training job hands it to the registry. */
export const modelCandidateSchema = z
  .strictObject({
    name: z.string().regex(MODEL_NAME_PATTERN, { error: 'must be 1–64 letters, digits, _ . - (not mdl_…)' }),
    modelType: z.string().trim().min(1).max(100),
    dataWindow: z
      .strictObject({ from: epochMs, to: epochMs, asOf: epochMs })
      .refine((w) => w.from <= w.to, { error: 'from must not be after to' }),
    features: z.array(z.string().min(1).max(200)).max(10_000),
    preprocessing: z.unknown().refine((v) => v !== undefined, { error: 'is required (JSON, null if none)' }),
    seed: z.union([z.string().max(200), z.number().int()]),
    params: z.record(z.string(), z.unknown()),
    metrics: z.record(z.string().min(1).max(100), finite),
    primaryMetric: z.strictObject({ name: z.string().min(1).max(100), higherIsBetter: z.boolean() }),
    trainingSeconds: z.number().min(0),
    codeVersion: z.string().min(1).max(200).optional(),
    artifact: z.unknown().refine((v) => v !== undefined, { error: 'is required' }),
    /** Held-out evaluation for charts (reports, feature importance); any JSON. */
    evaluation: z.unknown().optional(),
  })
  .refine((c) => Object.hasOwn(c.metrics, c.primaryMetric.name), {
    error: 'the primary metric must be one of the held-out metrics',
    path: ['primaryMetric', 'name'],
  });

export type ModelCandidate = z.infer<typeof modelCandidateSchema>;

/** Checks untrusted input as a model candidate; throws `invalid_request` listing every problem. */
export function parseModelCandidate(input: unknown): ModelCandidate {
  const parsed = modelCandidateSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => ({
    path: `/${i.path.map(String).join('/')}`,
    message: i.message,
  }));
  const first = problems[0];
  throw new AppError(
    'invalid_request',
    `The model is invalid: ${first?.path ?? '/'} ${first?.message ?? ''}`,
    {
      problems,
    },
  );
}

/** JSON text of a value the store keeps; refuses what JSON cannot hold (cycles, BigInt). */
export function jsonText(value: unknown, field: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new AppError('invalid_request', `The model's ${field} is not JSON: ${(error as Error).message}`, {
      field,
    });
  }
  if (text === undefined)
    throw new AppError('invalid_request', `The model's ${field} is not JSON.`, { field });
  return text;
}

/** How a version is named: its id, `name@version`, or `name` (the active version, else the latest). */
export type ModelRef =
  | { kind: 'id'; id: string }
  | { kind: 'version'; name: string; version: number }
  | { kind: 'name'; name: string };

/** Parses a model reference; null for text that cannot name a model. */
export function parseModelRef(text: string): ModelRef | null {
  if (ID_PATTERN.test(text)) return { kind: 'id', id: text };
  const at = text.lastIndexOf('@');
  if (at < 0) return MODEL_NAME_PATTERN.test(text) ? { kind: 'name', name: text } : null;
  const name = text.slice(0, at);
  const digits = text.slice(at + 1);
  if (!MODEL_NAME_PATTERN.test(name) || !/^[1-9][0-9]{0,9}$/.test(digits)) return null;
  const version = Number(digits);
  return version <= MAX_VERSION ? { kind: 'version', name, version } : null;
}

/** True for a string that can be a model name. */
export function isModelName(text: string): boolean {
  return MODEL_NAME_PATTERN.test(text);
}
