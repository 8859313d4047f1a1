import type { Rng } from '../shared/index.js';
import { DAY, MINUTE, type TimeWindow } from './calendar.js';
import type { EffectModel } from './campaign-effects.js';
import type { EmailCampaign } from './campaigns.js';
import type { Catalog } from './catalog.js';
import {
  draftGeneralConversation,
  draftOrderConversations,
  type ConversationDraft,
} from './conversations.js';
import type { Shopper } from './customers.js';
import type { DeviceFactory } from './devices.js';
import { poisson, uniform } from './distributions.js';
import { drawExperience } from './experience.js';
import type { CancellationDraft, OrderDraft } from './orders.js';
import { createPicker } from './preferences.js';
import { createRecorder, type SimEvent } from './recorder.js';
import { draftReviews, type ReviewDraft } from './reviews.js';
import { runSession } from './session.js';
import { planEmails, planVisits, type PlannedSession } from './shopper-plan.js';

/** A customer who signed up in the window gets a welcome coupon on this share of visits until the first order. */
export const WELCOME_SHARE = 0.4;
export const WELCOME_COUPON = { code: 'WELCOME10', rate: 0.1 } as const;

export interface ShopContext {
  catalog: Catalog;
  window: TimeWindow;
  days: readonly number[];
  /** `dayWeight` of each of `days`. */
  dayWeights: readonly number[];
  campaigns: readonly EmailCampaign[];
  effects: EffectModel;
  devices: DeviceFactory;
  nextSession: () => number;
}

export interface ActivityStats {
  sessions: number;
  anonymousSessions: number;
  identifies: number;
  aliases: number;
  emailsOpened: number;
  emailsClicked: number;
  cookieResets: number;
}

export interface ShopperHistory {
  events: SimEvent[];
  orders: OrderDraft[];
  cancellations: CancellationDraft[];
  reviews: ReviewDraft[];
  conversations: ConversationDraft[];
  anonymousIds: string[];
  stats: ActivityStats;
}

export function emptyStats(): ActivityStats {
  return {
    sessions: 0,
    anonymousSessions: 0,
    identifies: 0,
    aliases: 0,
    emailsOpened: 0,
    emailsClicked: 0,
    cookieResets: 0,
  };
}

/** Everything one customer does in the window, in time order, stopping at their churn date. */
export function simulateShopper(rng: Rng, shopper: Shopper, ctx: ShopContext): ShopperHistory {
  const t = shopper.tastes;
  const locale = shopper.country.locale;
  const preWindow = shopper.createdMs < ctx.window.start;
  // Customers from before the window are mostly still logged in on their main device.
  const primary = ctx.devices.create(rng, t.platform, t.deviceType, locale, preWindow && rng.bool(0.85));
  const secondary = t.secondDevice
    ? t.platform === 'app' || t.deviceType !== 'desktop'
      ? ctx.devices.create(rng, 'web', 'desktop', locale, false)
      : ctx.devices.create(rng, 'web', 'mobile', locale, false)
    : null;
  const history: ShopperHistory = {
    events: [],
    orders: [],
    cancellations: [],
    reviews: [],
    conversations: [],
    anonymousIds: [primary.anonymousId, ...(secondary ? [secondary.anonymousId] : [])],
    stats: emptyStats(),
  };
  const planCtx = { rng, shopper, primary, secondary, windowStart: ctx.window.start };
  const emails = planEmails(planCtx, ctx.campaigns, ctx.effects);
  history.events.push(...emails.events);
  history.stats.emailsOpened = emails.opened;
  history.stats.emailsClicked = emails.clicked;
  const plans: PlannedSession[] = [...planVisits(planCtx, ctx.days, ctx.dayWeights), ...emails.sessions];
  plans.sort((a, b) => a.startMs - b.startMs);

  const picker = createPicker(ctx.catalog, t);
  const aliasOnLogin = t.platform === 'app' && rng.bool(0.5);
  let lastEnd = -Infinity;
  for (const p of plans) {
    let startMs = p.startMs;
    if (p.kind !== 'signup' && startMs < lastEnd + MINUTE)
      startMs = lastEnd + Math.floor(uniform(rng, 1, 20) * MINUTE);
    if (p.kind === 'pre-signup' && startMs > shopper.createdMs - 10 * MINUTE) continue;
    if (startMs > shopper.limit) continue;
    if (p.kind === 'regular' && p.device.platform === 'web' && rng.bool(0.03)) {
      ctx.devices.renew(p.device);
      history.anonymousIds.push(p.device.anonymousId);
      history.stats.cookieResets++;
    }
    const welcome =
      !preWindow &&
      history.orders.length === 0 &&
      p.coupon === null &&
      p.kind !== 'pre-signup' &&
      rng.bool(WELCOME_SHARE);
    const result = runSession(
      rng,
      {
        startMs,
        device: p.device,
        shopper: p.kind === 'pre-signup' ? null : shopper,
        picker,
        session: ctx.nextSession(),
        campaign: p.campaign,
        referrer: p.referrer,
        coupon: welcome ? WELCOME_COUPON : p.coupon,
        checkoutBoost: p.checkoutBoost,
        signup: p.kind === 'signup',
        categoryHint: p.categoryHint,
        aliasOnLogin: aliasOnLogin && p.device === primary,
      },
      ctx.catalog,
    );
    // A visit that would run past the churn moment never happened.
    if (result.endMs > shopper.limit) continue;
    lastEnd = result.endMs;
    p.device.identified = result.loggedIn;
    history.events.push(...result.events);
    history.stats.sessions++;
    if (result.anonymous) history.stats.anonymousSessions++;
    history.stats.identifies += result.identifies;
    history.stats.aliases += result.aliases;
    if (result.order) history.orders.push(result.order);
  }

  for (const order of history.orders) {
    const x = drawExperience(rng, ctx.catalog, order, shopper.country.deliveryDays);
    if (x.cancelledMs !== null && x.cancelledMs <= shopper.limit) {
      history.cancellations.push({ order, placedMs: x.cancelledMs, lines: order.lines });
    } else if (x.cancelledMs === null) {
      const returned = x.lines.filter((l) => l.returned).map((l) => l.line);
      const at = x.deliveredMs + Math.floor(uniform(rng, 3, 10) * DAY);
      if (returned.length > 0 && at <= shopper.limit)
        history.cancellations.push({ order, placedMs: at, lines: returned });
    }
    for (const review of draftReviews(rng, order, x, shopper.limit)) {
      const rec = createRecorder({
        device: primary,
        userId: shopper.userId,
        session: ctx.nextSession(),
        startMs: review.createdMs,
        campaign: null,
        referrer: '',
      });
      review.eventProps = rec.track('Product Reviewed', {
        product_id: review.productId,
        review_id: '',
        review_body: review.body,
        rating: review.rating,
      });
      history.events.push(...rec.events);
      history.reviews.push(review);
    }
    history.conversations.push(...draftOrderConversations(rng, shopper, order, x, ctx.window, shopper.limit));
  }
  const activeDays = (shopper.limit - shopper.activeStart) / DAY;
  const general = poisson(rng, (0.15 * activeDays) / 90);
  for (let i = 0; i < general; i++) {
    const at = shopper.activeStart + Math.floor(rng.next() * (shopper.limit - shopper.activeStart));
    const c = draftGeneralConversation(rng, shopper, at, ctx.window, shopper.limit);
    if (c) history.conversations.push(c);
  }
  return history;
}
