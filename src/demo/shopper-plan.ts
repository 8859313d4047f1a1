import type { Rng } from '../shared/index.js';
import { DAY, HOUR, MINUTE, timeOfDay } from './calendar.js';
import type { EffectModel } from './campaign-effects.js';
import type { EmailCampaign } from './campaigns.js';
import type { Shopper } from './customers.js';
import { exponential, poisson, uniform } from './distributions.js';
import { serverEvent, type CampaignContext, type Device, type SimEvent } from './recorder.js';
import { priceBand, topCategory, type Tastes } from './tastes.js';

/** A visit decided in advance; visits are then run in time order so login state evolves correctly. */
export interface PlannedSession {
  startMs: number;
  device: Device;
  kind: 'pre-signup' | 'signup' | 'regular' | 'email';
  campaign: CampaignContext | null;
  referrer: string;
  coupon: { code: string; rate: number } | null;
  categoryHint: number | null;
  checkoutBoost: number;
}

export interface PlanContext {
  rng: Rng;
  shopper: Shopper;
  primary: Device;
  secondary: Device | null;
  windowStart: number;
}

function trafficSource(rng: Rng): { campaign: CampaignContext | null; referrer: string } {
  const r = rng.next();
  if (r < 0.08) {
    const name = rng.pick(['brand_search', 'shopping_feed', 'generic_search']);
    return { campaign: { source: 'google', medium: 'cpc', name }, referrer: 'https://www.google.com/' };
  }
  if (r < 0.14) {
    const source = rng.pick(['instagram', 'facebook']);
    const name = rng.pick(['seasonal_collection', 'retargeting', 'new_arrivals']);
    return { campaign: { source, medium: 'paid_social', name }, referrer: `https://www.${source}.com/` };
  }
  if (r < 0.3) return { campaign: null, referrer: 'https://www.google.com/' };
  if (r < 0.34) return { campaign: null, referrer: 'https://www.pinterest.com/' };
  return { campaign: null, referrer: '' };
}

function plan(
  ctx: PlanContext,
  startMs: number,
  kind: PlannedSession['kind'],
  device: Device,
): PlannedSession {
  const source = kind === 'signup' ? { campaign: null, referrer: '' } : trafficSource(ctx.rng);
  return { startMs, device, kind, ...source, coupon: null, categoryHint: null, checkoutBoost: 1 };
}

/** Anonymous look-arounds before signing up, the signup visit, then ordinary visits day by day. */
export function planVisits(
  ctx: PlanContext,
  days: readonly number[],
  weights: readonly number[],
): PlannedSession[] {
  const { rng, shopper, primary, secondary } = ctx;
  const out: PlannedSession[] = [];
  const signsUpInWindow = shopper.createdMs >= ctx.windowStart;
  if (signsUpInWindow) {
    const before = rng.int(0, 3);
    for (let i = 0; i < before; i++) {
      const at = shopper.createdMs - Math.floor(uniform(rng, 2 * HOUR, 14 * DAY));
      if (at >= ctx.windowStart) out.push(plan(ctx, at, 'pre-signup', primary));
    }
    out.push(plan(ctx, shopper.createdMs - Math.floor(uniform(rng, 1, 4) * MINUTE), 'signup', primary));
  }
  const earliest = shopper.activeStart + (signsUpInWindow ? 30 * MINUTE : 0);
  for (let d = 0; d < days.length; d++) {
    const day = days[d] ?? 0;
    if (day + DAY < earliest || day > shopper.limit) continue;
    const n = poisson(rng, shopper.tastes.activityRate * (weights[d] ?? 1));
    for (let i = 0; i < n; i++) {
      const at = day + timeOfDay(rng);
      if (at < earliest || at > shopper.limit) continue;
      const device = secondary && rng.bool(0.3) ? secondary : primary;
      out.push(plan(ctx, at, 'regular', device));
    }
  }
  return out;
}

export interface EmailOutcome {
  events: SimEvent[];
  sessions: PlannedSession[];
  opened: number;
  clicked: number;
}

/** How one opted-in customer answers one campaign: the odds behind `planEmails`' draws, also for the hidden truth. */
export interface EmailResponse {
  open: number;
  /** Chance of a click once opened. */
  click: number;
  /** The clicked-through visit's checkout boost. */
  checkoutBoost: number;
}

export function emailResponse(tastes: Tastes, c: EmailCampaign, effects: EffectModel): EmailResponse {
  const aff = c.category === null ? 0.1 : (tastes.affinities[c.category] ?? 0);
  const pOpen =
    tastes.emailEngagement *
    (c.kind === 'discount' ? 1 + 0.5 * tastes.priceSensitivity : 1) *
    (0.7 + 1.5 * aff);
  const uplift = c.kind === 'discount' ? effects.uplift(topCategory(tastes), priceBand(tastes)) : 0;
  const pClick = 0.15 + 0.5 * aff + 2 * Math.max(0, uplift);
  return {
    open: Math.min(0.95, pOpen),
    click: Math.min(0.9, pClick),
    checkoutBoost: Math.max(0.3, 1 + 6 * uplift),
  };
}

/** The visit a click on campaign `c` leads to, as far as ordering goes. */
export function emailVisit(c: EmailCampaign): Pick<PlannedSession, 'coupon' | 'categoryHint'> {
  return { coupon: c.code ? { code: c.code, rate: c.discountRate } : null, categoryHint: c.category };
}

/** Opens and clicks on marketing emails (server-side events), and the visits the clicks lead to. */
export function planEmails(
  ctx: PlanContext,
  campaigns: readonly EmailCampaign[],
  effects: EffectModel,
): EmailOutcome {
  const { rng, shopper } = ctx;
  const out: EmailOutcome = { events: [], sessions: [], opened: 0, clicked: 0 };
  if (!shopper.tastes.emailOptIn) return out;
  const t = shopper.tastes;
  const locale = shopper.country.locale;
  for (const c of campaigns) {
    if (c.sendMs < shopper.activeStart || c.sendMs > shopper.limit) continue;
    const response = emailResponse(t, c, effects);
    if (!rng.bool(response.open)) continue;
    const openMs = c.sendMs + Math.floor(exponential(rng, 1 / (6 * HOUR)));
    if (openMs > shopper.limit) continue;
    const emailId = `${c.id}:${shopper.userId}`;
    const base = { campaign_id: c.id, campaign_name: c.name, email_id: emailId };
    out.events.push(
      serverEvent(openMs, shopper.userId, locale, 'Email Opened', { ...base, email_subject: c.subject }),
    );
    out.opened++;
    if (!rng.bool(response.click)) continue;
    const clickMs = openMs + rng.int(1, 15) * MINUTE;
    if (clickMs > shopper.limit) continue;
    const linkUrl = `https://shop.maplemoss.example/?utm_source=newsletter&utm_medium=email&utm_campaign=${c.id}`;
    out.events.push(
      serverEvent(clickMs, shopper.userId, locale, 'Email Link Clicked', { ...base, link_url: linkUrl }),
    );
    out.clicked++;
    out.sessions.push({
      startMs: clickMs + rng.int(3, 20) * 1000,
      device: ctx.primary,
      kind: 'email',
      campaign: { source: 'newsletter', medium: 'email', name: c.id },
      referrer: '',
      ...emailVisit(c),
      checkoutBoost: response.checkoutBoost,
    });
  }
  return out;
}
