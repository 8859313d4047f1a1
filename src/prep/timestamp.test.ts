import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkTimestamp, parseTimestamp } from './timestamp.js';

const parsed = (x: unknown) => {
  const v = parseTimestamp(x);
  return v.ok ? v.value : v.reason;
};

describe('parseTimestamp', () => {
  it('reads epoch ms and ISO-8601 with Z or an offset', () => {
    expect(parsed(1_700_000_000_000)).toBe(1_700_000_000_000);
    expect(parsed('2024-03-01T10:00:00Z')).toBe(Date.UTC(2024, 2, 1, 10));
    expect(parsed('2024-03-01T10:00:00.123456+01:00')).toBe(Date.UTC(2024, 2, 1, 9, 0, 0, 123));
    expect(parsed('2024-03-01 10:00-0230')).toBe(Date.UTC(2024, 2, 1, 12, 30));
    expect(parsed('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
  });

  it('rejects impossible dates that Date.parse would roll over', () => {
    expect(Date.parse('2024-02-30')).not.toBeNaN();
    expect(parsed('2024-02-30')).toBe('invalid_date');
    expect(parsed('2023-02-29')).toBe('invalid_date');
    expect(parsed('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parsed('2024-01-01T24:00:00Z')).toBe('invalid_date');
    expect(parsed('2024-01-01T10:00:00+25:00')).toBe('invalid_date');
  });

  it('rejects ambiguous and malformed input', () => {
    expect(parsed('2024-03-01T10:00:00')).toBe('not_a_timestamp');
    expect(parsed('yesterday')).toBe('not_a_timestamp');
    expect(parsed(NaN)).toBe('invalid_date');
    expect(parsed(Infinity)).toBe('invalid_date');
    expect(parsed(null)).toBe('not_a_timestamp');
    expect(parsed('9'.repeat(100_000))).toBe('not_a_timestamp');
  });

  it('round-trips every ISO string Date produces', () => {
    fc.assert(
      fc.property(fc.integer({ min: -62_135_596_800_000, max: 253_402_300_799_999 }), (ms) => {
        expect(parsed(new Date(ms).toISOString())).toBe(ms);
      }),
    );
  });
});

describe('checkTimestamp', () => {
  const now = Date.UTC(2024, 5, 1);
  const shopStart = Date.UTC(2020, 0, 1);
  const verdict = (ms: number) => {
    const v = checkTimestamp(ms, { now, shopStart, futureToleranceMs: 60_000 });
    return v.ok ? 'ok' : v.reason;
  };

  it('accepts the window, with slack for clocks running ahead', () => {
    expect(verdict(now)).toBe('ok');
    expect(verdict(now + 60_000)).toBe('ok');
    expect(verdict(shopStart)).toBe('ok');
  });

  it('flags the future beyond the tolerance and anything before the shop', () => {
    expect(verdict(now + 60_001)).toBe('in_future');
    expect(verdict(shopStart - 1)).toBe('before_shop_start');
    expect(verdict(NaN)).toBe('invalid_date');
    expect(checkTimestamp(now + 1e12, {}).ok).toBe(true);
  });
});
