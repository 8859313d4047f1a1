import { createRng, type Rng } from '../shared/index.js';
import { createWindow, dayWeight, windowDays, type TimeWindow } from './calendar.js';
import { campaignEffectTable, createEffectModel, type EffectModel } from './campaign-effects.js';
import { planCampaigns, type EmailCampaign } from './campaigns.js';
import { generateCatalog, productRow, type Catalog } from './catalog.js';
import { assignConversationIds, conversationRow } from './conversations.js';
import { customerRow, generateCustomers, type Shopper } from './customers.js';
import { deliver } from './delivery.js';
import { createDeviceFactory } from './devices.js';
import { emptyRowDirt, plantCustomerDirt, plantProductDirt } from './dirt.js';
import { createUuidFactory } from './demo-ids.js';
import { generateKb } from './kb.js';
import { assignOrderIds, cancellationRows, orderRows } from './orders.js';
import { assignReviewIds, reviewRow } from './reviews.js';
import { emptyStats, simulateShopper, type ShopContext } from './shopper.js';
import { summarize } from './summary.js';
import { buildTruth } from './truth.js';
import type { DemoOptions, DemoShop } from './types.js';
import { simulateVisitor } from './visitors.js';

export const demoDefaults = { customers: 2000, days: 180, products: 300 } as const;

/** Anonymous visitors who never sign up, per customer. */
const visitorsPerCustomer = 0.4;

function checkOptions(options: DemoOptions): Required<DemoOptions> {
  const resolved = { ...options, products: options.products ?? demoDefaults.products };
  for (const key of ['customers', 'days', 'products'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1)
      throw new RangeError(`${key} must be a positive integer`);
  }
  if (!Number.isInteger(resolved.seed)) throw new RangeError('seed must be an integer');
  if (!Number.isFinite(resolved.endDate)) throw new RangeError('endDate must be epoch milliseconds');
  return {
    customers: resolved.customers,
    days: resolved.days,
    seed: resolved.seed,
    endDate: resolved.endDate,
    products: resolved.products,
  };
}

/** The hidden world a shop is simulated in: its catalog, customers (tastes, churn), campaigns and their effects. */
export interface ShopWorld {
  opts: Required<DemoOptions>;
  root: Rng;
  window: TimeWindow;
  catalog: Catalog;
  shoppers: Shopper[];
  campaigns: EmailCampaign[];
  effects: EffectModel;
}

/** Draws the world of `generateShop(options)` again, without simulating anyone: the same options, the same world. */
export function shopWorld(options: DemoOptions): ShopWorld {
  const opts = checkOptions(options);
  const root = createRng(opts.seed);
  const window = createWindow(opts.endDate, opts.days);
  const catalog = generateCatalog(root.fork('catalog'), opts.products, window);
  const shoppers = generateCustomers(
    root.fork('customers'),
    opts.customers,
    window,
    catalog.categories.length,
  );
  const campaigns = planCampaigns(root.fork('campaigns'), window, catalog.categories);
  const effects = createEffectModel(root.fork('effects'), catalog.categories.length);
  return { opts, root, window, catalog, shoppers, campaigns, effects };
}

export function generateShop(options: DemoOptions): DemoShop {
  const { opts, root, window, catalog, shoppers, campaigns, effects } = shopWorld(options);
  const days = windowDays(window);
  const devices = createDeviceFactory(createUuidFactory(opts.seed, 'anonymous'));
  let session = 0;
  const nextSession = (): number => session++;
  const dayWeights = days.map(dayWeight);
  const ctx: ShopContext = { catalog, window, days, dayWeights, campaigns, effects, devices, nextSession };

  const histories = shoppers.map((s, i) => simulateShopper(root.fork(`shopper:${i}`), s, ctx));
  const visitors = Array.from({ length: Math.round(opts.customers * visitorsPerCustomer) }, (_, i) =>
    simulateVisitor(root.fork(`visitor:${i}`), catalog, window, days, devices, nextSession),
  );

  const orders = histories.flatMap((h) => h.orders);
  assignOrderIds(orders);
  const cancellations = histories.flatMap((h) => h.cancellations).sort((a, b) => a.placedMs - b.placedMs);
  const orderLines = [...orders.flatMap(orderRows), ...cancellations.flatMap(cancellationRows)].sort(
    (a, b) => (a.placed_at < b.placed_at ? -1 : a.placed_at > b.placed_at ? 1 : 0),
  );
  const reviews = histories.flatMap((h) => h.reviews);
  assignReviewIds(reviews);
  const conversations = histories.flatMap((h) => h.conversations);
  assignConversationIds(conversations);

  const dirt = emptyRowDirt();
  const products = catalog.products.map((p) => productRow(catalog, p));
  plantProductDirt(root.fork('dirt:products'), products, dirt);
  const customers = shoppers.map(customerRow);
  plantCustomerDirt(root.fork('dirt:customers'), customers, dirt);

  const events = [...histories.flatMap((h) => h.events), ...visitors.flatMap((v) => v.events)];
  const delivery = deliver(root.fork('delivery'), events, window, createUuidFactory(opts.seed, 'message'));
  const truth = buildTruth({
    options: opts,
    catalog,
    shoppers,
    histories,
    visitorIds: visitors.map((v) => v.anonymousId),
    orders,
    reviews,
    conversations,
    campaignEffects: campaignEffectTable(effects, shoppers, catalog.categories),
    dirt,
    delivery,
  });
  const stats = emptyStats();
  for (const h of histories)
    for (const k of Object.keys(stats) as (keyof typeof stats)[]) stats[k] += h.stats[k];
  const shop = {
    products,
    customers,
    orderLines,
    reviews: reviews.map(reviewRow),
    conversations: conversations.map(conversationRow),
    kb: generateKb(root.fork('kb'), window),
    events: delivery.batches,
    truth,
  };
  const summary = summarize(
    shop,
    {
      ...stats,
      visitors: visitors.length,
      visitorSessions: visitors.reduce((s, v) => s + v.sessions, 0),
      emailCampaigns: campaigns.length,
      returns: cancellations.filter((c) => c.lines !== c.order.lines).length,
      signupsInWindow: shoppers.filter((s) => s.createdMs >= window.start).length,
    },
    delivery.messages,
  );
  return { ...shop, summary };
}
