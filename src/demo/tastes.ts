import type { Rng } from '../shared/index.js';
import { clamp, dirichlet, logNormal } from './distributions.js';
import type { DemoDeviceType, DemoPlatform } from './types.js';

/** The hidden parameters behind one customer's behaviour; the engine has to infer them. */
export interface Tastes {
  /** One weight per category, summing to 1 (Dirichlet, so most people have one or two favourites). */
  affinities: number[];
  priceSensitivity: number;
  activityRate: number;
  churnHazard: number;
  emailOptIn: boolean;
  /** Probability of opening a marketing email. */
  emailEngagement: number;
  supportChannel: 'chat' | 'email';
  platform: DemoPlatform;
  deviceType: DemoDeviceType;
  /** Uses a second device (anonymous until the customer logs in there). */
  secondDevice: boolean;
}

export type PriceBand = 'bargain' | 'premium';

export function drawTastes(rng: Rng, categoryCount: number, member: boolean): Tastes {
  const affinities = dirichlet(
    rng,
    Array.from({ length: categoryCount }, () => 0.4),
  );
  const activityRate = logNormal(rng, member ? 0.09 : 0.065, 0.7);
  // Busy shoppers stay longer: hazard falls with activity.
  const churnHazard = logNormal(rng, 0.004, 0.8) * Math.pow(0.065 / activityRate, 0.3);
  const platform: DemoPlatform = rng.bool(0.35) ? 'app' : 'web';
  const deviceType: DemoDeviceType =
    platform === 'app' ? 'mobile' : rng.weighted(['desktop', 'mobile', 'tablet'] as const, [0.45, 0.45, 0.1]);
  return {
    affinities,
    priceSensitivity: clamp(rng.normal(0.5, 0.22), 0, 1),
    activityRate,
    churnHazard,
    emailOptIn: rng.bool(0.85),
    emailEngagement: clamp(rng.normal(0.3, 0.15), 0.02, 0.9),
    supportChannel: rng.bool(0.6) ? 'chat' : 'email',
    platform,
    deviceType,
    secondDevice: rng.bool(0.35),
  };
}

export function topCategory(tastes: Tastes): number {
  let best = 0;
  tastes.affinities.forEach((a, i) => {
    if (a > (tastes.affinities[best] ?? 0)) best = i;
  });
  return best;
}

export function priceBand(tastes: Tastes): PriceBand {
  return tastes.priceSensitivity >= 0.5 ? 'bargain' : 'premium';
}

/** `<top category>|<price band>`: the key of the campaign-effect table. */
export function segmentKey(category: string, band: PriceBand): string {
  return `${category}|${band}`;
}
