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
