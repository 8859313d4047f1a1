import { performance } from 'node:perf_hooks';
import {
  binaryMetrics,
  predictBinary,
  selectBinary,
  trainBinary,
  type BinaryMetrics,
  type BinaryModel,
  type BinaryTrainOptions,
  type Tabular,
} from '../ml/index.js';
import {
  accumulateProfilesAt,
  type AccumulatedProfiles,
  type ComputedTraitDefinition,
  type CustomerIdScheme,
  type FeatureRegistry,
  type ProfileSource,
} from '../profiles/index.js';
import { AppError, type Clock } from '../shared/index.js';
import { buildFrame, type FeatureFrame, type FrameColumn } from './frame.js';

export type DemandKind = 'propensity' | 'churn';

export interface DemandDeps {
  source: ProfileSource;
  settle: () => Promise<void>;
  features: FeatureRegistry;
  computedTraits: readonly ComputedTraitDefinition[];
  scheme: CustomerIdScheme;
  clock: Clock;
}

export interface TrainDemandOptions {
  kind: DemandKind;
  /** The time scores are for (default: the latest event or order). */
  asOf?: number;
  /** Label window: an order within this many days (default 30 for propensity, 60 for churn). */
  horizonDays?: number;
  /** Churn: a customer is active with an order in this many days before the cutoff (default 365). */
  activeDays?: number;
  seed?: number | string;
  onStage?: (stage: string) => void;
}

export interface TrainedDemandModel {
  /** Registry name, e.g. `propensity_30d`, `churn_60d`. */
  name: string;
  kind: DemandKind;
  horizonDays: number;
  /** Training features as of `trainCutoff`, labels in (trainCutoff, validationCutoff]; held-out features as of
   * `validationCutoff`, labels in (validationCutoff, asOf]; the scoring model is refitted on the latter. */
  window: { trainCutoff: number; validationCutoff: number; asOf: number };
  columns: FrameColumn[];
  model: BinaryModel;
  /** The candidate chosen, and each candidate's ROC-AUC on the selection hold-out. */
  chosen: string;
  selection: Record<string, number>;
  /** Out-of-time metrics of the model fitted on the training window, on the held-out window. */
  metrics: BinaryMetrics & { baseRate: number };
  /**
   * What the metrics were computed from, for evaluation reports and permutation importance: the model fitted on the
   * training window (not the scoring model, which was refitted on the held-out window), the held-out window's
   * table, its labels and that model's probabilities.
   */
  heldOut: { model: BinaryModel; table: Tabular; y: Uint8Array; p: Float64Array };
  trainRows: number;
  validationRows: number;
  /** P(label) per customer as of `asOf`. */
  scores: Map<string, number>;
  /** The inputs `scores` were computed from (customers in `customerIds` order), for explaining them. */
  scoringFrame: FeatureFrame;
  seconds: number;
}

const DAY = 86_400_000;

interface OrderTime {
  customerId: string;
  placedAt: number;
}

/** Customers who exist at the cutoff (any event, order or sign-up up to it) and are known (a user id or an order). */
function population(acc: AccumulatedProfiles, kind: DemandKind, activeDays: number): string[] {
  const out: string[] = [];
  for (const [id, a] of acc.accs) {
    const exists =
      a.profile.events > 0 || a.orders.orders > 0 || (a.createdAt !== null && a.createdAt <= acc.asOf);
    if (!exists) continue;
    if (kind === 'churn') {
      if (a.orders.lastAt !== null && a.orders.lastAt > acc.asOf - activeDays * DAY) out.push(id);
    } else if (a.userId !== null || a.orders.orders > 0) out.push(id);
  }
  return out.sort();
}

/** 1 when the label holds for the customer: an order in (from, to] (propensity), none (churn). */
function labels(
  ids: readonly string[],
  acc: AccumulatedProfiles,
  orders: readonly OrderTime[],
  kind: DemandKind,
  from: number,
  to: number,
): Uint8Array {
  const ordered = new Set<string>();
  for (const o of orders)
    if (o.placedAt > from && o.placedAt <= to) ordered.add(acc.importedId.get(o.customerId) ?? o.customerId);
  return Uint8Array.from(ids, (id) => (ordered.has(id) === (kind === 'propensity') ? 1 : 0));
}

/**
 * Trains a demand model on the profiles' history, point-in-time correct: features of a cutoff use only what
 * happened up to it, labels only what happened after. The model is chosen (logistic regression over a grid of C,
 * or GBDT) and evaluated out of time: fitted on the window before the last one and scored on the last one, whose
 * labels it never saw. The scoring model is then refitted on the last window and scores every customer as of
 * `asOf`.
 */
export async function trainDemandModel(
  deps: DemandDeps,
  options: TrainDemandOptions,
): Promise<TrainedDemandModel> {
  const started = performance.now();
  const kind = options.kind;
  const horizonDays = options.horizonDays ?? (kind === 'propensity' ? 30 : 60);
  const activeDays = options.activeDays ?? 365;
  if (!(horizonDays >= 1 && horizonDays <= 365))
    throw new AppError('invalid_request', 'the horizon must be from 1 to 365 days');
  const stage = options.onStage ?? (() => {});

  stage('reading orders');
  await deps.settle();
  const until = options.asOf ?? deps.clock.now();
  const orders: OrderTime[] = [];
  for await (const page of deps.source.orders(until))
    for (const o of page)
      if (o.customerId !== null && o.kind === 'order')
        orders.push({ customerId: o.customerId, placedAt: o.placedAt });
  let asOf = options.asOf;
  if (asOf === undefined) {
    let dataEnd = (await deps.source.lastEventAt(until)) ?? -Infinity;
    for (const o of orders) dataEnd = Math.max(dataEnd, o.placedAt);
    if (!Number.isFinite(dataEnd))
      throw new AppError('invalid_training_data', 'there are no events or orders to learn from');
    asOf = dataEnd;
  }
  const validationCutoff = asOf - horizonDays * DAY;
  const trainCutoff = validationCutoff - horizonDays * DAY;

  // One read of the history gives the profiles at the three cutoffs, each only from what happened up to it.
  stage('replaying the history at the cutoffs');
  const [atTrain, atValidation, latest] = (await accumulateProfilesAt(deps, [
    trainCutoff,
    validationCutoff,
    asOf,
  ])) as [AccumulatedProfiles, AccumulatedProfiles, AccumulatedProfiles];
  const trainIds = population(atTrain, kind, activeDays);
  const validationIds = population(atValidation, kind, activeDays);
  const frameDeps = { features: deps.features, computedTraits: deps.computedTraits };
  const train = buildFrame(atTrain.accs, trainIds, trainCutoff, frameDeps);
  const validation = buildFrame(atValidation.accs, validationIds, validationCutoff, frameDeps, train.columns);
  const yTrain = labels(trainIds, atTrain, orders, kind, trainCutoff, validationCutoff);
  const yValidation = labels(validationIds, atValidation, orders, kind, validationCutoff, asOf);
  for (const [what, y] of [
    ['training', yTrain],
    ['held-out', yValidation],
  ] as const) {
    const positives = y.reduce((s, v) => s + v, 0);
    if (y.length < 20 || positives < 5 || positives > y.length - 5)
      throw new AppError(
        'invalid_target',
        `the ${what} window has ${y.length} customers and ${positives} positive labels: too few to learn ${kind}`,
        { window: what, customers: y.length, positives },
      );
  }

  stage('training');
  const seed = options.seed ?? 0;
  const trainOptions: BinaryTrainOptions = { seed, earlyStopping: { holdout: 'random' } };
  const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => i);
  const picked = selectBinary(['logreg', 'gbdt'], train.frame.table, yTrain, rowsOf(trainIds.length), {
    ...trainOptions,
    selection: { holdout: 'random' },
  });
  const p = predictBinary(picked.model, validation.frame.table);
  const held = binaryMetrics(yValidation, p);

  stage('scoring');
  // Refit the chosen candidate on the most recent complete window, then score everyone as of `asOf`.
  const chosenOptions: BinaryTrainOptions =
    picked.model.kind === 'logreg' ? { ...trainOptions, logreg: { C: picked.model.model.C } } : trainOptions;
  const model = trainBinary(
    picked.model.kind,
    validation.frame.table,
    yValidation,
    rowsOf(validationIds.length),
    chosenOptions,
  );
  const scoreIds = population(latest, kind, activeDays);
  const current = buildFrame(latest.accs, scoreIds, asOf, frameDeps, train.columns);
  const probabilities = predictBinary(model, current.frame.table);
  const scores = new Map(scoreIds.map((id, i) => [id, probabilities[i] as number]));

  return {
    name: `${kind}_${horizonDays}d`,
    kind,
    horizonDays,
    window: { trainCutoff, validationCutoff, asOf },
    columns: train.columns,
    model,
    chosen: picked.chosen,
    selection: picked.scores,
    metrics: { ...held, baseRate: held.positives / held.rows },
    heldOut: { model: picked.model, table: validation.frame.table, y: yValidation, p },
    trainRows: trainIds.length,
    validationRows: validationIds.length,
    scores,
    scoringFrame: current.frame,
    seconds: (performance.now() - started) / 1000,
  };
}
