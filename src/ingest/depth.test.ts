import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exceedsDepth, inspectJson, MAX_DEPTH } from './depth.js';

const nest = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = i % 2 === 0 ? { a: value } : [value];
  return value;
};

describe('inspectJson', () => {
  it('bounds the UTF-8 size of the JSON from above, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const exact = Buffer.byteLength(JSON.stringify(value));
        expect(inspectJson(value, 1_000).maxBytes).toBeGreaterThanOrEqual(exact);
      }),
      { numRuns: 500 },
    );
  });

  it('holds the bound for the strings and numbers that serialise largest', () => {
    const worst = {
      '\u0001"\\': ['\u0000\ud800', -1.2345678901234567e-308, -0.0000010006304536794742, 1e21, '😀é'],
      k: null,
    };
    expect(inspectJson(worst).maxBytes).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(worst)));
    // The longest number text alone (fast-check found it): 25 characters.
    const longest = -0.0000010006304536794742;
    expect(JSON.stringify(longest)).toHaveLength(25);
    expect(inspectJson(longest).maxBytes).toBeGreaterThanOrEqual(25);
  });

  it('counts nesting levels of objects and arrays, primitives not included', () => {
    expect(exceedsDepth(nest(MAX_DEPTH))).toBe(false);
    expect(exceedsDepth(nest(MAX_DEPTH + 1))).toBe(true);
    expect(exceedsDepth(nest(100_000))).toBe(true);
    expect(exceedsDepth('text')).toBe(false);
  });
});
