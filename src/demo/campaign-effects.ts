import type { Rng } from '../shared/index.js';
import type { Shopper } from './customers.js';
import { priceBand, segmentKey, topCategory, type PriceBand } from './tastes.js';
import type { DemoCampaignEffect, DemoTruth } from './types.js';

/** The true effect of a discount email per taste segment; the history uses it and experiments are scored on it. */
export interface EffectModel {
  uplift(category: number, band: PriceBand): number;
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000;

export function createEffectModel(rng: Rng, categoryCount: number): EffectModel {
  // Bargain hunters respond; premium buyers barely, and in some categories a discount even puts them off.
  const table = Array.from({ length: categoryCount }, () => ({
    bargain: round4(Math.max(0.005, rng.normal(0.06, 0.02))),
    premium: round4(rng.normal(0.008, 0.015)),
  }));
  return { uplift: (c, band) => table[c]?.[band] ?? 0 };
}

/** Sessions that end in an order, roughly, in the simulation; only used to state a baseline. */
const ordersPerSession = 0.1;
const horizonDays = 14;

export function campaignEffectTable(
  model: EffectModel,
  shoppers: readonly Shopper[],
  categories: readonly string[],
): DemoTruth['campaignEffects'] {
  const segments: DemoCampaignEffect[] = [];
  categories.forEach((category, c) => {
    for (const band of ['bargain', 'premium'] as const) {
      const members = shoppers.filter((s) => topCategory(s.tastes) === c && priceBand(s.tastes) === band);
      const rate = members.reduce((sum, s) => sum + s.tastes.activityRate, 0) / (members.length || 1);
      segments.push({
        segment: segmentKey(category, band),
        topCategory: category,
        priceBand: band,
        customers: members.length,
        baselineRate: round4(1 - Math.exp(-horizonDays * rate * ordersPerSession)),
        uplift: model.uplift(c, band),
      });
    }
  });
  return {
    definition:
      'segment = customer top-affinity category | price band (bargain: priceSensitivity >= 0.5); ' +
      `uplift = P(order within ${horizonDays} days | discount email) - P(order within ${horizonDays} days | no email)`,
    horizonDays,
    segments,
  };
}
