import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../shared/index.js';
import { loadConfig } from './load-config.js';

const intervalOf = (value: string | undefined) =>
  loadConfig({ RAPPORT_DATA_DIR: '/tmp/rapport-config-test', RAPPORT_PIPELINE_INTERVAL: value }).pipeline
    .intervalMs;

const problemOf = (env: Record<string, string>) => {
  try {
    loadConfig({ RAPPORT_DATA_DIR: '/tmp/rapport-config-test', ...env });
    return null;
  } catch (error) {
    return isAppError(error) ? error : null;
  }
};

describe('RAPPORT_PIPELINE_INTERVAL', () => {
  it('is off by default and when set to off or 0', () => {
    expect(intervalOf(undefined)).toBeNull();
    expect(intervalOf('off')).toBeNull();
    expect(intervalOf('0')).toBeNull();
  });

  it('reads whole minutes and ISO-8601 durations', () => {
    expect(intervalOf('60')).toBe(3_600_000);
    expect(intervalOf('PT6H')).toBe(6 * 3_600_000);
    expect(intervalOf('pt90m')).toBe(90 * 60_000);
    expect(intervalOf('P1DT12H')).toBe(36 * 3_600_000);
    expect(intervalOf('P1W')).toBe(7 * 86_400_000);
    expect(intervalOf('PT1M30S')).toBe(90_000);
  });

  it('gives n minutes, as digits or as PTnM, the same interval', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 366 * 24 * 60 }), (n) => {
        expect(intervalOf(String(n))).toBe(n * 60_000);
        expect(intervalOf(`PT${n}M`)).toBe(n * 60_000);
      }),
      { numRuns: 50 },
    );
  });

  it.each(['P', 'PT', 'P1DT', '1h', '-5', '1.5', 'PT30S', 'P400D', 'every hour'])(
    'refuses %j with invalid_config naming the variable',
    (value) => {
      const error = problemOf({ RAPPORT_PIPELINE_INTERVAL: value });
      expect(error?.code).toBe('invalid_config');
      expect(error?.message).toMatch(/RAPPORT_PIPELINE_INTERVAL: must be/);
    },
  );

  it('refuses a schedule over a private in-memory database, which the worker thread cannot open', () => {
    const error = problemOf({ RAPPORT_DATABASE_URL: 'sqlite::memory:', RAPPORT_PIPELINE_INTERVAL: '60' });
    expect(error?.code).toBe('invalid_config');
    expect(error?.message).toMatch(/worker thread/);
  });
});
