import { describe, expect, it } from 'vitest';
import { loadConfig } from './load-config.js';

describe('LLM configuration', () => {
  it('is off by default, which is valid', () => {
    expect(loadConfig({}).llm).toBeNull();
  });

  it('reads every setting, external unless RAPPORT_LLM_LOCAL says otherwise', () => {
    const llm = loadConfig({
      RAPPORT_LLM_BASE_URL: 'http://127.0.0.1:11434/v1',
      RAPPORT_LLM_MODEL: 'llama3.1',
      RAPPORT_LLM_PRICE_PROMPT_PER_1K: '0.15',
      RAPPORT_LLM_MAX_CONCURRENCY: '2',
      RAPPORT_LLM_PHONE_REGIONS: 'de, at',
    }).llm;
    expect(llm).toMatchObject({
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.1',
      embeddingModel: null,
      apiKey: null,
      local: false,
      maxConcurrency: 2,
      prices: { promptPer1k: 0.15, completionPer1k: 0 },
      phoneRegions: ['DE', 'AT'],
    });
    expect(
      loadConfig({ RAPPORT_LLM_BASE_URL: 'http://x/v1', RAPPORT_LLM_MODEL: 'm', RAPPORT_LLM_LOCAL: 'true' })
        .llm?.local,
    ).toBe(true);
  });

  it('reports half a configuration and bad values', () => {
    expect(() => loadConfig({ RAPPORT_LLM_MODEL: 'm' })).toThrow(/RAPPORT_LLM_BASE_URL: needed/);
    expect(() =>
      loadConfig({
        RAPPORT_LLM_BASE_URL: 'ftp://x',
        RAPPORT_LLM_MODEL: 'm',
        RAPPORT_LLM_PHONE_REGIONS: 'XX',
      }),
    ).toThrow(/RAPPORT_LLM_BASE_URL.*RAPPORT_LLM_PHONE_REGIONS: unknown region codes: XX/);
  });
});
