import { performance } from 'node:perf_hooks';
import { fitAls } from '../als.js';
import { fitContent } from '../content.js';
import { fitEase } from '../ease.js';
import { fitItemKnn } from '../item-knn.js';
import { fitPopularity } from '../popularity.js';
import { fitPersonalPopularity } from '../repeat.js';
import type { FittedRecommender, TrainInput } from '../types.js';
import { blendModels, learnBlendWeights } from './blend.js';
import { AppError } from '../../shared/index.js';
import type { TaskWithValidation } from './eval-task.js';
import { scoreTask, type ModelResult } from './evaluate.js';

export const MODEL_NAMES = ['pop', 'repeat', 'itemknn', 'ease', 'als', 'content', 'blend'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

type Params = Record<string, unknown>;

/** Popularity counts the last 30 days when interaction times are known (P5's reference Pop), else all time. */
export const popularityOf = (input: TrainInput): Params =>
  input.lastAt && input.asOf !== undefined ? { windowDays: 30 } : {};

/** Hyper-parameters tried on the validation task, per model (one entry: nothing to choose). */
function candidates(name: Exclude<ModelName, 'blend'>, input: TrainInput): Params[] {
  switch (name) {
    case 'pop':
      return [popularityOf(input)];
    case 'repeat':
      return [{ popularity: popularityOf(input) }];
    case 'itemknn':
      return [25, 50, 100, 200].map((neighbours) => ({ neighbours, similarity: 'cosine' }));
    case 'ease':
      return [50, 100, 200, 500, 1000, 2000].map((lambda) => ({ lambda }));
    case 'als':
      return [{ factors: 64, iterations: 15 }];
    case 'content':
      return [{}];
  }
}

/** The same training data with every weight 1: what the protocols' models see (only PersonalPop counts orders). */
const binaryInputs = new WeakMap<TrainInput, TrainInput>();
export function binary(input: TrainInput): TrainInput {
  let b = binaryInputs.get(input);
  if (!b) {
    const m = input.matrix;
    b = { ...input, matrix: { ...m, weights: new Float32Array(m.weights.length).fill(1) } };
    binaryInputs.set(input, b);
  }
  return b;
}

/** EASE keeps dense items × items matrices (about 12 bytes per cell). */
export const MAX_EASE_ITEMS = 20_000;

function fit(
  name: Exclude<ModelName, 'blend'>,
  given: TrainInput,
  params: Params,
  seed: string,
): FittedRecommender {
  const input = name === 'repeat' ? given : binary(given);
  if (name === 'ease' && input.matrix.items > MAX_EASE_ITEMS)
    throw new AppError(
      'invalid_request',
      `EASE keeps dense items × items matrices: ${input.matrix.items} items is more than ${MAX_EASE_ITEMS}; leave ease out (--models)`,
    );
  switch (name) {
    case 'pop':
      return fitPopularity(input, params);
    case 'repeat':
      return fitPersonalPopularity(input, params);
    case 'itemknn':
      return fitItemKnn(input, params);
    case 'ease':
      return fitEase(input, params);
    case 'als':
      return fitAls(input, { ...params, seed });
    case 'content':
      return fitContent(input, params);
  }
}

/** The candidate (index into `candidates`) kept unless another beats it clearly: the common or reference setting. */
const DEFAULT_CANDIDATE: Partial<Record<ModelName, number>> = { itemknn: 2, ease: 3 };

/**
 * The one-standard-error rule (Breiman et al.) on paired per-user scores: the candidate with the best mean wins only
 * if it beats the default by more than one standard error of the per-user differences; otherwise the default stays.
 * Small validation sets then do not trade a sound setting for noise.
 */
export function oneStandardError(perUser: readonly Float64Array[], fallback: number): number {
  const means = perUser.map((xs) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length));
  let best = 0;
  means.forEach((m, i) => {
    if (m > (means[best] as number)) best = i;
  });
  const base = perUser[fallback];
  const top = perUser[best];
  if (best === fallback || !base || !top || base.length < 2) return best;
  const n = base.length;
  let sum = 0;
  let sq = 0;
  for (let u = 0; u < n; u++) {
    const d = (top[u] as number) - (base[u] as number);
    sum += d;
    sq += d * d;
  }
  const mean = sum / n;
  const se = Math.sqrt(Math.max(0, sq / n - mean * mean) / (n - 1));
  return mean > se ? best : fallback;
}

/** One model's test result, with what validation chose and how the candidates fared there. */
export interface SelectedResult extends ModelResult {
  /** e.g. `lambda=500`, or `weights pop=0 repeat=1 …` for the blend; absent when there was nothing to choose. */
  chosen?: string;
  /** NDCG at k on the validation task, per candidate tried. */
  validation: { params: Params; ndcg: number }[];
}

export interface TaskReport {
  task: string;
  users: number;
  items: number;
  validationUsers: number;
  results: SelectedResult[];
}

const describe = (p: Params) =>
  Object.entries(p)
    .map(([key, v]) => `${key}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' ');

/**
 * Evaluates the named models on a task. Each model's hyper-parameters are chosen on the validation task (fitted on
 * its training part, best NDCG at k), never on the test part; the chosen setting is then fitted on the task's whole
 * training part and measured on its test part. The blend adds the other named models' normalised scores with weights
 * learned on the validation task (all the base models when it is named alone).
 */
export function evaluateWithSelection(
  t: TaskWithValidation,
  names: readonly ModelName[],
  options: { k: number; seed: string; onModel?: (done: number, total: number) => void },
): TaskReport {
  const { task, validation } = t;
  const { k, seed } = options;
  if (validation.users.length === 0 || validation.train.matrix.items === 0)
    throw new AppError(
      'invalid_split',
      `the training part leaves no validation data (hyper-parameters and blend weights are chosen on it): ${
        validation.train.matrix.items === 0 ? 'no items' : 'no user with a held-out interaction'
      } in it; use a longer training part or more data`,
    );
  const base = names.filter((n): n is Exclude<ModelName, 'blend'> => n !== 'blend');
  const blendParts = names.includes('blend')
    ? base.length > 0
      ? base
      : (MODEL_NAMES.filter((n) => n !== 'blend' && n !== 'content') as Exclude<ModelName, 'blend'>[])
    : [];
  const needed = [...new Set([...base, ...blendParts])];
  const chosen = new Map<
    string,
    { params: Params; onValidation: FittedRecommender; tried: SelectedResult['validation'] }
  >();
  for (const name of needed) {
    const tried: SelectedResult['validation'] = [];
    const list = candidates(name, validation.train);
    const search = list.length > 1 || blendParts.includes(name);
    const runs = list.map((params) => {
      const fitted = fit(name, validation.train, params, seed);
      const perUser = new Float64Array(validation.users.length);
      const ndcg = search ? scoreTask(validation, fitted, k, perUser).ndcg : NaN;
      tried.push({ params, ndcg });
      return { params, fitted, perUser, ndcg };
    });
    const pick =
      runs[
        oneStandardError(
          runs.map((r) => r.perUser),
          DEFAULT_CANDIDATE[name] ?? 0,
        )
      ] ?? runs[0];
    const b = pick as (typeof runs)[number];
    // The chosen setting, with the task's own popularity window (the validation task ends 30 days earlier).
    const params =
      name === 'pop'
        ? (candidates('pop', task.train)[0] as Params)
        : name === 'repeat'
          ? { popularity: popularityOf(task.train) }
          : b.params;
    chosen.set(name, { params, onValidation: b.fitted, tried });
  }

  const results: SelectedResult[] = [];
  const fittedOnTask = new Map<string, { fitted: FittedRecommender; seconds: number }>();
  const fitOnTask = (name: Exclude<ModelName, 'blend'>) => {
    let f = fittedOnTask.get(name);
    if (!f) {
      const started = performance.now();
      const fitted = fit(name, task.train, chosen.get(name)?.params ?? {}, seed);
      f = { fitted, seconds: (performance.now() - started) / 1000 };
      fittedOnTask.set(name, f);
    }
    return f;
  };
  names.forEach((name, i) => {
    options.onModel?.(i, names.length);
    if (name === 'blend') {
      const learned = learnBlendWeights(
        validation,
        blendParts.map((p) => chosen.get(p)?.onValidation as FittedRecommender),
        k,
      );
      const parts = blendParts.map((p) => fitOnTask(p));
      const fitted = blendModels(
        parts.map((p) => p.fitted),
        learned.weights,
        task.train.matrix.items,
      );
      const weights = Object.fromEntries(blendParts.map((p, m) => [p, learned.weights[m] as number]));
      results.push({
        model: 'blend',
        params: { weights, parts: Object.fromEntries(blendParts.map((p) => [p, chosen.get(p)?.params])) },
        trainSeconds: parts.reduce((s, p) => s + p.seconds, 0),
        metrics: scoreTask(task, fitted, k),
        chosen: `weights ${describe(weights)}`,
        validation: [{ params: { weights }, ndcg: learned.ndcg }],
      });
    } else {
      const c = chosen.get(name);
      const { fitted, seconds } = fitOnTask(name);
      results.push({
        model: name,
        params: c?.params ?? {},
        trainSeconds: seconds,
        metrics: scoreTask(task, fitted, k),
        ...(c && c.tried.length > 1 ? { chosen: describe(c.params) } : {}),
        validation: c?.tried.filter((x) => !Number.isNaN(x.ndcg)) ?? [],
      });
    }
    options.onModel?.(i + 1, names.length);
  });
  return {
    task: task.name,
    users: task.users.length,
    items: task.train.matrix.items,
    validationUsers: validation.users.length,
    results,
  };
}
