import { DAY, HOUR, dayWeight } from './calendar.js';
import type { Shopper } from './customers.js';
import { shopWorld, type ShopWorld } from './generate-shop.js';
import { createPicker } from './preferences.js';
import { orderChance, type VisitOdds } from './session.js';
import { WELCOME_COUPON, WELCOME_SHARE } from './shopper.js';
import { emailResponse, emailVisit } from './shopper-plan.js';
import type { DemoShop } from './types.js';

/** One customer's true demand as of a time, from the generator's hidden state then and its process after. */
export interface DemoDemandTruth {
  userId: string;
  /** Has not left for good by the time. */
  alive: boolean;
  /** Daily probability of leaving for good. */
  churnHazard: number;
  /** Per horizon: P(at least one order in (asOf, asOf + horizon]). 0 when gone. */
  orderChance: number[];
  /** Per horizon: P(gone by asOf + horizon). 1 when gone already. */
  churnedChance: number[];
}

export interface DemandTruthOptions {
  asOf: number;
  /** Whole days. */
  horizonDays: readonly number[];
}

/** Orders per hour from ordinary visits, and email click-throughs that order (send time, chance), in steps of an hour. */
interface Intensity {
  perHour: Float64Array;
  emails: Float64Array;
}

/** Chance that an ordinary visit at `startMs` orders, the welcome coupon mixed in while it still applies. */
function visitChance(shopper: Shopper, odds: VisitOdds, welcome: boolean, world: ShopWorld): number {
  const plain = orderChance(odds, shopper, world.catalog);
  if (!welcome || odds.coupon !== null) return plain;
  const withCoupon = orderChance({ ...odds, coupon: WELCOME_COUPON }, shopper, world.catalog);
  return (1 - WELCOME_SHARE) * plain + WELCOME_SHARE * withCoupon;
}

function intensity(
  shopper: Shopper,
  asOf: number,
  hours: number,
  welcome: boolean,
  world: ShopWorld,
): Intensity {
  const picker = createPicker(world.catalog, shopper.tastes);
  const perHour = new Float64Array(hours);
  const emails = new Float64Array(hours).fill(1);
  // Ordinary visits: Poisson per day at activityRate × the day's weight, each ordering with its own chance, so
  // orders from them are Poisson too. Spread evenly over the day's hours (only the sum over whole days matters
  // when the horizon is whole days).
  let chanceDay = NaN;
  let chance = 0;
  for (let k = 0; k < hours; k++) {
    const at = asOf + (k + 0.5) * HOUR;
    const day = Math.floor(at / DAY) * DAY;
    if (day !== chanceDay) {
      chanceDay = day;
      const odds = { startMs: day + DAY / 2, picker, coupon: null, checkoutBoost: 1, categoryHint: null };
      chance = shopper.tastes.activityRate * dayWeight(day) * visitChance(shopper, odds, welcome, world);
    }
    perHour[k] = chance / 24;
  }
  // Emails: open, click, then the visit orders (opening and clicking take minutes to hours; taken at the send).
  if (shopper.tastes.emailOptIn)
    for (const c of world.campaigns) {
      const k = Math.floor((c.sendMs - asOf) / HOUR);
      if (c.sendMs <= asOf || k >= hours) continue;
      const r = emailResponse(shopper.tastes, c, world.effects);
      const odds = { startMs: c.sendMs, picker, checkoutBoost: r.checkoutBoost, ...emailVisit(c) };
      emails[k] = (emails[k] ?? 1) * (1 - r.open * r.click * visitChance(shopper, odds, welcome, world));
    }
  return { perHour, emails };
}

/**
 * P(no order in the first `hours`) for a customer alive at the start, whose departure is exponential with
 * `hazard` per day (memoryless, so being alive at the start is all that matters): the orders stop at departure.
 */
function noOrderChance(x: Intensity, hazard: number, hours: number): number {
  let none = 1; // no order so far, still there
  let out = 0;
  for (let k = 0; k < hours; k++) {
    const stay = Math.exp((-hazard * k) / 24) - Math.exp((-hazard * (k + 1)) / 24);
    const lambda = x.perHour[k] ?? 0;
    const email = x.emails[k] ?? 1;
    // Leaving within this hour: half of its orders happen before.
    out += stay * none * Math.exp(-lambda / 2) * Math.sqrt(email);
    none *= Math.exp(-lambda) * email;
  }
  return out + Math.exp((-hazard * hours) / 24) * none;
}

/**
 * Each customer's true chance of ordering within each horizon after `asOf`, given what the generator knows at
 * `asOf` (tastes, whether they have left, whether the welcome coupon still applies) and integrating over the rest of
 * its process: ordinary visits, campaign emails and departure. The chance of a visit ordering is `orderChance`, the
 * odds `runSession` draws from. Not modelled: the minutes an email takes to be opened and clicked, and the few
 * seconds a visit lasts. Customers who sign up after `asOf` are left out. For scoring demand models against truth;
 * the engine never sees it.
 */
export function demandTruth(shop: DemoShop, options: DemandTruthOptions): Map<string, DemoDemandTruth> {
  const world = shopWorld(shop.truth.generatedWith.options);
  const { asOf, horizonDays } = options;
  for (const h of horizonDays)
    if (!Number.isInteger(h) || h < 1) throw new RangeError('horizons must be whole days, at least 1');
  const ordered = new Set<string>();
  for (const line of shop.orderLines)
    if (line.kind === 'order' && Date.parse(line.placed_at) <= asOf) ordered.add(line.user_id);
  const hours = Math.max(0, ...horizonDays) * 24;
  const out = new Map<string, DemoDemandTruth>();
  for (const s of world.shoppers) {
    const recorded = shop.truth.customers[s.userId];
    if (!recorded || Math.abs(recorded.activityRate - s.tastes.activityRate) > 1e-6)
      throw new RangeError(`the shop was not generated by this generator (customer ${s.userId} differs)`);
    if (s.createdMs > asOf) continue;
    const alive = s.churnMs === null || s.churnMs > asOf;
    const hazard = s.tastes.churnHazard;
    let orderChances = horizonDays.map(() => 0);
    if (alive) {
      const welcome = s.createdMs >= world.window.start && !ordered.has(s.userId);
      const x = intensity(s, asOf, hours, welcome, world);
      orderChances = horizonDays.map((h) => 1 - noOrderChance(x, hazard, h * 24));
    }
    out.set(s.userId, {
      userId: s.userId,
      alive,
      churnHazard: hazard,
      orderChance: orderChances,
      churnedChance: horizonDays.map((h) => (alive ? 1 - Math.exp(-hazard * h) : 1)),
    });
  }
  return out;
}
