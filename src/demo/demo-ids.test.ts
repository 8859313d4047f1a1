import { describe, expect, it } from 'vitest';
import { createUuidFactory } from './demo-ids.js';

describe('createUuidFactory', () => {
  it('makes UUID-v4-shaped ids that never repeat within a factory', () => {
    const next = createUuidFactory(42, 'message');
    const ids = Array.from({ length: 200_000 }, next);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)),
    ).toBe(true);
  });

  it('repeats the same sequence for the same seed and namespace, and differs otherwise', () => {
    const take = (seed: number, ns: string) => Array.from({ length: 5 }, createUuidFactory(seed, ns));
    expect(take(1, 'a')).toEqual(take(1, 'a'));
    expect(take(1, 'a')).not.toEqual(take(2, 'a'));
    expect(take(1, 'a')).not.toEqual(take(1, 'b'));
  });
});
