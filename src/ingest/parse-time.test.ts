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
});
