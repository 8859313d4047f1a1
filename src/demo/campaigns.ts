import type { Rng } from '../shared/index.js';
import { DAY, HOUR, MINUTE, isoDate, type TimeWindow } from './calendar.js';

/** A marketing email sent to every opted-in, still-active customer. */
export interface EmailCampaign {
  id: string;
  name: string;
  subject: string;
  kind: 'newsletter' | 'discount';
  sendMs: number;
  /** Category the email features, if any. */
  category: number | null;
  discountRate: number;
  code: string | null;
}

const newsletterSubjects = [
  'New in this week',
  'Our editors picked these for you',
  'Fresh arrivals and a few favourites',
  'What everyone is buying right now',
  'Back in stock: the ones you asked about',
];

function blackFriday(year: number): number {
  // The Friday after the fourth Thursday of November.
  const first = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - first + 7) % 7);
  return Date.UTC(year, 10, firstThursday + 22);
}

/** Weekly newsletters on Tuesdays, a discount every four weeks, and Black Friday when it falls in the window. */
export function planCampaigns(rng: Rng, window: TimeWindow, categories: readonly string[]): EmailCampaign[] {
  const out: EmailCampaign[] = [];
  const firstDay = Math.floor(window.start / DAY) * DAY;
  let discountCountdown = rng.int(7, 28);
  for (let day = firstDay; day <= window.end; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    const sendMs = day + 8 * HOUR + rng.int(0, 60) * MINUTE;
    if (sendMs < window.start || sendMs > window.end) {
      discountCountdown--;
      continue;
    }
    const stamp = isoDate(day).replaceAll('-', '');
    if (weekday === 2) {
      const category = rng.bool(0.6) ? rng.int(0, categories.length) : null;
      out.push({
        id: `cmp_${stamp}_news`,
        name: `Newsletter ${isoDate(day)}`,
        subject: category === null ? rng.pick(newsletterSubjects) : `New in ${categories[category] ?? ''}`,
        kind: 'newsletter',
        sendMs,
        category,
        discountRate: 0,
        code: null,
      });
    }
    const isBlackFriday = blackFriday(new Date(day).getUTCFullYear()) === day;
    if (isBlackFriday || (--discountCountdown <= 0 && weekday === 4)) {
      discountCountdown = 28;
      const category = isBlackFriday ? null : rng.int(0, categories.length);
      const rate = isBlackFriday ? 0.25 : rng.pick([0.1, 0.15, 0.2]);
      const pct = Math.round(rate * 100);
      const label = category === null ? 'everything' : (categories[category] ?? '');
      out.push({
        id: `cmp_${stamp}_${isBlackFriday ? 'bf' : 'disc'}`,
        name: isBlackFriday ? 'Black Friday' : `${pct}% off ${label}`,
        subject: isBlackFriday
          ? `Black Friday: ${pct}% off everything`
          : `${pct}% off ${label}, this weekend only`,
        kind: 'discount',
        sendMs: isBlackFriday ? Math.max(window.start, day + 6 * HOUR) : sendMs,
        category,
        discountRate: rate,
        code: isBlackFriday ? 'BLACKFRIDAY25' : `SAVE${pct}${stamp.slice(4)}`,
      });
    }
  }
  return out;
}
