/**
 * Generates a complete synthetic shop from a seed: a deterministic generator with no I/O.
 *
 * @example
 * ```ts
 * import { generateShop } from '../demo/index.js';
 *
 * const shop = generateShop({ customers: 2000, days: 180, seed: 42, endDate: Date.parse('2026-10-31T23:59:59.999Z') });
 * // Rows go to the bulk importer (one JSON object per line), event batches to POST /v1/batch in order,
 * // each at the time in shop.truth.receivedAt[i]. shop.truth stays aside for scoring later stages.
 * const { orders = 0, events = 0 } = shop.summary; // ~3,400 orders and ~255,000 events at these sizes
 * ```
 */
export { generateShop } from './generate-shop.js';

/**
 * Sizes the demo uses when the caller gives none: 2,000 customers, 180 days, 300 products.
 *
 * @example
 * ```ts
 * import { demoDefaults, generateShop } from '../demo/index.js';
 *
 * const shop = generateShop({ ...demoDefaults, seed: 7, endDate: Date.UTC(2026, 9, 31, 23, 59, 59, 999) });
 * ```
 */
export { demoDefaults } from './generate-shop.js';

/**
 * Each customer's true chance of an order within each horizon after a time, and of having left by then, from the
 * generator's hidden state at that time and its process after it: for scoring demand models against the truth.
 *
 * @example
 * ```ts
 * import { demandTruth, generateShop } from '../demo/index.js';
 *
 * const shop = generateShop({ customers: 500, days: 240, seed: 3, endDate });
 * const truth = demandTruth(shop, { asOf: endDate - 30 * 86_400_000, horizonDays: [30] });
 * truth.get('u_00001')?.orderChance[0]; // P(an order in the last 30 days | what the generator knew 30 days before the end)
 * ```
 */
export { demandTruth, type DemandTruthOptions, type DemoDemandTruth } from './demand-truth.js';

/**
 * Each customer's hidden product preferences as of a time (the chance one browsing view ends with the product in the
 * cart), for scoring recommenders with graded relevance. The engine never sees it.
 *
 * @example
 * ```ts
 * const truth = preferenceTruth(shop, { asOf: Date.parse('2026-10-01') });
 * truth.customers.get('u_00001'); // Float64Array over truth.productIds
 * ```
 */
export { preferenceTruth, type PreferenceTruth } from './preference-truth.js';

/**
 * Demand scores (keyed by customer id, as `trainDemandModel` returns them) set against the realized orders of the
 * window after `asOf` (ROC-AUC) and against `demandTruth` (Spearman and Pearson correlation with the true chance,
 * the churn hazard and P(gone)), beside the ROC-AUC the true chances themselves reach.
 *
 * @example
 * ```ts
 * import { checkDemandScores } from '../demo/index.js';
 *
 * const trained = await trainDemandModel(deps, { kind: 'churn', asOf });
 * const check = checkDemandScores(shop, trained.scores, { kind: 'churn', asOf, horizonDays: 60 });
 * check.rocAuc; check.truthRocAuc; check.hazard.spearman;
 * ```
 */
export {
  checkDemandScores,
  type Correlations,
  type DemandCheck,
  type DemandCheckOptions,
} from './demand-check.js';

/**
 * The shapes `generateShop` returns: flat import rows in the importer's canonical field names, Segment HTTP API
 * batches, and the hidden truth (tastes, churn dates, planted dirt, campaign effects, delivery times).
 *
 * @example
 * ```ts
 * import type { DemoShop, SegmentMessage } from '../demo/index.js';
 *
 * function orderCompleted(shop: DemoShop): SegmentMessage[] {
 *   return shop.events.flatMap((b) => b.batch).filter((m) => m.event === 'Order Completed');
 * }
 * ```
 */
export type {
  DemoCampaignEffect,
  DemoConversation,
  DemoConversationMessage,
  DemoCustomerRow,
  DemoCustomerTruth,
  DemoDeviceType,
  DemoEventBatch,
  DemoJson,
  DemoJsonObject,
  DemoKbRow,
  DemoLineRef,
  DemoOptions,
  DemoOrderLineRow,
  DemoPlan,
  DemoPlanted,
  DemoPlatform,
  DemoProductRow,
  DemoReviewRow,
  DemoReviewTruth,
  DemoShop,
  DemoTruth,
  SegmentContext,
  SegmentMessage,
  SegmentMessageType,
} from './types.js';
