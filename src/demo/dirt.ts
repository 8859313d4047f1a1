import type { Rng } from '../shared/index.js';
import type { DemoCustomerRow, DemoProductRow } from './types.js';

/** Dirt planted in the rows, so cleaning and validation stages have something real to find. */
export interface RowDirt {
  malformedEmails: string[];
  messyEmailUserIds: string[];
  malformedPhones: string[];
  missingPhoneUserIds: string[];
  missingCityUserIds: string[];
  reformattedPhones: number;
  miscasedNames: number;
  productsWithoutDescription: string[];
}

export type LineOutlier = { kind: 'quantity'; quantity: number } | { kind: 'price'; factor: number };

/** Roughly one line in 600 gets an absurd quantity, one in 600 an absurd unit price. */
export function lineOutlier(rng: Rng): LineOutlier | null {
  const r = rng.next();
  if (r < 0.0016) return { kind: 'quantity', quantity: rng.pick([120, 250, 999, 2400, 10000]) };
  if (r < 0.0032) return { kind: 'price', factor: rng.pick([100, 1000, 0]) };
  return null;
}

function malformEmail(rng: Rng, email: string): string {
  const at = email.indexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const bare = domain.slice(0, domain.lastIndexOf('.'));
  const dotted = local.includes('.') ? local.replace('.', '..') : `${local}..`;
  return rng.pick([
    `${dotted}@@${bare}`,
    `${dotted}@${domain}`,
    `${local}@@${domain}`,
    `${local}@${bare}`,
    `${local}.${domain}`,
    `${local} @${domain}`,
    `${local}@${domain},`,
  ]);
}

function messEmail(rng: Rng, email: string): string {
  const upper = email.replace(/(^|[._@])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  const shouted = rng.bool(0.3) ? upper.toUpperCase() : upper;
  return `${rng.pick([' ', '  ', '\t', ''])}${shouted}${rng.pick([' ', '  ', ' \n'])}`;
}

function malformPhone(rng: Rng, phone: string): string {
  const national = phone.slice(3);
  return rng.pick([
    '12-34',
    'n/a',
    `${phone.slice(0, 3)} (0) ${national.slice(0, 3)}-`,
    `0${national}99999`,
    'call me',
    `${phone.slice(0, 5)}abc`,
  ]);
}

function spacePhone(phone: string): string {
  return `${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6)}`;
}

export function plantCustomerDirt(rng: Rng, rows: DemoCustomerRow[], dirt: RowDirt): void {
  for (const row of rows) {
    const e = rng.next();
    if (e < 0.015) {
      row.email = malformEmail(rng, row.email);
      dirt.malformedEmails.push(row.email);
    } else if (e < 0.065) {
      row.email = messEmail(rng, row.email);
      dirt.messyEmailUserIds.push(row.user_id);
    }
    const p = rng.next();
    if (p < 0.1) {
      row.phone = p < 0.08 ? null : '';
      dirt.missingPhoneUserIds.push(row.user_id);
    } else if (p < 0.12 && row.phone) {
      row.phone = malformPhone(rng, row.phone);
      dirt.malformedPhones.push(row.phone);
    } else if (p < 0.22 && row.phone) {
      row.phone = spacePhone(row.phone);
      dirt.reformattedPhones++;
    }
    const c = rng.next();
    if (c < 0.06) {
      row.city = c < 0.05 ? null : '';
      dirt.missingCityUserIds.push(row.user_id);
    }
    if (rng.bool(0.02)) {
      row.first_name = rng.bool(0.5) ? row.first_name.toUpperCase() : row.first_name.toLowerCase();
      dirt.miscasedNames++;
    }
  }
}

export function plantProductDirt(rng: Rng, rows: DemoProductRow[], dirt: RowDirt): void {
  for (const row of rows) {
    const r = rng.next();
    if (r < 0.05) {
      row.description = r < 0.04 ? null : '';
      dirt.productsWithoutDescription.push(row.id);
    }
  }
}

export function emptyRowDirt(): RowDirt {
  return {
    malformedEmails: [],
    messyEmailUserIds: [],
    malformedPhones: [],
    missingPhoneUserIds: [],
    missingCityUserIds: [],
    reformattedPhones: 0,
    miscasedNames: 0,
    productsWithoutDescription: [],
  };
}
