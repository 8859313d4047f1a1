import type { QualityReportSource } from '../ports.js';
import { createCustomerCheck } from './customers-check.js';
import { createEventCheck } from './events-check.js';
import { createOrderLineCheck } from './order-lines-check.js';
import { createProductCheck } from './products-check.js';
import type { DataQualityReport, QualityReportOptions } from './types.js';

export const DEFAULT_EXAMPLES = 5;
export const MAX_EXAMPLES = 100;
/** The near-duplicate scan holds this many of the newest events (with properties) in memory at once. */
export const DEFAULT_RECENT_EVENTS = 50_000;
export const MAX_RECENT_EVENTS = 1_000_000;

/**
 * The data-quality report of the prepare stage over everything stored: customers, products, order lines and
 * events, each a list of rules with counts, masked examples and before/after distributions. Reads in pages through
 * the source; memory grows with order lines and the recent-event window, not with customers or events.
 */
export async function buildQualityReport(
  source: QualityReportSource,
  options: QualityReportOptions,
): Promise<DataQualityReport> {
  const examples = options.examples ?? DEFAULT_EXAMPLES;
  const recentLimit = options.recentEvents ?? DEFAULT_RECENT_EVENTS;
  if (!Number.isInteger(examples) || examples < 0 || examples > MAX_EXAMPLES)
    throw new RangeError(`examples must be an integer from 0 to ${MAX_EXAMPLES}, got ${examples}`);
  if (!Number.isInteger(recentLimit) || recentLimit < 0 || recentLimit > MAX_RECENT_EVENTS)
    throw new RangeError(
      `recentEvents must be an integer from 0 to ${MAX_RECENT_EVENTS}, got ${recentLimit}`,
    );

  let read = 0;
  const progress = (rows: number) => {
    read += rows;
    options.onProgress?.(read);
  };
  await source.settle();

  const customers = createCustomerCheck(examples);
  for await (const page of source.customers()) {
    customers.add(page);
    progress(page.length);
  }
  const products = createProductCheck(examples);
  for await (const page of source.products()) {
    products.add(page);
    progress(page.length);
  }
  const lines = createOrderLineCheck(examples);
  for await (const page of source.orderLines()) {
    lines.add(page);
    progress(page.length);
  }

  const earliest = options.shopStart === undefined ? await source.earliestRecord() : null;
  const shopStart = options.shopStart ?? earliest;
  const events = createEventCheck({ maxExamples: examples, shopStart });
  for await (const page of source.eventTimings()) {
    events.addTimings(page);
    progress(page.length);
  }
  events.setRecent(await source.recentEvents(recentLimit), recentLimit);
  events.setDuplicatesDropped(await source.duplicatesDropped());

  return {
    generatedAt: new Date(options.now).toISOString(),
    examplesPerRule: examples,
    shopStart: {
      at: shopStart === null ? null : new Date(shopStart).toISOString(),
      from: options.shopStart !== undefined ? 'option' : earliest !== null ? 'earliest_record' : 'none',
    },
    sources: {
      customers: customers.build(),
      products: products.build(),
      orderLines: lines.build(products.prices()),
      events: events.build(),
    },
  };
}
