import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CustomerQualityRow } from '../ports.js';
import { createCustomerCheck, nameCasing } from './customers-check.js';
import { touchedIn } from './section.js';

function customer(id: string, pii: Record<string, unknown> | null, traits: Record<string, unknown> = {}) {
  return { id, pii, traits: { city: 'Berlin', country: 'DE', ...traits } } satisfies CustomerQualityRow;
}

const good = {
  email: 'anna.muller@example.com',
  phone: '+4915123456789',
  first_name: 'Anna',
  last_name: 'de Vries',
};

function report(rows: CustomerQualityRow[], examples = 5) {
  const check = createCustomerCheck(examples);
  check.add(rows);
  return check.build();
}

describe('nameCasing', () => {
  it('flags names written in one case only, of two letters or more', () => {
    expect(nameCasing('anna')).toBe('all lower-case');
    expect(nameCasing('ANNA')).toBe('all upper-case');
    expect(nameCasing('ÉLODIE')).toBe('all upper-case');
    expect(nameCasing("o'brien")).toBe('all lower-case');
    for (const fine of [
      'Anna',
      'de Vries',
      'van Dijk',
      "O'Brien",
      'McCarthy',
      'A',
      'Jo',
      '李娜',
      '',
      null,
      42,
    ])
      expect(nameCasing(fine), String(fine)).toBeNull();
  });
});

describe('createCustomerCheck', () => {
  it('finds each kind of dirt once and leaves a clean customer alone', () => {
    const r = report([
      customer('cus_clean', good),
      customer('cus_bad_email', { ...good, email: 'anna..muller@@example' }),
      customer('cus_messy_email', { ...good, email: '  Anna.Muller@Example.COM \n' }),
      customer('cus_no_email', { ...good, email: '   ' }),
      customer('cus_bad_phone', { ...good, phone: 'call me' }),
      customer('cus_spaced_phone', { ...good, phone: '+49 151 23456789' }),
      customer('cus_national_phone', { ...good, phone: '0151 23456789' }),
      customer('cus_no_phone', { ...good, phone: '' }),
      customer('cus_no_city', good, { city: null }),
      customer('cus_bad_country', good, { country: 'Atlantis' }),
      customer('cus_alpha3', good, { country: 'DEU' }),
      customer('cus_no_country', good, { country: undefined }),
      customer('cus_shouting', { ...good, first_name: 'ANNA', last_name: 'MULLER' }),
      customer('cus_no_pii', null),
    ]);
    expect(r.rows).toBe(14);
    const counts = Object.fromEntries(r.rules.map((rule) => [rule.rule, rule.touched]));
    expect(counts).toEqual({
      'email:missing': 2,
      'email:malformed': 1,
      'email:normalized': 1,
      'phone:missing': 2,
      'phone:malformed': 1,
      'phone:reformatted': 2,
      'city:missing': 1,
      'country:missing': 1,
      'country:invalid': 1,
      'country:normalized': 1,
      'first_name:miscased': 1,
      'last_name:miscased': 1,
    });
    const ids = (rule: string) => r.rules.find((x) => x.rule === rule)?.examples.map((e) => e.id);
    expect(ids('email:missing')).toEqual(['cus_no_email', 'cus_no_pii']);
    expect(ids('phone:reformatted')).toEqual(['cus_spaced_phone', 'cus_national_phone']);
    expect(r.rules.every((rule) => rule.definition.length > 20)).toBe(true);
  });

  it('reads national phone numbers in the customer’s country', () => {
    const asDE = report([customer('c', { ...good, phone: '0151 23456789' })]);
    expect(touchedIn(asDE, 'phone:reformatted')).toBe(1);
    const noCountry = report([customer('c', { ...good, phone: '0151 23456789' }, { country: null })]);
    expect(touchedIn(noCountry, 'phone:malformed')).toBe(1);
  });

  it('never shows PII in clear: emails, phones and names are masked in examples', () => {
    const r = report([
      customer('c1', {
        email: ' Jane.Doe@Example.com ',
        phone: '+49 151 23456789',
        first_name: 'JANE',
        last_name: 'doe',
      }),
      customer('c2', {
        email: 'jane.doe@@example',
        phone: '+49 151 2345-abc',
        first_name: 'Jane',
        last_name: 'Doe',
      }),
    ]);
    const text = JSON.stringify(r);
    for (const secret of ['Jane.Doe', 'jane.doe', 'Example', '151', '2345', 'JANE', 'doe"'])
      expect(text, secret).not.toContain(secret);
    const example = r.rules.find((x) => x.rule === 'email:normalized')?.examples[0];
    expect(example).toMatchObject({
      id: 'c1',
      column: 'email',
      before: '" ***@E***.com "'.replace(' ***', ' ***'),
    });
  });

  it('caps examples per rule but counts every row', () => {
    const rows = Array.from({ length: 12 }, (_, i) => customer(`c${i}`, { ...good, phone: null }));
    const rule = report(rows, 3).rules.find((x) => x.rule === 'phone:missing');
    expect(rule?.touched).toBe(12);
    expect(rule?.examples.map((e) => e.row)).toEqual([0, 1, 2]);
  });

  it('never throws on arbitrary PII values and puts a customer in at most one email and one phone rule', () => {
    fc.assert(
      fc.property(
        fc.record({ email: fc.anything(), phone: fc.anything(), first_name: fc.anything() }),
        (pii) => {
          const r = report([customer('c', pii)]);
          const sum = (prefix: string) =>
            r.rules.filter((x) => x.rule.startsWith(prefix)).reduce((s, x) => s + x.touched, 0);
          return sum('email:') <= 1 && sum('phone:') <= 1 && sum('first_name:') <= 1;
        },
      ),
    );
  });
});
