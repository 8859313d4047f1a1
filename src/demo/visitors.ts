import type { Rng } from '../shared/index.js';
import { MINUTE, dayWeight, timeOfDay, type TimeWindow } from './calendar.js';
import type { Catalog } from './catalog.js';
import type { DeviceFactory } from './devices.js';
import { cumulative, pickIndex } from './distributions.js';
import { countries } from './people-words.js';
import { createPicker } from './preferences.js';
import type { SimEvent } from './recorder.js';
import { runSession } from './session.js';

export interface VisitorHistory {
  events: SimEvent[];
  anonymousId: string;
  sessions: number;
}

/** Someone who browses a few times and never creates an account: anonymous traffic that resolves to nobody. */
export function simulateVisitor(
  rng: Rng,
  catalog: Catalog,
  window: TimeWindow,
  days: readonly number[],
  devices: DeviceFactory,
  nextSession: () => number,
): VisitorHistory {
  const country = countries[pickIndex(rng, cumulative(countries.map((c) => c.weight)))] ?? countries[0];
  const platform = rng.bool(0.15) ? 'app' : 'web';
  const type =
    platform === 'app' ? 'mobile' : rng.weighted(['desktop', 'mobile', 'tablet'] as const, [0.4, 0.5, 0.1]);
  const device = devices.create(rng, platform, type, country?.locale ?? 'en-IE', false);
  const picker = createPicker(catalog, null);
  const dayCum = cumulative(days.map(dayWeight));
  const starts = Array.from(
    { length: rng.int(1, 4) },
    () => (days[pickIndex(rng, dayCum)] ?? window.start) + timeOfDay(rng),
  );
  starts.sort((a, b) => a - b);
  const events: SimEvent[] = [];
  let sessions = 0;
  let lastEnd = -Infinity;
  for (const planned of starts) {
    const startMs = Math.max(planned, lastEnd + 5 * MINUTE);
    if (startMs < window.start) continue;
    const referrer = rng.pick(['', 'https://www.google.com/', 'https://www.instagram.com/']);
    const result = runSession(
      rng,
      {
        startMs,
        device,
        shopper: null,
        picker,
        session: nextSession(),
        campaign: null,
        referrer,
        coupon: null,
        checkoutBoost: 1,
        signup: false,
        categoryHint: null,
        aliasOnLogin: false,
      },
      catalog,
    );
    if (result.endMs > window.end) continue;
    lastEnd = result.endMs;
    events.push(...result.events);
    sessions++;
  }
  return { events, anonymousId: device.anonymousId, sessions };
}
