import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/index.js';
import { defaultRecommendRules, parseRecommendRules } from './rules-config.js';

/** The problems of a rejected rules file (fails the test when it is accepted or throws something else). */
function problemsOf(json: unknown): string[] {
  try {
    parseRecommendRules(json);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    expect(e.code).toBe('invalid_config');
    const problems = e.details?.['problems'] as string[];
    expect(e.message).toBe(`Invalid recommendation rules: ${problems.join('; ')}`);
    return problems;
  }
  throw new Error('expected the rules to be rejected');
}

describe('defaultRecommendRules', () => {
  it('has no pins, bans or slots, a 30-day 0.1 freshness boost and no diversity', () => {
    expect(defaultRecommendRules).toEqual({
      pinned: [],
      banned: [],
      freshness: { days: 30, boost: 0.1 },
      diversity: 0,
      slots: {},
    });
  });

  it('is frozen, so no caller can change everyone else’s defaults', () => {
    expect(Object.isFrozen(defaultRecommendRules)).toBe(true);
    expect(Object.isFrozen(defaultRecommendRules.freshness)).toBe(true);
    expect(() => defaultRecommendRules.banned.push('x')).toThrow(TypeError);
  });
});

describe('parseRecommendRules', () => {
  it('gives an empty file every default', () => {
    expect(parseRecommendRules({})).toEqual(defaultRecommendRules);
  });

  it('does not hand out the frozen defaults or share objects between parses', () => {
    const a = parseRecommendRules({});
    const b = parseRecommendRules({});
    a.banned.push('sku_1');
    a.freshness.days = 1;
    a.slots['x'] = {};
    expect(b).toEqual(defaultRecommendRules);
    expect(parseRecommendRules({})).toEqual(defaultRecommendRules);
  });

  it('reads a full file and maps pinned entries to { itemId, position, slot }', () => {
    const rules = parseRecommendRules({
      pinned: [{ item: 'sku_1' }, { item: 'sku_2', position: 3, slot: 'email' }],
      banned: ['sku_9', 'sku_8'],
      freshness: { days: 14, boost: 0.25 },
      diversity: 0.3,
      slots: {
        email: {
          k: 4,
          categories: ['shoes', 'bags'],
          minPrice: 0,
          maxPrice: 120.5,
          excludePurchased: true,
          excludeOutOfStock: false,
          excludeItems: ['sku_7'],
          diversity: 1,
        },
        'home-page_2': {},
      },
    });
    expect(rules).toEqual({
      pinned: [
        { itemId: 'sku_1', position: 1, slot: null },
        { itemId: 'sku_2', position: 3, slot: 'email' },
      ],
      banned: ['sku_9', 'sku_8'],
      freshness: { days: 14, boost: 0.25 },
      diversity: 0.3,
      slots: {
        email: {
          k: 4,
          categories: ['shoes', 'bags'],
          minPrice: 0,
          maxPrice: 120.5,
          excludePurchased: true,
          excludeOutOfStock: false,
          excludeItems: ['sku_7'],
          diversity: 1,
        },
        'home-page_2': {},
      },
    });
  });

  it('leaves a slot’s unset keys absent rather than undefined (the request parser relies on it)', () => {
    const slot = parseRecommendRules({ slots: { email: { k: 3 } } }).slots['email']!;
    expect(Object.keys(slot)).toEqual(['k']);
  });

  it('fills in either freshness key alone', () => {
    expect(parseRecommendRules({ freshness: { boost: 0 } }).freshness).toEqual({ days: 30, boost: 0 });
    expect(parseRecommendRules({ freshness: { days: 7 } }).freshness).toEqual({ days: 7, boost: 0.1 });
    expect(parseRecommendRules({ freshness: {} }).freshness).toEqual({ days: 30, boost: 0.1 });
  });

  it('accepts the edges of every range', () => {
    const rules = parseRecommendRules({
      freshness: { days: 3650, boost: 1 },
      diversity: 1,
      slots: { a: { k: 1, minPrice: 5, maxPrice: 5, diversity: 0 }, b: { k: 100 } },
      pinned: [{ item: 'x', position: 1000 }],
    });
    expect(rules.freshness).toEqual({ days: 3650, boost: 1 });
    expect(rules.slots['a']).toEqual({ k: 1, minPrice: 5, maxPrice: 5, diversity: 0 });
    expect(parseRecommendRules({ freshness: { days: 0.5 } }).freshness.days).toBe(0.5);
  });

  it('accepts slot names made of letters, digits, _ and - up to 64 characters, including Object method names', () => {
    const name = 'a'.repeat(64);
    const rules = parseRecommendRules({ slots: { [name]: {}, constructor: { k: 2 }, toString: {} } });
    expect(Object.keys(rules.slots)).toEqual([name, 'constructor', 'toString']);
    expect(rules.slots['constructor']).toEqual({ k: 2 });
  });

  it('rejects a file that is not an object', () => {
    for (const json of [null, [], 'rules', 42, true, undefined]) {
      const problems = problemsOf(json);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^\(root\): /);
    }
  });

  it('rejects unknown keys at every level, naming them', () => {
    expect(problemsOf({ pinnned: [] })).toEqual([expect.stringMatching(/^\(root\): .*"pinnned"/)]);
    expect(problemsOf({ freshness: { days: 3, boots: 1 } })).toEqual([
      expect.stringMatching(/^freshness: .*"boots"/),
    ]);
    expect(problemsOf({ pinned: [{ item: 'a', itemId: 'a' }] })).toEqual([
      expect.stringMatching(/^pinned\.0: .*"itemId"/),
    ]);
    expect(problemsOf({ slots: { email: { limit: 3 } } })).toEqual([
      expect.stringMatching(/^slots\.email: .*"limit"/),
    ]);
  });

  it('rejects out-of-range and mistyped values, each with its path', () => {
    const cases: [unknown, RegExp][] = [
      [{ diversity: 1.01 }, /^diversity: /],
      [{ diversity: -0.1 }, /^diversity: /],
      [{ diversity: '0.5' }, /^diversity: /],
      [{ diversity: Number.NaN }, /^diversity: /],
      [{ freshness: { days: 0 } }, /^freshness\.days: /],
      [{ freshness: { days: -3 } }, /^freshness\.days: /],
      [{ freshness: { days: 3651 } }, /^freshness\.days: /],
      [{ freshness: { days: Infinity } }, /^freshness\.days: /],
      [{ freshness: { boost: 1.5 } }, /^freshness\.boost: /],
      [{ freshness: { boost: -0.01 } }, /^freshness\.boost: /],
      [{ freshness: null }, /^freshness: /],
      [{ banned: 'sku_1' }, /^banned: /],
      [{ banned: ['ok', 3] }, /^banned\.1: /],
      [{ banned: [''] }, /^banned\.0: /],
      [{ pinned: {} }, /^pinned: /],
      [{ pinned: [{}] }, /^pinned\.0\.item: /],
      [{ pinned: [{ item: '' }] }, /^pinned\.0\.item: /],
      [{ pinned: [{ item: 'a', position: 0 }] }, /^pinned\.0\.position: /],
      [{ pinned: [{ item: 'a', position: 1.5 }] }, /^pinned\.0\.position: /],
      [{ pinned: [{ item: 'a', position: '2' }] }, /^pinned\.0\.position: /],
      [{ pinned: ['sku_1'] }, /^pinned\.0: /],
      [{ slots: [] }, /^slots: /],
      [{ slots: { e: { k: 0 } } }, /^slots\.e\.k: /],
      [{ slots: { e: { k: 101 } } }, /^slots\.e\.k: /],
      [{ slots: { e: { k: 2.5 } } }, /^slots\.e\.k: /],
      [{ slots: { e: { categories: [] } } }, /^slots\.e\.categories: /],
      [{ slots: { e: { categories: ['shoes', ''] } } }, /^slots\.e\.categories\.1: /],
      [{ slots: { e: { categories: 'shoes' } } }, /^slots\.e\.categories: /],
      [{ slots: { e: { minPrice: -1 } } }, /^slots\.e\.minPrice: /],
      [{ slots: { e: { maxPrice: -0.5 } } }, /^slots\.e\.maxPrice: /],
      [{ slots: { e: { excludePurchased: 'yes' } } }, /^slots\.e\.excludePurchased: /],
      [{ slots: { e: { excludeOutOfStock: 1 } } }, /^slots\.e\.excludeOutOfStock: /],
      [{ slots: { e: { excludeItems: [null] } } }, /^slots\.e\.excludeItems\.0: /],
      [{ slots: { e: { diversity: 2 } } }, /^slots\.e\.diversity: /],
      [{ slots: { e: null } }, /^slots\.e: /],
    ];
    for (const [json, path] of cases) {
      const problems = problemsOf(json);
      expect(problems, JSON.stringify(json)).toHaveLength(1);
      expect(problems[0], JSON.stringify(json)).toMatch(path);
    }
  });

  it('rejects slot names outside 1..64 characters of [A-Za-z0-9_-]', () => {
    for (const name of ['', 'a'.repeat(65), 'e mail', 'émail', 'a.b', 'a/b', 'a:b']) {
      expect(problemsOf({ slots: { [name]: {} } }), name).toEqual([expect.stringMatching(/^slots\./)]);
    }
  });

  it('rejects a __proto__ slot, which zod would otherwise drop without a word', () => {
    expect(problemsOf(JSON.parse('{"slots": {"__proto__": {"k": 5}}}'))).toEqual([
      'slots.__proto__: a reserved name',
    ]);
    // A pin naming it is reported too: there is no such slot.
    expect(
      problemsOf(JSON.parse('{"slots": {"__proto__": {}}, "pinned": [{"item": "a", "slot": "__proto__"}]}')),
    ).toEqual(['slots.__proto__: a reserved name', 'pinned.0.slot: no slot "__proto__" in slots']);
  });

  it('rejects a top-level __proto__ key as unknown rather than polluting a prototype', () => {
    expect(problemsOf(JSON.parse('{"__proto__": {"banned": ["x"]}}'))).toEqual([
      expect.stringMatching(/^\(root\): .*"__proto__"/),
    ]);
    expect(({} as Record<string, unknown>)['banned']).toBeUndefined();
  });

  it('rejects a slot whose minPrice exceeds its maxPrice', () => {
    expect(problemsOf({ slots: { email: { minPrice: 50, maxPrice: 20 } } })).toEqual([
      'slots.email.minPrice: must not exceed maxPrice (50 > 20)',
    ]);
  });

  it('rejects a pin naming a slot that is not in slots, even one inherited from Object.prototype', () => {
    expect(
      problemsOf({
        pinned: [
          { item: 'a', slot: 'email' },
          { item: 'b', slot: 'home' },
        ],
        slots: { email: {} },
      }),
    ).toEqual(['pinned.1.slot: no slot "home" in slots']);
    expect(problemsOf({ pinned: [{ item: 'a', slot: 'toString' }] })).toEqual([
      'pinned.0.slot: no slot "toString" in slots',
    ]);
  });

  it('reports every problem at once, the cross-key ones even when other keys are invalid', () => {
    const problems = problemsOf({
      diversity: 5,
      banned: [1],
      pinned: [{ item: 'a', slot: 'nowhere' }],
      slots: { email: { k: 0, minPrice: 9, maxPrice: 1 } },
    });
    expect(problems).toHaveLength(5);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^diversity: /),
        expect.stringMatching(/^banned\.0: /),
        expect.stringMatching(/^slots\.email\.k: /),
        'slots.email.minPrice: must not exceed maxPrice (9 > 1)',
        'pinned.0.slot: no slot "nowhere" in slots',
      ]),
    );
  });

  it('keeps messages short when a hostile pin names a huge slot', () => {
    const problems = problemsOf({ pinned: [{ item: 'a', slot: 'x'.repeat(100_000) }] });
    expect(problems[0]!.length).toBeLessThan(200);
  });

  it('either returns well-formed rules or throws invalid_config, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        try {
          const rules = parseRecommendRules(json);
          expect(Array.isArray(rules.pinned)).toBe(true);
          expect(rules.freshness.days).toBeGreaterThan(0);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('invalid_config');
        }
      }),
    );
  });

  it('accepts every file built from valid parts and keeps what it says', () => {
    const slotName = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/).filter((s) => s !== '__proto__');
    fc.assert(
      fc.property(
        fc.dictionary(
          slotName,
          fc.record(
            { k: fc.integer({ min: 1, max: 100 }), diversity: fc.double({ min: 0, max: 1, noNaN: true }) },
            { requiredKeys: [] },
          ),
        ),
        fc.array(fc.string({ minLength: 1 })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (slots, banned, diversity) => {
          const rules = parseRecommendRules({ slots, banned, diversity });
          expect(rules.slots).toEqual(slots);
          expect(rules.banned).toEqual(banned);
          expect(rules.diversity).toBe(diversity);
        },
      ),
    );
  });
});
