import { performance } from 'node:perf_hooks';
import type { ProfileSource } from '../../profiles/ports.js';
import { AppError, type Clock } from '../../shared/index.js';
import { fitAls } from '../als.js';
import { easeWeights } from '../ease.js';
import { buildTask, buildValidationTask, type InteractionRows } from '../eval/build-task.js';
import { indexIds } from '../eval/eval-task.js';
import {
  MAX_EASE_ITEMS,
  binary,
  evaluateWithSelection,
  type ModelName,
  type SelectedResult,
} from '../eval/select-models.js';
import { itemNeighbours } from '../item-knn.js';
import { buildMatrixWithEntries, maxPerEntry, transpose } from '../matrix.js';
import { groupPopularity, popularityScores } from '../popularity.js';
import type { TrainInput } from '../types.js';
import {
  compact,
  denseRows,
  sparseRows,
  type RecommenderArtifact,
  type RecommenderPart,
} from './artifact.js';

const DAY_MS = 86_400_000;

export interface RecommenderDeps {
  source: Pick<ProfileSource, 'orders' | 'products'>;
  settle(): Promise<void>;
  clock: Clock;
  /** The shop's segments and their members (customer ids), for popularity per segment; absent: none. */
  segments?(): Promise<{ id: string; name: string; members: readonly string[] }[]>;
}

/** Segments kept in the artifact: those with at least this many buyers, at most this many, largest first. */
const SEGMENT_MIN_BUYERS = 20;
const SEGMENT_MAX = 100;
/** Popularity per segment counts every purchase, halving in weight every this many days. */
const SEGMENT_HALF_LIFE_DAYS = 60;

export interface TrainRecommenderOptions {
  /** The end of the training data (default: just after the latest order up to now). */
  asOf?: number;
  seed: string;
  /** The last days before `asOf` held out to measure the models (default 30); validation is the 30 days before. */
  holdoutDays?: number;
  /** The list length metrics are taken at (default 10). */
  k?: number;
  /** The models compared (default all but content: pop, repeat, itemknn, ease, als, blend). */
  models?: readonly ModelName[];
  onStage?(stage: string): void;
}

/** One model's held-out result, flattened for reports and charts. */
export interface RecommenderComparison {
  model: string;
  chosen: string | null;
  /** NDCG at k on the validation days (what picks the model). */
  validationNdcg: number;
  ndcg: number;
  recall: number;
  hr: number;
  precision: number;
  mrr: number;
  coverage: number;
  trainSeconds: number;
}

export interface TrainedRecommender {
  /** The model served: the one with the best validation NDCG. */
  chosen: string;
  params: Record<string, unknown>;
  k: number;
  holdoutDays: number;
  window: { from: number; holdoutFrom: number; asOf: number };
  /** Every model compared on the holdout, the chosen one included. */
  comparison: RecommenderComparison[];
  holdoutUsers: number;
  validationUsers: number;
  /** Order lines (distinct order × item) trained on for the served model, and the catalogue. */
  interactions: number;
  customers: number;
  items: number;
  artifact: RecommenderArtifact;
  seconds: number;
}

/** The default models compared; content-based needs product text the order store does not give the trainer. */
export const RECOMMENDER_MODELS: readonly ModelName[] = ['pop', 'repeat', 'itemknn', 'ease', 'als', 'blend'];

/** EASE rows kept per history item in the artifact, and co-purchase neighbours kept per item. */
const EASE_TOP = 200;
const SIMILAR_TOP = 50;
/** EASE beyond this many items is left out of the pipeline's comparison (dense items × items; minutes of training). */
const PIPELINE_EASE_ITEMS = Math.min(MAX_EASE_ITEMS, 8_000);

async function readOrders(deps: RecommenderDeps, until: number) {
  const users: string[] = [];
  const items: string[] = [];
  const times: number[] = [];
  const basket: string[] = [];
  for await (const page of deps.source.orders(until))
    for (const o of page) {
      if (o.kind !== 'order' || o.customerId === null) continue;
      for (const line of o.lines) {
        if (!(line.quantity > 0)) continue;
        users.push(o.customerId);
        items.push(line.productId);
        times.push(o.placedAt);
        basket.push(o.id);
      }
    }
  return { users, items, times, basket };
}

function validationNdcg(r: SelectedResult): number {
  if (r.validation.length === 1) return r.validation[0]?.ndcg ?? NaN;
  const want = JSON.stringify(r.params);
  return r.validation.find((v) => JSON.stringify(v.params) === want)?.ndcg ?? NaN;
}

/** The served model's parts, fitted on every order up to `asOf`. */
function fitParts(
  model: string,
  params: Record<string, unknown>,
  input: TrainInput,
  seed: string,
): RecommenderPart[] {
  const bin = binary(input);
  const n = input.matrix.items;
  const one = (name: string, weight: number, p: Record<string, unknown>): RecommenderPart | null => {
    if (weight <= 0) return null;
    switch (name) {
      case 'pop':
        return { kind: name, weight };
      case 'repeat': {
        const levels = [...new Set(input.matrix.weights)].filter((w) => w > 0).sort((a, b) => a - b);
        return { kind: name, weight, levels };
      }
      case 'itemknn':
        return { kind: 'itemknn', weight, rows: sparseRows(transpose(itemNeighbours(bin.matrix, p))) };
      case 'ease':
        return { kind: 'ease', weight, rows: denseRows(easeWeights(bin.matrix, p), n, EASE_TOP) };
      case 'als': {
        const fitted = fitAls(bin, { ...p, seed });
        return {
          kind: 'als',
          weight,
          factors: fitted.params.factors,
          regularization: fitted.params.regularization,
          alpha: fitted.params.alpha,
          itemFactors: Array.from(fitted.itemFactors, compact),
        };
      }
      default:
        throw new AppError('invalid_request', `The recommender cannot serve a ${name} model.`);
    }
  };
  if (model !== 'blend') return [one(model, 1, params)].filter((p): p is RecommenderPart => p !== null);
  const weights = params.weights as Record<string, number>;
  const parts = params.parts as Record<string, Record<string, unknown>>;
  return Object.entries(weights)
    .map(([name, w]) => one(name, w, parts[name] ?? {}))
    .filter((p): p is RecommenderPart => p !== null);
}

/**
 * Trains the recommender the API serves. The orders before the last `holdoutDays` train every model (each one's
 * hyper-parameters and the blend's weights chosen on the `holdoutDays` before that, never on the holdout); the model
 * with the best validation NDCG at k is served, measured on the holdout (its NDCG at k is what promotion compares),
 * then refitted on every order up to `asOf`. Repeat purchases count: a customer's targets are whatever they bought in
 * the holdout.
 *
 * @example
 * const trained = await trainRecommender({ source, settle, clock }, { seed: 'r1' });
 * trained.chosen; // e.g. 'blend'
 * trained.comparison.map((c) => [c.model, c.ndcg]);
 */
export async function trainRecommender(
  deps: RecommenderDeps,
  options: TrainRecommenderOptions,
): Promise<TrainedRecommender> {
  const started = performance.now();
  const stage = options.onStage ?? (() => {});
  const k = options.k ?? 10;
  const holdoutDays = options.holdoutDays ?? 30;
  if (!(Number.isInteger(holdoutDays) && holdoutDays >= 1 && holdoutDays <= 365))
    throw new AppError('invalid_request', 'The holdout must be a whole number of days from 1 to 365.');
  stage('reading orders');
  await deps.settle();
  const until = options.asOf ?? deps.clock.now();
  const rows = await readOrders(deps, until);
  if (rows.users.length === 0)
    throw new AppError(
      'invalid_training_data',
      'There are no order lines (products bought by known customers) to learn from.',
      { reason: 'no_order_lines' },
    );
  let first = Infinity;
  let last = -Infinity;
  for (const t of rows.times) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const asOf = options.asOf ?? last + 1;
  const holdoutFrom = asOf - holdoutDays * DAY_MS;
  const interactions: InteractionRows = {
    users: rows.users,
    items: rows.items,
    times: Float64Array.from(rows.times),
    basket: rows.basket,
  };
  const split = {
    kind: 'temporal' as const,
    at: holdoutFrom,
    date: new Date(holdoutFrom).toISOString().slice(0, 10),
  };

  stage('comparing models on the holdout');
  const task = buildTask(interactions, split, { excludeSeen: false, name: 'holdout' });
  const validation = buildValidationTask(interactions, split, { excludeSeen: false });
  if (task.users.length === 0)
    throw new AppError(
      'invalid_training_data',
      `No customer with orders before ${split.date} ordered again in the ${holdoutDays} days after: nothing to measure the recommender on.`,
    );
  const models = (options.models ?? RECOMMENDER_MODELS).filter(
    (m) => m !== 'ease' || task.train.matrix.items <= PIPELINE_EASE_ITEMS,
  );
  let report;
  try {
    report = evaluateWithSelection({ task, validation }, models, { k, seed: options.seed });
  } catch (error) {
    if (error instanceof AppError && error.code === 'invalid_split')
      throw new AppError('invalid_training_data', error.message, error.details);
    throw error;
  }
  const comparison: RecommenderComparison[] = report.results.map((r) => ({
    model: r.model,
    chosen: r.chosen ?? null,
    validationNdcg: validationNdcg(r),
    ndcg: r.metrics.ndcg,
    recall: r.metrics.recall,
    hr: r.metrics.hr,
    precision: r.metrics.precision,
    mrr: r.metrics.mrr,
    coverage: r.metrics.coverage,
    trainSeconds: r.trainSeconds,
  }));
  const ranked = comparison
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => Number.isFinite(c.validationNdcg))
    .sort((a, b) => b.c.validationNdcg - a.c.validationNdcg || a.i - b.i);
  const pick = report.results[ranked[0]?.i ?? 0] as SelectedResult;

  stage(`fitting ${pick.model} on every order`);
  const products = await deps.source.products();
  const catalogue = indexIds([...products.map((p) => p.id), ...rows.items]);
  const people = indexIds(rows.users);
  const seen = new Set<string>();
  const us: number[] = [];
  const is: number[] = [];
  const ts: number[] = [];
  for (let r = 0; r < rows.users.length; r++) {
    const key = `${rows.basket[r] as string}\u0000${rows.items[r] as string}`;
    if (seen.has(key)) continue;
    seen.add(key);
    us.push(people.index.get(rows.users[r] as string) as number);
    is.push(catalogue.index.get(rows.items[r] as string) as number);
    ts.push(rows.times[r] as number);
  }
  const { matrix, entryOf } = buildMatrixWithEntries(people.ids.length, catalogue.ids.length, us, is);
  const input: TrainInput = { matrix, lastAt: maxPerEntry(entryOf, ts, matrix.indices.length), asOf };
  let popularity = popularityScores(input, { windowDays: 30 });
  if (popularity.every((x) => x === 0)) popularity = popularityScores(input);
  const artifact: RecommenderArtifact = {
    format: 'rapport.recommender/1',
    items: catalogue.ids,
    popularity: Array.from(popularity),
    similar: sparseRows(
      itemNeighbours(binary(input).matrix, { neighbours: SIMILAR_TOP, similarity: 'cosine' }),
    ),
    parts: fitParts(pick.model, pick.params, input, options.seed),
  };
  if (deps.segments) {
    stage('popularity per segment');
    const segments = await deps.segments();
    const members = segments.map((g) =>
      g.members.map((c) => people.index.get(c)).filter((u): u is number => u !== undefined),
    );
    const fitted = groupPopularity(input, members, { halfLifeDays: SEGMENT_HALF_LIFE_DAYS });
    const list = segments
      .map((g, i) => ({ g, f: fitted.groups[i] as (typeof fitted.groups)[number] }))
      .filter(({ f }) => f.buyers >= SEGMENT_MIN_BUYERS)
      .sort((a, b) => b.f.buyers - a.f.buyers || (a.g.id < b.g.id ? -1 : 1))
      .slice(0, SEGMENT_MAX)
      .map(({ g, f }) => {
        const items: number[] = [];
        const counts: number[] = [];
        f.counts.forEach((c, i) => {
          if (c > 0) {
            items.push(i);
            counts.push(compact(c));
          }
        });
        return { id: g.id, name: g.name, buyers: f.buyers, items, counts };
      });
    if (list.length > 0)
      artifact.segments = { prior: Array.from(fitted.prior, compact), shrinkage: fitted.shrinkage, list };
  }
  return {
    chosen: pick.model,
    params: pick.params,
    k,
    holdoutDays,
    window: { from: first, holdoutFrom, asOf },
    comparison,
    holdoutUsers: task.users.length,
    validationUsers: validation.users.length,
    interactions: matrix.indices.length,
    customers: people.ids.length,
    items: catalogue.ids.length,
    artifact,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The model registry's name for the served recommender. */
export const RECOMMENDER_NAME = 'recommendations';

/**
 * A trained recommender as the model registry takes it: the held-out NDCG at k decides promotion, the comparison of
 * every model is the version's evaluation.
 */
export function recommenderCandidate(trained: TrainedRecommender, seed: string) {
  const chosen = trained.comparison.find((c) => c.model === trained.chosen);
  const at = `_at_${trained.k}`;
  return {
    name: RECOMMENDER_NAME,
    modelType: trained.chosen,
    dataWindow: { from: trained.window.from, to: trained.window.asOf, asOf: trained.window.asOf },
    features: ['orders'],
    preprocessing: null,
    seed,
    params: { chosen: trained.chosen, k: trained.k, holdoutDays: trained.holdoutDays, model: trained.params },
    metrics: {
      [`ndcg${at}`]: chosen?.ndcg ?? 0,
      [`recall${at}`]: chosen?.recall ?? 0,
      [`hit_rate${at}`]: chosen?.hr ?? 0,
      [`precision${at}`]: chosen?.precision ?? 0,
      [`mrr${at}`]: chosen?.mrr ?? 0,
      [`coverage${at}`]: chosen?.coverage ?? 0,
      holdout_customers: trained.holdoutUsers,
      validation_customers: trained.validationUsers,
      customers: trained.customers,
      items: trained.items,
      interactions: trained.interactions,
    },
    primaryMetric: { name: `ndcg${at}`, higherIsBetter: true },
    trainingSeconds: trained.seconds,
    artifact: trained.artifact,
    evaluation: {
      kind: 'recommender',
      k: trained.k,
      holdoutDays: trained.holdoutDays,
      holdoutFrom: new Date(trained.window.holdoutFrom).toISOString(),
      chosen: trained.chosen,
      comparison: trained.comparison,
    },
  };
}
