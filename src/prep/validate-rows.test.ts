import { describe, expect, it } from 'vitest';
import { generateShop } from '../demo/index.js';
import { touchedBy } from './quality-report.js';
import { validateRows, type FieldKind } from './validate-rows.js';

const now = Date.UTC(2024, 5, 1);

describe('validateRows', () => {
  const rows = [
    {
      id: 'c1',
      email: ' Ann@Example.COM ',
      phone: '0151 23456789',
      country: 'Germany',
      currency: 'eur',
      at: now - 1,
    },
    {
      id: 'c2',
      email: 'bob@@example.com',
      phone: '06 12 34 56 78',
      country: 'FRA',
      currency: 'XYZ',
      at: now + 3_600_000,
    },
    { id: 'c3', email: null, phone: '', country: 'Atlantis', currency: 'CHF', at: '2019-12-31T23:00:00Z' },
  ];
  const fields = {
    email: 'email',
    phone: 'phone',
    country: 'country',
    currency: 'currency',
    at: 'timestamp',
  } as const;

  it('normalizes valid values, nulls invalid ones and lists every problem', () => {
    const {
      rows: out,
      problems,
      report,
    } = validateRows(rows, {
      fields,
      now,
      shopStart: Date.UTC(2020, 0, 1),
      idField: 'id',
    });
    expect(out[0]).toEqual({
      id: 'c1',
      email: 'ann@example.com',
      phone: '+4915123456789',
      country: 'DE',
      currency: 'EUR',
      at: now - 1,
    });
    // The French national number is read in the row's country, normalized from alpha-3 first.
    expect(out[1]).toMatchObject({
      email: null,
      phone: '+33612345678',
      country: 'FR',
      currency: null,
      at: null,
    });
    expect(out[2]).toMatchObject({ email: null, phone: '', country: null, at: null });
    expect(problems.map((p) => p.rule)).toEqual([
      'email:multiple_at',
      'currency:unknown_currency',
      'at:in_future',
      'country:unknown_country',
      'at:before_shop_start',
    ]);
    expect(touchedBy(report, 'email:normalized')).toBe(1);
    expect(touchedBy(report, 'email:missing')).toBe(1);
    expect(touchedBy(report, 'phone:missing')).toBe(1);
    expect(touchedBy(report, 'country:normalized')).toBe(2);
    expect(report.rules.find((r) => r.rule === 'email:multiple_at')?.examples[0]).toMatchObject({
      row: 1,
      id: 'c2',
      before: '"bob@@example.com"',
    });
    expect(rows[0]?.email).toBe(' Ann@Example.COM ');
  });

  it('keeps invalid values when asked and falls back to the default region', () => {
    const { rows: out } = validateRows([{ email: 'x@y', phone: '0151 23456789', country: 'Atlantis' }], {
      fields: { email: 'email', phone: 'phone', country: 'country' },
      onInvalid: 'keep',
      defaultRegion: 'DE',
    });
    expect(out[0]).toEqual({ email: 'x@y', phone: '+4915123456789', country: 'Atlantis' });
  });

  it('reads only own properties of hostile rows', () => {
    const hostile = JSON.parse('{"__proto__": {"email": "a@b.com"}, "constructor": "x"}') as object;
    const { rows: out, report } = validateRows(
      [hostile, Object.create({ email: 'inherited@example.com' }) as object],
      {
        fields: Object.fromEntries<FieldKind>([
          ['email', 'email'],
          ['constructor', 'email'],
        ]),
      },
    );
    expect(touchedBy(report, 'email:missing')).toBe(2);
    expect(touchedBy(report, 'constructor:missing_at')).toBe(1);
    expect(Object.getPrototypeOf(out[0])).toBe(Object.prototype);
  });

  it('finds every email and phone problem the demo generator planted, and nothing else', () => {
    const shop = generateShop({ customers: 400, days: 7, seed: 11, endDate: now });
    const { problems, report } = validateRows(shop.customers, {
      fields: { email: 'email', phone: 'phone', country: 'country', created_at: 'timestamp' },
      now,
    });
    const planted = shop.truth.planted;
    const badEmails = problems.filter((p) => p.column === 'email').map((p) => shop.customers[p.row]?.email);
    const badPhones = problems.filter((p) => p.column === 'phone').map((p) => shop.customers[p.row]?.phone);
    expect(badEmails.sort()).toEqual([...planted.malformedEmails].sort());
    expect(badPhones.sort()).toEqual([...planted.malformedPhones].sort());
    expect(touchedBy(report, 'email:normalized')).toBe(planted.messyEmailUserIds.length);
    expect(touchedBy(report, 'phone:missing')).toBe(planted.missingPhoneUserIds.length);
    expect(touchedBy(report, 'phone:normalized')).toBe(planted.counts.reformattedPhones);
    expect(problems.filter((p) => p.column === 'country' || p.column === 'created_at')).toEqual([]);
  });
});
