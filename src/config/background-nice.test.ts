import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKGROUND_NICE, loadConfig } from './index.js';

describe('RAPPORT_BACKGROUND_NICE', () => {
  it('defaults to DEFAULT_BACKGROUND_NICE and reaches the SQLite journal indexer', () => {
    const config = loadConfig({ RAPPORT_DATA_DIR: '/tmp/rapport-nice' });
    expect(config.backgroundNice).toBe(DEFAULT_BACKGROUND_NICE);
    expect(config.database).toMatchObject({ kind: 'sqlite', backgroundNice: DEFAULT_BACKGROUND_NICE });
  });

  it('takes 0–19, and 0 leaves background threads at the process priority', () => {
    expect(loadConfig({ RAPPORT_BACKGROUND_NICE: '0' }).backgroundNice).toBe(0);
    expect(loadConfig({ RAPPORT_BACKGROUND_NICE: '7' }).database).toMatchObject({ backgroundNice: 7 });
    for (const bad of ['-1', '20', '3.5', 'low'])
      expect(() => loadConfig({ RAPPORT_BACKGROUND_NICE: bad })).toThrowError(
        expect.objectContaining({ code: 'invalid_config' }),
      );
  });
});
