import { describe, expect, it } from 'vitest';
import { createRng, customerIdFor } from '../shared/index.js';
import { DAY } from './calendar.js';
import { shopWorld } from './generate-shop.js';
import { checkDemandScores, demandTruth, generateShop } from './index.js';
import { createPicker } from './preferences.js';
import type { Device } from './recorder.js';
import { orderChance, runSession } from './session.js';

const endDate = Date.parse('2026-10-31T23:59:59.999Z');

describe('orderChance', () => {
  it('is the frequency with which runSession orders, for plain, coupon and email visits', () => {
    const world = shopWorld({ customers: 20, days: 200, seed: 5, endDate });
    const rng = createRng('order-chance');
    const startMs = endDate - 20 * DAY;
    const visits = [
      { coupon: null, checkoutBoost: 1, categoryHint: null },
      { coupon: { code: 'TEN', rate: 0.1 }, checkoutBoost: 1.3, categoryHint: 2 },
      { coupon: null, checkoutBoost: 1, categoryHint: 0 },
    ];
    const n = 8000;
    for (const shopper of world.shoppers.slice(0, 2)) {
      const picker = createPicker(world.catalog, shopper.tastes);
      for (const visit of visits) {
        const p = orderChance({ startMs, picker, ...visit }, shopper, world.catalog);
        let orders = 0;
        for (let k = 0; k < n; k++) {
          const device: Device = {
            anonymousId: 'a',
            platform: 'web',
            type: 'desktop',
            userAgent: '',
            ip: '',
            locale: 'en-GB',
            identified: true,
            stream: 1,
          };
          const spec = {
            ...visit,
            startMs,
            device,
            shopper,
            picker,
            session: k,
            campaign: null,
            referrer: '',
            signup: false,
            aliasOnLogin: false,
          };
          if (runSession(rng, spec, world.catalog).order) orders++;
        }
        // Four standard errors of the simulated frequency.
        expect(Math.abs(orders / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
        expect(p).toBeGreaterThan(0.05);
      }
    }
  });
});

describe('demandTruth', () => {
  const shop = generateShop({ customers: 800, days: 120, seed: 11, endDate });
  const asOf = endDate - 60 * DAY;
  const truth = demandTruth(shop, { asOf, horizonDays: [30, 60] });

  it('expects as many buyers as the shop then has, within chance', () => {
    for (const [i, h] of [30, 60].entries()) {
      const buyers = new Set(
        shop.orderLines
          .filter((l) => l.kind === 'order')
          .filter((l) => Date.parse(l.placed_at) > asOf && Date.parse(l.placed_at) <= asOf + h * DAY)
          .map((l) => l.user_id),
      );
      let expected = 0;
      let variance = 0;
      let realized = 0;
      for (const t of truth.values()) {
        const p = t.orderChance[i] ?? NaN;
        expected += p;
        variance += p * (1 - p);
        if (buyers.has(t.userId)) realized++;
      }
      expect(realized).toBeGreaterThan(50);
      expect(Math.abs(realized - expected)).toBeLessThan(4 * Math.sqrt(variance));
    }
  });

  it('knows who has left and who has not signed up yet', () => {
    const customers = Object.entries(shop.truth.customers);
    const gone = customers.filter(([, c]) => c.churnDate !== null && Date.parse(c.churnDate) <= asOf);
    expect(gone.length).toBeGreaterThan(20);
    for (const [id] of gone)
      expect(truth.get(id)).toMatchObject({ orderChance: [0, 0], churnedChance: [1, 1] });
    const later = shop.customers.filter((c) => Date.parse(c.created_at) > asOf);
    expect(later.length).toBeGreaterThan(20);
    for (const c of later) expect(truth.has(c.user_id)).toBe(false);
    for (const t of truth.values()) {
      expect(t.orderChance[1]).toBeGreaterThanOrEqual(t.orderChance[0] ?? NaN);
      if (t.alive) expect(t.churnedChance[0]).toBeCloseTo(1 - Math.exp(-30 * t.churnHazard), 12);
    }
  });

  it('refuses a shop the generator did not make with these options', () => {
    const generatedWith = shop.truth.generatedWith;
    const forged = {
      ...shop,
      truth: {
        ...shop.truth,
        generatedWith: { ...generatedWith, options: { ...generatedWith.options, seed: 12 } },
      },
    };
    expect(() => demandTruth(forged, { asOf, horizonDays: [30] })).toThrow(RangeError);
  });
});

describe('checkDemandScores', () => {
  const shop = generateShop({ customers: 600, days: 120, seed: 4, endDate });
  const asOf = endDate - 30 * DAY;
  const truth = demandTruth(shop, { asOf, horizonDays: [30] });

  it('gives the truth itself the ceiling and a perfect correlation, and noise about one half', () => {
    const perfect = new Map([...truth.values()].map((t) => [customerIdFor(t.userId), t.orderChance[0] ?? 0]));
    const best = checkDemandScores(shop, perfect, { kind: 'propensity', asOf, horizonDays: 30 });
    expect(best.customers).toBe(truth.size);
    expect(best.unmatched).toBe(0);
    expect(best.rocAuc).toBe(best.truthRocAuc);
    expect(best.rocAuc).toBeGreaterThan(0.75);
    expect(best.trueChance.spearman).toBeCloseTo(1, 12);
    expect(best.trueChance.pearson).toBeCloseTo(1, 12);

    const rng = createRng('noise');
    const noise = new Map([...perfect.keys(), 'cus_nobody'].map((id) => [id, rng.next()]));
    const random = checkDemandScores(shop, noise, { kind: 'propensity', asOf, horizonDays: 30 });
    expect(random.unmatched).toBe(1);
    expect(Math.abs(random.rocAuc - 0.5)).toBeLessThan(0.08);
    expect(Math.abs(random.trueChance.spearman)).toBeLessThan(0.12);

    // Churn scores P(no order): the same ranking, reversed, is perfect again.
    const churn = new Map([...perfect].map(([id, p]) => [id, 1 - p]));
    const check = checkDemandScores(shop, churn, { kind: 'churn', asOf, horizonDays: 30 });
    expect(check.positives).toBe(best.customers - best.positives);
    expect(check.rocAuc).toBeCloseTo(best.rocAuc, 12);
    expect(check.trueChance.spearman).toBeCloseTo(1, 12);
  });
});
