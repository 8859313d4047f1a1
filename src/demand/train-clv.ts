import { performance } from 'node:perf_hooks';
import { meanAbsoluteError, r2Score, rootMeanSquaredError, type Tabular } from '../ml/index.js';
import { accumulateProfilesAt, importedCustomerIdsAt, type AccumulatedProfiles } from '../profiles/index.js';
import { AppError } from '../shared/index.js';
import {
  fitProbabilisticClv,
  nextOrderAt,
  probabilisticSpend,
  probabilityAlive,
  type ProbabilisticClv,
} from './clv-probabilistic.js';
import { fitSpendRegressor, predictSpend, type SpendRegressor } from './clv-regressor.js';
import { clvColumns, clvPopulationAt, clvTable, readPlacedOrders, type ClvPopulation } from './clv-inputs.js';
import { baselineSpend, spendBetween, type ClvSummary } from './clv-summary.js';
import type { FrameColumn } from './frame.js';
import type { DemandDeps } from './train-demand.js';

export interface TrainClvOptions {
  /** The time scores are for (default: the latest event or order). */
  asOf?: number;
  /** Spend is predicted over this many days after the cutoff (default 90). */
  horizonDays?: number;
  seed?: number | string;
  onStage?: (stage: string) => void;
}

export type ClvModelKind = 'bgnbd_gamma_gamma' | 'gbdt_regression';

/** Errors of predicted spend against the actual spend in a window, and both totals. */
export interface SpendMetrics {
  mae: number;
  rmse: number;
  r2: number;
  predictedTotal: number;
  actualTotal: number;
}

export interface TrainedClvModel {
  /** Registry name, e.g. `clv_90d`. */
  name: string;
  horizonDays: number;
  /** GBDT trained on features as of `trainCutoff` with spend in (trainCutoff, validationCutoff]; every candidate is
   * compared on customers as of `validationCutoff` with spend in (validationCutoff, asOf]. */
  window: { trainCutoff: number; validationCutoff: number; asOf: number };
  /** The candidate with the lower held-out RMSE. */
  chosen: ClvModelKind;
  /** Held-out metrics of both candidates (the GBDT's null when it was skipped) and of the naive baseline
   * (historical average spend rate). */
  heldOut: { bgnbd_gamma_gamma: SpendMetrics; gbdt_regression: SpendMetrics | null; baseline: SpendMetrics };
  /** The held-out window's actual spend and the chosen model's prediction of it, per customer (for the report). */
  heldOutSpend: { actual: Float64Array; predicted: Float64Array };
  /** Candidates not trained, with why: the GBDT when the window before the held-out one has too little data. */
  skipped: Partial<Record<ClvModelKind, string>>;
  /** Held-out metrics of the chosen model. */
  metrics: SpendMetrics;
  /** Whether the chosen model's held-out RMSE is below the baseline's, and by what share of it. */
  beatsBaseline: boolean;
  rmseImprovement: number;
  /**
   * Order values above this are counted at it (`orderValueCap`, fitted on the orders up to `asOf`; each window uses
   * the cap of its own cutoff), and how many orders the cap cut in the held-out spend window.
   */
  valueCap: number | null;
  cappedHeldOutOrders: number;
  /** The GBDT inputs: profile features and computed traits, then the purchase summary columns (none when skipped). */
  columns: FrameColumn[];
  /** BG/NBD and Gamma-Gamma fitted as of `asOf` (scores when chosen; next-order dates and P(alive) always). */
  probabilistic: ProbabilisticClv;
  /** The GBDT refitted on the last window, when chosen. */
  regressor: SpendRegressor | null;
  trainRows: number;
  validationRows: number;
  /** Expected spend over the horizon per customer with an order by `asOf`. */
  scores: Map<string, number>;
  /** Epoch ms of the expected next order (asOf + the median time to it), null when more likely gone than not. */
  nextOrderAt: Map<string, number | null>;
  probabilityAlive: Map<string, number>;
  /**
   * What the scores were computed from: the customers in order, their purchase summaries as of `asOf`, and the
   * GBDT's inputs when it scored (null when BG/NBD did), for explaining them.
   */
  scoring: { customerIds: string[]; summaries: ClvSummary[]; table: Tabular | null };
  seconds: number;
}

const DAY = 86_400_000;

function spendMetrics(actual: Float64Array, predicted: Float64Array): SpendMetrics {
  return {
    mae: meanAbsoluteError(actual, predicted),
    rmse: rootMeanSquaredError(actual, predicted),
    r2: r2Score(actual, predicted),
    predictedTotal: predicted.reduce((s, v) => s + v, 0),
    actualTotal: actual.reduce((s, v) => s + v, 0),
  };
}

/** Each customer's spend in (from, to], in the order of `population.ids`. */
function spendOf(population: ClvPopulation, from: number, to: number): Float64Array {
  const spend = spendBetween(population.orders, from, to);
  return Float64Array.from(population.ids, (id) => spend.get(id) ?? 0);
}

const buyersIn = (y: Float64Array) => y.reduce((n, v) => n + (v > 0 ? 1 : 0), 0);

/**
 * The least the GBDT is trained on: customers with an order by the training cutoff, and how many of them spent in
 * the training window. Fewer leave a handful of leaves of `minDataInLeaf` (20) customers, an early-stopping hold-out
 * (15%) of a few dozen, and a target that is almost all zeros: nothing worth comparing with BG/NBD.
 */
const MIN_GBDT_CUSTOMERS = 200;
const MIN_GBDT_BUYERS = 20;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Why the GBDT cannot be trained on the window before the held-out one, or null when it can. */
function gbdtSkipReason(y: Float64Array, trainCutoff: number, horizonDays: number): string | null {
  const buyers = buyersIn(y);
  if (y.length >= MIN_GBDT_CUSTOMERS && buyers >= MIN_GBDT_BUYERS) return null;
  return (
    `too little history for the GBDT's training window: ${y.length} customers had an order by ` +
    `${day(trainCutoff)} (two horizons before asOf) and ${buyers} of them spent in the ${horizonDays} days after; ` +
    `it needs at least ${MIN_GBDT_CUSTOMERS} and ${MIN_GBDT_BUYERS}`
  );
}

function checkHeldOutWindow(y: Float64Array): void {
  const buyers = buyersIn(y);
  if (y.length < 20 || buyers < 5)
    throw new AppError(
      'invalid_target',
      `the held-out window has ${y.length} customers with an order before it and ${buyers} who spent in it: too few to learn customer value (a shorter horizon needs less history)`,
      { window: 'held-out', customers: y.length, buyers },
    );
}

/**
 * Trains the customer-value model: expected spend over the next `horizonDays` of every customer with an order,
 * point-in-time correct. Spend is the value of placed orders (`orderValue`: positive lines, as profiles and RFM
 * count it); cancellations and adjustments are not netted out, because the models describe purchases and a
 * cancellation may belong to an order before the window. Two candidates are compared on the last window, whose
 * spend neither saw: BG/NBD + Gamma-Gamma fitted on the purchase summaries at its start (they need no labels, so
 * one horizon of history before it is enough), and a GBDT regressor on the profile features and those summaries,
 * trained one window earlier (so it needs two horizons; with too little data there it is skipped, and the reason
 * recorded in `skipped`). The one with the lower RMSE is chosen and set against the naive baseline (the customer's
 * historical average spend rate), then refitted as of `asOf` to score everyone. BG/NBD as of `asOf` also gives
 * P(alive) and the expected next-order date.
 *
 * BG/NBD needs only the orders and the identities; the events are replayed, in one pass for the three cutoffs, only
 * when the GBDT may be trained.
 */
export async function trainClvModel(
  deps: DemandDeps,
  options: TrainClvOptions = {},
): Promise<TrainedClvModel> {
  const started = performance.now();
  const horizonDays = options.horizonDays ?? 90;
  if (!(Number.isInteger(horizonDays) && horizonDays >= 1 && horizonDays <= 365))
    throw new AppError('invalid_request', 'the horizon must be a whole number of days from 1 to 365');
  const stage = options.onStage ?? (() => {});
  const seed = options.seed ?? 0;

  stage('reading orders');
  await deps.settle();
  const until = options.asOf ?? deps.clock.now();
  const placed = await readPlacedOrders(deps.source, until);
  if (placed.length === 0)
    throw new AppError('invalid_training_data', 'there are no orders to learn customer value from');
  let asOf = options.asOf;
  if (asOf === undefined) {
    asOf = (await deps.source.lastEventAt(until)) ?? -Infinity;
    for (const o of placed) asOf = Math.max(asOf, o.placedAt);
  }
  const validationCutoff = asOf - horizonDays * DAY;
  const trainCutoff = validationCutoff - horizonDays * DAY;

  // BG/NBD needs only the orders and who placed them (identities as of each cutoff); the events are replayed, once
  // for the three cutoffs, only when the GBDT may be trained. Resolving identities can only merge customers, so the
  // orders' own customer ids bound its training population from above: with too few, nothing is replayed.
  const cutoffs = [trainCutoff, validationCutoff, asOf];
  const mayTrainGbdt = clvPopulationAt(new Map(), placed, trainCutoff).ids.length >= MIN_GBDT_CUSTOMERS;
  let replays: AccumulatedProfiles[] | null = null;
  let importedIds: Map<string, string>[];
  if (mayTrainGbdt) {
    stage('replaying the history at the cutoffs');
    replays = await accumulateProfilesAt(deps, cutoffs);
    importedIds = replays.map((r) => r.importedId);
  } else {
    stage('purchase summaries at the cutoffs');
    importedIds = await importedCustomerIdsAt(deps, cutoffs);
  }
  const [train, held, latest] = cutoffs.map((c, k) => clvPopulationAt(importedIds[k]!, placed, c)) as [
    ClvPopulation,
    ClvPopulation,
    ClvPopulation,
  ];
  const yTrain = spendOf(train, trainCutoff, validationCutoff);
  const yHeld = spendOf(held, validationCutoff, asOf);
  checkHeldOutWindow(yHeld);
  const skipGbdt = gbdtSkipReason(yTrain, trainCutoff, horizonDays);

  stage('fitting BG/NBD and Gamma-Gamma');
  const heldProbabilistic = fitProbabilisticClv(held.summaries, 'held-out');
  const pProbabilistic = Float64Array.from(held.summaries, (s) =>
    probabilisticSpend(heldProbabilistic, s, horizonDays),
  );
  const pBaseline = Float64Array.from(held.summaries, (s) => baselineSpend(s, validationCutoff, horizonDays));

  const frameDeps = { features: deps.features, computedTraits: deps.computedTraits };
  let gbdt: {
    featureColumns: FrameColumn[];
    heldTable: Tabular;
    predicted: Float64Array;
    metrics: SpendMetrics;
  } | null = null;
  if (skipGbdt === null && replays !== null) {
    stage('training GBDT');
    const trainInputs = clvTable(replays[0]!.accs, train, trainCutoff, frameDeps);
    const heldInputs = clvTable(
      replays[1]!.accs,
      held,
      validationCutoff,
      frameDeps,
      trainInputs.featureColumns,
    );
    const trainRegressor = fitSpendRegressor(trainInputs.table, yTrain, seed);
    const predicted = predictSpend(trainRegressor, heldInputs.table);
    gbdt = {
      featureColumns: trainInputs.featureColumns,
      heldTable: heldInputs.table,
      predicted,
      metrics: spendMetrics(yHeld, predicted),
    };
  }
  const heldOut = {
    bgnbd_gamma_gamma: spendMetrics(yHeld, pProbabilistic),
    gbdt_regression: gbdt?.metrics ?? null,
    baseline: spendMetrics(yHeld, pBaseline),
  };
  const chosen: ClvModelKind =
    gbdt !== null && gbdt.metrics.rmse < heldOut.bgnbd_gamma_gamma.rmse
      ? 'gbdt_regression'
      : 'bgnbd_gamma_gamma';
  const metrics = gbdt !== null && chosen === 'gbdt_regression' ? gbdt.metrics : heldOut.bgnbd_gamma_gamma;
  const heldPredicted = gbdt !== null && chosen === 'gbdt_regression' ? gbdt.predicted : pProbabilistic;

  stage('scoring');
  const probabilistic = fitProbabilisticClv(latest.summaries, 'latest');
  let regressor: SpendRegressor | null = null;
  let scoringTable: Tabular | null = null;
  let spend: Float64Array;
  if (gbdt !== null && replays !== null && chosen === 'gbdt_regression') {
    // Refit on the most recent complete window, then score everyone as of `asOf`.
    regressor = fitSpendRegressor(gbdt.heldTable, yHeld, seed);
    scoringTable = clvTable(replays[2]!.accs, latest, asOf, frameDeps, gbdt.featureColumns).table;
    spend = predictSpend(regressor, scoringTable);
  } else
    spend = Float64Array.from(latest.summaries, (s) => probabilisticSpend(probabilistic, s, horizonDays));
  const scores = new Map<string, number>();
  const next = new Map<string, number | null>();
  const alive = new Map<string, number>();
  latest.ids.forEach((id, i) => {
    const s = latest.summaries[i] as ClvSummary;
    scores.set(id, spend[i] as number);
    next.set(id, nextOrderAt(probabilistic, s, asOf));
    alive.set(id, probabilityAlive(probabilistic, s));
  });

  return {
    name: `clv_${horizonDays}d`,
    horizonDays,
    window: { trainCutoff, validationCutoff, asOf },
    chosen,
    heldOut,
    heldOutSpend: { actual: yHeld, predicted: heldPredicted },
    skipped: skipGbdt === null ? {} : { gbdt_regression: skipGbdt },
    metrics,
    beatsBaseline: metrics.rmse < heldOut.baseline.rmse,
    rmseImprovement: heldOut.baseline.rmse > 0 ? 1 - metrics.rmse / heldOut.baseline.rmse : 0,
    columns: gbdt ? clvColumns(gbdt.featureColumns) : [],
    valueCap: latest.valueCap,
    cappedHeldOutOrders: placed.filter(
      (o) => o.placedAt > validationCutoff && held.valueCap !== null && o.value > held.valueCap,
    ).length,
    probabilistic,
    regressor,
    trainRows: train.ids.length,
    validationRows: held.ids.length,
    scores,
    nextOrderAt: next,
    probabilityAlive: alive,
    scoring: { customerIds: latest.ids, summaries: latest.summaries, table: scoringTable },
    seconds: (performance.now() - started) / 1000,
  };
}
