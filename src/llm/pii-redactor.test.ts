import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { luhnValid } from './pii-detectors.js';
import { redactTexts } from './pii-redactor.js';

const none = { names: [], identifiers: [] };
const options = { phoneRegions: ['US', 'GB', 'DE', 'FR', 'NL', 'ES'] as const };
const redact = (text: string, known: { names: string[]; identifiers: string[] } = none) =>
  redactTexts([text], known, options);

describe('redactTexts', () => {
  it.each([
    ['Thanks, José here', 'Jose\u0301 García', 'Thanks, [NAME_1] here'],
    ['Hi Jean, thanks', 'Jean-Luc Picard', 'Hi [NAME_1], thanks'],
    ['Mr O’Brien wrote', "Seán O'Brien", 'Mr [NAME_1] wrote'],
    ['Herr STRAUSS schrieb', 'Johann Strauß', 'Herr [NAME_1] schrieb'],
  ])('finds the customer name in %j (profile name %j)', (text, name, expected) => {
    expect(redact(text, { names: [name], identifiers: [] }).texts[0]).toBe(expected);
  });

  it.each([
    ['EMAIL', 'write to jane.doe+shop@example.co.uk today', 'jane.doe+shop@example.co.uk'],
    ['PHONE', 'call +44 20 7946 0958 please', '+44 20 7946 0958'],
    ['PHONE', 'ruf an: 030 12345678', '030 12345678'],
    ['PHONE', 'US office (415) 555-0132', '(415) 555-0132'],
    ['CARD', 'card 4111-1111-1111-1111 declined', '4111-1111-1111-1111'],
    ['CARD', 'amex 378282246310005.', '378282246310005'],
    ['CARD', 'card 4111111111111111 05/27 ok', '4111111111111111'],
    ['CARD', 'card 4111 1111 1111 1111 123 is mine', '4111 1111 1111 1111'],
    ['CARD', 'card 4111 1111 1111 1111 0527 is mine', '4111 1111 1111 1111'],
    ['CARD', 'card 4111.1111.1111.1111 please', '4111.1111.1111.1111'],
    ['ADDRESS', 'ship to 221B Baker Street, London', '221B Baker Street'],
    ['ADDRESS', 'at 1600 Pennsylvania Ave NW', '1600 Pennsylvania Ave NW'],
    ['ADDRESS', 'Lieferung an Hauptstraße 5a in Köln', 'Hauptstraße 5a'],
    ['ADDRESS', 'an Berliner Straße 12 bitte', 'Berliner Straße 12'],
    ['ADDRESS', 'livrez au 12 bis, rue de la Paix merci', '12 bis, rue de la Paix'],
    ['ADDRESS', 'bezorgen op Keizersgracht 123-2 graag', 'Keizersgracht 123-2'],
    ['ADDRESS', 'envío a Calle Mayor, 5 por favor', 'Calle Mayor, 5'],
    ['ADDRESS', 'en Avda. de la Constitución 12', 'Avda. de la Constitución 12'],
  ])('finds %s in %j', (kind, text, value) => {
    const r = redact(text);
    expect(r.texts[0]).toBe(text.replace(value, `[${kind}_1]`));
    expect(r.placeholders.get(`[${kind}_1]`)).toBe(value);
  });

  it('leaves ordinary text alone: counts, prices, dates, order numbers, a card number failing Luhn', () => {
    for (const text of [
      'I bought 3 items on the way home and paid 129.99 EUR on 2024-05-01.',
      'Order 1234567 arrived after 14 days; size 42.',
      'card 4111 1111 1111 1112 is not valid',
      'the street was busy, 5 stars anyway',
    ])
      expect(redact(text).texts[0]).toBe(text);
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });

  it("redacts the customer's own name and identifiers in any case, full name first", () => {
    const r = redact('JANE doe wrote: jane here, id CUS_42 / jane.doe@x.org', {
      names: ['Jane Doe'],
      identifiers: ['cus_42', 'jane.doe@x.org'],
    });
    expect(r.texts[0]).toBe('[NAME_1] wrote: [NAME_2] here, id [ID_1] / [EMAIL_1]');
    expect(r.restore('Hello [NAME_2], re [ID_1]')).toBe('Hello jane, re CUS_42');
  });

  it('gives the same value the same placeholder across messages, and never reuses one already in the text', () => {
    const r = redactTexts(['mail a@b.io', 'again a@b.io; literal [EMAIL_1] in text'], none, options);
    expect(r.texts).toEqual(['mail [EMAIL_2]', 'again [EMAIL_2]; literal [EMAIL_1] in text']);
    expect(r.restore('[EMAIL_1] [EMAIL_2]')).toBe('[EMAIL_1] a@b.io');
  });

  it('restores values in parsed JSON, keys included', () => {
    const r = redact('from x@y.com');
    expect(r.restoreDeep({ to: ['[EMAIL_1]'], '[EMAIL_1]': 1, n: 2 })).toEqual({
      to: ['x@y.com'],
      'x@y.com': 1,
      n: 2,
    });
  });

  const pieces = fc.array(
    fc.oneof(
      fc.string(),
      fc.constantFrom(
        'jane@example.org',
        ' +1 415 555 2671 ',
        '4111 1111 1111 1111',
        '221B Baker Street',
        'Jane',
        '[NAME_1]',
        '[',
      ),
    ),
  );

  it('round-trips: restore(redact(text)) is the text (property)', () => {
    fc.assert(
      fc.property(pieces, (parts) => {
        const text = parts.join('');
        const r = redact(text, { names: ['Jane'], identifiers: [] });
        expect(r.restore(r.texts[0] ?? '')).toBe(text);
      }),
    );
  });

  it('restores a stream the same however it is split (property)', () => {
    fc.assert(
      fc.property(pieces, fc.array(fc.nat(), { maxLength: 20 }), (parts, cuts) => {
        const text = parts.join('');
        const r = redact(text, { names: ['Jane'], identifiers: [] });
        const redacted = r.texts[0] ?? '';
        const at = [...new Set(cuts.map((c) => c % (redacted.length + 1)))].sort((a, b) => a - b);
        const restorer = r.restorer();
        let out = '';
        let from = 0;
        for (const cut of [...at, redacted.length]) {
          out += restorer.push(redacted.slice(from, cut));
          from = cut;
        }
        out += restorer.end();
        expect(out).toBe(r.restore(redacted));
        expect(out).toBe(text);
      }),
    );
  });
});
