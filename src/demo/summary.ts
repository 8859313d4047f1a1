import type { ActivityStats } from './shopper.js';
import type { DemoShop, SegmentMessage } from './types.js';

const typeKey: Record<string, string> = {
  track: 'eventsTrack',
  identify: 'eventsIdentify',
  page: 'eventsPage',
  screen: 'eventsScreen',
  alias: 'eventsAlias',
};

/** Counts of everything generated, including each kind of planted dirt. */
export function summarize(
  shop: Omit<DemoShop, 'summary'>,
  stats: ActivityStats & {
    visitors: number;
    visitorSessions: number;
    emailCampaigns: number;
    returns: number;
    signupsInWindow: number;
  },
  /** Each message once, whatever number of times it was delivered. */
  messages: readonly SegmentMessage[],
): Record<string, number> {
  const orders = new Set<string>();
  const cancellations = new Set<string>();
  for (const l of shop.orderLines) (l.kind === 'order' ? orders : cancellations).add(l.order_id);
  const byType: Record<string, number> = {
    eventsTrack: 0,
    eventsIdentify: 0,
    eventsPage: 0,
    eventsScreen: 0,
    eventsAlias: 0,
  };
  let orderCompleted = 0;
  for (const m of messages) {
    const key = typeKey[m.type] ?? 'eventsOther';
    byType[key] = (byType[key] ?? 0) + 1;
    if (m.event === 'Order Completed') orderCompleted++;
  }
  const delivered = shop.events.reduce((n, b) => n + b.batch.length, 0);
  const truth = Object.values(shop.truth.customers);
  return {
    products: shop.products.length,
    categories: new Set(shop.products.map((p) => p.category)).size,
    productsOutOfStock: shop.products.filter((p) => p.stock === 0).length,
    customers: shop.customers.length,
    customersSignedUpInWindow: stats.signupsInWindow,
    customersChurned: truth.filter((c) => c.churned).length,
    customersWithPlan: shop.customers.filter((c) => c.plan !== undefined).length,
    visitors: stats.visitors,
    anonymousIds: Object.keys(shop.truth.identities).length,
    sessions: stats.sessions + stats.visitorSessions,
    customerSessions: stats.sessions,
    anonymousSessions: stats.anonymousSessions + stats.visitorSessions,
    identifyCalls: stats.identifies,
    aliasCalls: stats.aliases,
    cookieResets: stats.cookieResets,
    emailCampaigns: stats.emailCampaigns,
    emailsOpened: stats.emailsOpened,
    emailsClicked: stats.emailsClicked,
    orders: orders.size,
    orderCompletedEvents: orderCompleted,
    cancellations: cancellations.size,
    returns: stats.returns,
    orderLines: shop.orderLines.length,
    reviews: shop.reviews.length,
    conversations: shop.conversations.length,
    conversationMessages: shop.conversations.reduce((s, c) => s + c.messages.length, 0),
    kbArticles: shop.kb.length,
    events: messages.length,
    eventsDelivered: delivered,
    batches: shop.events.length,
    ...byType,
    ...shop.truth.planted.counts,
  };
}
