import { describe, expect, it } from 'vitest';
import { canonicalKey } from './canonical-key.js';

describe('canonicalKey', () => {
  it('ignores key order and undefined members', () => {
    expect(canonicalKey({ b: 1, a: [1, { d: 2, c: 3 }] })).toBe(
      canonicalKey({ a: [1, { c: 3, d: 2 }], b: 1 }),
    );
    expect(canonicalKey({ a: 1, b: undefined })).toBe(canonicalKey({ a: 1 }));
    expect(canonicalKey({ a: 1, b: 2 })).toBe('{"a":1,"b":2}');
  });

  it('keeps values apart that JSON would merge or confuse', () => {
    expect(canonicalKey(NaN)).not.toBe(canonicalKey(null));
    expect(canonicalKey(Infinity)).not.toBe(canonicalKey(-Infinity));
    expect(canonicalKey('1')).not.toBe(canonicalKey(1));
    expect(canonicalKey(['a,b'])).not.toBe(canonicalKey(['a', 'b']));
    expect(canonicalKey(-0)).toBe(canonicalKey(0));
  });

  it('survives cycles and very deep nesting', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(canonicalKey(cyclic)).toBe('{"a":1,"self":"#cycle"}');
    let deep: unknown = 0;
    for (let i = 0; i < 30_000; i++) deep = [deep];
    expect(canonicalKey(deep)).toHaveLength(60_001);
    const shared = { x: 1 };
    expect(canonicalKey([shared, shared])).toBe('[{"x":1},{"x":1}]');
  });
});
