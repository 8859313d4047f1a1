import type { Rng } from '../shared/index.js';
import { DAY, HOUR, dayWeight, iso, isoDate, timeOfDay, windowDays, type TimeWindow } from './calendar.js';
import { drawChurnMs } from './churn.js';
import { clamp, cumulative, pickIndex, uniform } from './distributions.js';
import { pad } from './demo-ids.js';
import { countries, emailDomains, firstNames, lastNames, type CountrySpec } from './people-words.js';
import { drawTastes, type Tastes } from './tastes.js';
import type { DemoCustomerRow, DemoPlan } from './types.js';

/** A customer as the simulation knows them: clean contact data plus hidden tastes and churn. */
export interface Shopper {
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  country: CountrySpec;
  city: string;
  birthday: string;
  createdMs: number;
  plan: DemoPlan | null;
  tastes: Tastes;
  /** First moment the customer can act in the window (signup, or the window start). */
  activeStart: number;
  churnMs: number | null;
  /** Nothing about this customer happens after this moment: churn or the window end. */
  limit: number;
}

const slug = (s: string): string => s.toLowerCase().replace(/[^a-z]/g, '');

function uniqueEmail(rng: Rng, first: string, last: string, taken: Set<string>): string {
  const f = slug(first);
  const l = slug(last);
  const local = rng.pick([`${f}.${l}`, `${f}${l}`, `${f.charAt(0)}.${l}`, `${f}_${l}`, `${l}.${f}`]);
  const domain = rng.pick(emailDomains);
  let email = `${local}@${domain}`;
  for (let n = rng.int(1, 99); taken.has(email); n++) email = `${local}${n}@${domain}`;
  taken.add(email);
  return email;
}

function phoneFor(rng: Rng, country: CountrySpec): string {
  let digits = '';
  for (let i = 0; i < country.digits; i++) digits += String(rng.int(0, 10));
  return `${country.phonePrefix}${rng.pick(country.mobileStarts)}${digits}`;
}

function signupMs(rng: Rng, window: TimeWindow, days: number[], dayCum: Float64Array): number {
  if (rng.bool(0.45)) return window.start - Math.floor(uniform(rng, 1, 730) * DAY);
  const day = days[pickIndex(rng, dayCum)] ?? window.start;
  return clamp(day + timeOfDay(rng), window.start + HOUR, window.end - HOUR);
}

export function generateCustomers(
  rng: Rng,
  count: number,
  window: TimeWindow,
  categoryCount: number,
): Shopper[] {
  const days = windowDays(window);
  const dayCum = cumulative(days.map(dayWeight));
  const countryCum = cumulative(countries.map((c) => c.weight));
  const taken = new Set<string>();
  const out: Shopper[] = [];
  for (let i = 0; i < count; i++) {
    const country = countries[pickIndex(rng, countryCum)] as CountrySpec;
    const firstName = rng.pick(firstNames);
    const lastName = rng.pick(lastNames);
    const createdMs = signupMs(rng, window, days, dayCum);
    const before = createdMs < window.start;
    const plan: DemoPlan | null = before && rng.bool(0.07) ? 'vip' : rng.bool(0.2) ? 'plus' : null;
    const tastes = drawTastes(rng, categoryCount, plan !== null);
    const activeStart = Math.max(createdMs, window.start);
    const churnMs = drawChurnMs(rng, activeStart, tastes.churnHazard, window);
    const age = clamp(rng.normal(39, 12), 18, 80);
    out.push({
      userId: `u_${pad(i + 1, 5)}`,
      firstName,
      lastName,
      email: uniqueEmail(rng, firstName, lastName, taken),
      phone: phoneFor(rng, country),
      country,
      city: rng.pick(country.cities),
      birthday: isoDate(window.end - Math.floor(age * 365.25 * DAY)),
      createdMs,
      plan,
      tastes,
      activeStart,
      churnMs,
      limit: churnMs ?? window.end,
    });
  }
  return out;
}

/** The clean row; `plantCustomerDirt` spoils some of them afterwards. */
export function customerRow(s: Shopper): DemoCustomerRow {
  const row: DemoCustomerRow = {
    user_id: s.userId,
    email: s.email,
    phone: s.phone,
    first_name: s.firstName,
    last_name: s.lastName,
    country: s.country.code,
    city: s.city,
    birthday: s.birthday,
    created_at: iso(s.createdMs),
  };
  if (s.plan) row.plan = s.plan;
  return row;
}
