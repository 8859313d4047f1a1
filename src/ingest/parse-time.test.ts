import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoTime } from './parse-time.js';

describe('parseIsoTime', () => {
  it('reads ISO-8601 with zones, and zone-less date-times as UTC whatever the server zone', () => {
    expect(parseIsoTime('2026-11-29T07:11:19Z')).toBe(Date.UTC(2026, 10, 29, 7, 11, 19));
    expect(parseIsoTime('2026-11-29T08:11:19+01:00')).toBe(Date.UTC(2026, 10, 29, 7, 11, 19));
    expect(parseIsoTime('2026-11-29T07:11:19.123')).toBe(Date.UTC(2026, 10, 29, 7, 11, 19, 123));
    expect(parseIsoTime('2026-11-29 07:11')).toBe(Date.UTC(2026, 10, 29, 7, 11));
    expect(parseIsoTime('2026-11-29')).toBe(Date.UTC(2026, 10, 29));
  });

  it('refuses what is not an ISO-8601 date', () => {
    for (const bad of [
      'yesterday',
      '29/11/2026',
      '2026-13-01',
      '2026-02-30T00:00:00Z',
      '',
      '1732864279000',
      '2026-11-29T25:00:00Z',
    ]) {
      expect(parseIsoTime(bad), bad).toBeNull();
    }
  });

  it('reads the canonical toISOString form exactly as Date does, and refuses impossible days in it', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 100, max: 9999 }),
          month: fc.integer({ min: 1, max: 12 }),
          day: fc.integer({ min: 1, max: 31 }),
          hour: fc.integer({ min: 0, max: 23 }),
          minute: fc.integer({ min: 0, max: 59 }),
          second: fc.integer({ min: 0, max: 59 }),
          ms: fc.integer({ min: 0, max: 999 }),
        }),
        ({ year, month, day, hour, minute, second, ms }) => {
          const text = `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T${two(hour)}:${two(minute)}:${two(second)}.${String(ms).padStart(3, '0')}Z`;
          const exists = day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
          expect(parseIsoTime(text)).toBe(exists ? Date.parse(text) : null);
        },
      ),
      { numRuns: 2_000 },
    );
    expect(parseIsoTime('0099-01-01T00:00:00.000Z')).toBe(Date.parse('0099-01-01T00:00:00.000Z'));
    expect(parseIsoTime('2026-11-29T07:11:1x.000Z')).toBeNull();
  });
});
