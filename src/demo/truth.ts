import { iso } from './calendar.js';
import type { Catalog } from './catalog.js';
import type { ConversationDraft } from './conversations.js';
import type { Shopper } from './customers.js';
import type { Delivery } from './delivery.js';
import type { RowDirt } from './dirt.js';
import { outlierRefs, type OrderDraft } from './orders.js';
import type { ReviewDraft } from './reviews.js';
import type { ShopperHistory } from './shopper.js';
import { priceBand, segmentKey, topCategory } from './tastes.js';
import type { DemoCustomerTruth, DemoOptions, DemoPlanted, DemoTruth } from './types.js';

export const generatorName = 'rapport-demo';
export const generatorVersion = 1;

const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export interface TruthInput {
  options: Required<DemoOptions>;
  catalog: Catalog;
  shoppers: readonly Shopper[];
  histories: readonly ShopperHistory[];
  visitorIds: readonly string[];
  orders: readonly OrderDraft[];
  reviews: readonly ReviewDraft[];
  conversations: readonly ConversationDraft[];
  campaignEffects: DemoTruth['campaignEffects'];
  dirt: RowDirt;
  delivery: Delivery;
}

export function plantedDirt(input: TruthInput): DemoPlanted {
  const { dirt, delivery, orders } = input;
  const quantityOutliers = outlierRefs(orders, 'quantity');
  const priceOutliers = outlierRefs(orders, 'price');
  return {
    duplicateMessageIds: delivery.duplicateMessageIds,
    malformedEmails: dirt.malformedEmails,
    messyEmailUserIds: dirt.messyEmailUserIds,
    malformedPhones: dirt.malformedPhones,
    missingPhoneUserIds: dirt.missingPhoneUserIds,
    missingCityUserIds: dirt.missingCityUserIds,
    productsWithoutDescription: dirt.productsWithoutDescription,
    quantityOutliers,
    priceOutliers,
    lateMessageIds: delivery.lateMessageIds,
    skewedBatches: delivery.skewedBatches,
    counts: {
      duplicateMessages: delivery.duplicateMessageIds.length,
      retryBatches: delivery.retryBatches,
      lateEvents: delivery.lateMessageIds.length,
      lateBatches: delivery.lateBatches,
      skewedBatches: delivery.skewedBatches.length,
      skewedEvents: delivery.skewedMessages,
      malformedEmails: dirt.malformedEmails.length,
      messyEmails: dirt.messyEmailUserIds.length,
      malformedPhones: dirt.malformedPhones.length,
      reformattedPhones: dirt.reformattedPhones,
      missingPhones: dirt.missingPhoneUserIds.length,
      missingCities: dirt.missingCityUserIds.length,
      miscasedNames: dirt.miscasedNames,
      productsWithoutDescription: dirt.productsWithoutDescription.length,
      quantityOutliers: quantityOutliers.length,
      priceOutliers: priceOutliers.length,
    },
  };
}

/** What really happened, kept beside the data so later stages can be scored; the engine never reads it. */
export function buildTruth(input: TruthInput): DemoTruth {
  const { catalog, shoppers, histories } = input;
  const customers: Record<string, DemoCustomerTruth> = {};
  const identities: Record<string, string | null> = {};
  shoppers.forEach((s, i) => {
    const t = s.tastes;
    const affinities: Record<string, number> = {};
    catalog.categories.forEach((c, k) => (affinities[c] = round(t.affinities[k] ?? 0)));
    const anonymousIds = histories[i]?.anonymousIds ?? [];
    for (const id of anonymousIds) identities[id] = s.userId;
    customers[s.userId] = {
      affinities,
      priceSensitivity: round(t.priceSensitivity),
      activityRate: round(t.activityRate),
      churnHazard: round(t.churnHazard),
      churnDate: s.churnMs === null ? null : iso(s.churnMs),
      churned: s.churnMs !== null,
      segment: segmentKey(catalog.categories[topCategory(t)] ?? '', priceBand(t)),
      anonymousIds,
      email: s.email,
    };
  });
  for (const id of input.visitorIds) identities[id] = null;
  const products: DemoTruth['products'] = {};
  for (const p of catalog.products)
    products[p.id] = { quality: round(p.quality), popularity: round(p.popularity) };
  const reviews: DemoTruth['reviews'] = {};
  for (const r of input.reviews) reviews[r.id] = r.truth;
  const conversations: DemoTruth['conversations'] = {};
  for (const c of input.conversations) conversations[c.id] = c.intent;
  return {
    seed: input.options.seed,
    generatedWith: { generator: generatorName, version: generatorVersion, options: input.options },
    customers,
    identities,
    products,
    reviews,
    conversations,
    campaignEffects: input.campaignEffects,
    planted: plantedDirt(input),
    receivedAt: input.delivery.receivedAt.map(iso),
  };
}
